from fazhi.core import procedures


class MediaConfig(procedures.ProcedureConfig):
    name = "fazhi.oversight.media"
    label = "media"
    verbose_name = "政务新媒体"
    former_label = "oversight"
