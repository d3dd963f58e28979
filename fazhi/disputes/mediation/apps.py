from fazhi.core import procedures


class MediationConfig(procedures.ProcedureConfig):
    name = "fazhi.disputes.mediation"
    label = "mediation"
    verbose_name = "人民调解、行政调解"
    former_label = "disputes"
