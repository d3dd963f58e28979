from fazhi.core import procedures


class CasesConfig(procedures.ProcedureConfig):
    name = "fazhi.enforcement.cases"
    label = "enforcement"
    verbose_name = "行政执法案件"
