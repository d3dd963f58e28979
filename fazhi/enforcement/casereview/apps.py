from fazhi.core import procedures


class CaseReviewConfig(procedures.ProcedureConfig):
    name = "fazhi.enforcement.casereview"
    label = "casereview"
    verbose_name = "行政执法案卷评查"
