from fazhi.core import procedures


class ProofsConfig(procedures.ProcedureConfig):
    name = "fazhi.powers.proofs"
    label = "proofs"
    verbose_name = "证明事项"
