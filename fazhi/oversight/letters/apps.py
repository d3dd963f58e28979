from fazhi.core import procedures


class LettersConfig(procedures.ProcedureConfig):
    name = "fazhi.oversight.letters"
    label = "letters"
    verbose_name = "州政府统一信箱"
    former_label = "oversight"
