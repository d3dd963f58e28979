from fazhi.core import procedures


class PowerListsConfig(procedures.ProcedureConfig):
    name = "fazhi.powers.lists"
    label = "powerlists"
    verbose_name = "权责清单"
