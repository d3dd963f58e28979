from .reconsideration.models import CasePause, ReconsiderationCase

__all__ = ["CasePause", "ReconsiderationCase"]
