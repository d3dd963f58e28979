"""Builds the demo city through the service functions, as a person or an import would."""

from fazhi.core.audit import Channel
from fazhi.core.models import OrgUnit, Role, UnitKind, User
from fazhi.core.procedures import demo_modules
from fazhi.core.services import create_unit, create_user, grant_reference_data_admin

from . import city


def build_org() -> dict:
    def unit(code, name, kind, parent, short=""):
        return create_unit(
            None, Channel.CLI, code=code, name=name, kind=kind, parent=parent, short_name=short
        )

    province = unit(*city.PROVINCE[:2], UnitKind.PROVINCE, None, city.PROVINCE[2])
    prefecture = unit(*city.PREFECTURE[:2], UnitKind.PREFECTURE, province, city.PREFECTURE[2])
    government = unit(*city.CITY[:2], UnitKind.COUNTY, prefecture, city.CITY[2])
    for code, name in city.NEIGHBOURS:
        unit(code, name, UnitKind.COUNTY, prefecture)
    units = {"government": government}
    for _order, (code, name, short) in enumerate(city.TOWNS):
        units[code] = unit(code, name, UnitKind.TOWN, government, short)
    for code, name, short in city.DEPARTMENTS:
        units[code] = unit(f"532504-{code}", name, UnitKind.DEPARTMENT, government, short)
    for code, name, short in city.OTHERS:
        units[code] = unit(f"532504-{code}", name, UnitKind.OTHER, government, short)
    return units


def build_users(units: dict) -> list[User]:
    """The demo's people; the coordinator also keeps the reference data (the holiday table)."""
    users = []
    for username, full_name, unit_code, role, flags in city.USERS:
        unit = units[unit_code] if unit_code else units["government"]
        users.append(
            create_user(
                None,
                Channel.CLI,
                username=username,
                password=city.DEMO_PASSWORD,
                unit=unit,
                role=role,
                full_name=full_name,
                **flags,
            )
        )
    coordinator = next(u for u in users if u.role == Role.COORDINATOR)
    grant_reference_data_admin(None, Channel.CLI, coordinator)
    return users


def already_built() -> bool:
    return OrgUnit.objects.filter(code=city.CITY[0]).exists()


def domain_modules():
    """Each procedure's demo module exposes build(context, progress) and STEPS (progress bar)."""
    return demo_modules()


def build(progress=None) -> dict:
    units = build_org()
    users = {u.username: u for u in build_users(units)}
    context = {"units": units, "users": users}
    for module in domain_modules():
        module.build(context, progress)
    return context
