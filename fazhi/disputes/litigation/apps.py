from fazhi.core import procedures


class LitigationConfig(procedures.ProcedureConfig):
    name = "fazhi.disputes.litigation"
    label = "litigation"
    verbose_name = "行政应诉"
    former_label = "disputes"
