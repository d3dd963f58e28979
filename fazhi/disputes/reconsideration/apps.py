from fazhi.core import procedures


class ReconsiderationConfig(procedures.ProcedureConfig):
    name = "fazhi.disputes.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"
    former_label = "disputes"
