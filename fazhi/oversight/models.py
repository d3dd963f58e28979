"""Each procedure keeps its models in its own package (see fazhi.core.procedures)."""

from fazhi.core.procedures import each

from .apps import OversightConfig

each(OversightConfig.name, OversightConfig.procedures, "models")
