from fazhi.core import procedures


class NormativeConfig(procedures.ProcedureConfig):
    name = "fazhi.governance.normative"
    label = "normative"
    verbose_name = "行政规范性文件"
