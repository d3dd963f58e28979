from fazhi.core import procedures


class DisclosureConfig(procedures.ProcedureConfig):
    name = "fazhi.oversight.disclosure"
    label = "disclosure"
    verbose_name = "依申请公开"
    former_label = "oversight"
