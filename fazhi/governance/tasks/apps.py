from fazhi.core import procedures


class TasksConfig(procedures.ProcedureConfig):
    name = "fazhi.governance.tasks"
    label = "tasks"
    verbose_name = "任务督办"
