from fazhi.core import procedures


class AdvisersConfig(procedures.ProcedureConfig):
    name = "fazhi.governance.advisers"
    label = "advisers"
    verbose_name = "法律顾问"
