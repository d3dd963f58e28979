from fazhi.core import procedures


class DecisionsConfig(procedures.ProcedureConfig):
    name = "fazhi.governance.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"
