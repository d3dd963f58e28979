from fazhi.core import procedures


class EducationConfig(procedures.ProcedureConfig):
    name = "fazhi.enforcement.education"
    label = "education"
    verbose_name = "普法学法"
