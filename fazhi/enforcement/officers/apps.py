from fazhi.core import procedures


class OfficersConfig(procedures.ProcedureConfig):
    name = "fazhi.enforcement.officers"
    label = "officers"
    verbose_name = "执法队伍与执法人员"
