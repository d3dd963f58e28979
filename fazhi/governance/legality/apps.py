from fazhi.core import procedures


class LegalityConfig(procedures.ProcedureConfig):
    name = "fazhi.governance.legality"
    label = "legality"
    verbose_name = "合法性审核"
