"""Apps that hold several procedures (纠纷化解: 复议, 应诉, 调解; 监督: 建议提案, 依申请公开, …)
keep one sub-package per procedure, each with the standard layout (models, services, queries,
views, urls, api, imports, metrics, jobs, demo). An app lists them in `AppConfig.procedures`;
these helpers import one kind of module from each procedure that has it, so adding a procedure
means adding its package and its name, nothing else.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps


def each(app_name: str, procedures, module: str) -> list[ModuleType]:
    found = []
    for procedure in procedures:
        full = f"{app_name}.{procedure}.{module}"
        try:
            found.append(import_module(full))
        except ModuleNotFoundError as exc:
            missing = exc.name or ""
            # The procedure (or this module of it) does not exist: fine. Anything else it imports
            # that is missing is a real error.
            if not (missing.startswith(f"{app_name}.") and full.startswith(missing)):
                raise
    return found


def all_modules(module: str) -> list[ModuleType]:
    """`module` of every procedure of every Fazhi app, in app and procedure order."""
    found = []
    for config in apps.get_app_configs():
        procedures = getattr(config, "procedures", ())
        found += each(config.name, procedures, module)
    return found
