from fazhi.core import procedures


class OpinionsConfig(procedures.ProcedureConfig):
    name = "fazhi.disputes.opinions"
    label = "opinions"
    verbose_name = "行政复议意见书"
