from fazhi.core import procedures


class ProposalsConfig(procedures.ProcedureConfig):
    name = "fazhi.oversight.proposals"
    label = "proposals"
    verbose_name = "人大代表建议、政协委员提案"
    former_label = "oversight"
