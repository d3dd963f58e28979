"""The 调解 figures of the annual report (seed part 六.2)."""

from django.db.models import Q

from fazhi.figures.registry import Share, Table, check, figure

from .models import MediationCase, MediationKind, Status

CASES = Table(MediationCase, related=("body",))


def _received(period, kind: str) -> Q:
    return Q(kind=kind, received_on__range=period.range)


SUCCESS = Q(status=Status.SUCCEEDED)


@figure("med.people.cases", "各级调解组织调解民间纠纷", "件", section="六.2", table=CASES)
def people_cases(scope, period) -> Q:
    """期内人民调解组织(村(居)、乡镇(街道)、行业性专业性调解委员会及派驻法院、交警的调解室)受理调解
    的民间纠纷，按受理日期计，含当事人拒绝而终止的。"""
    return _received(period, MediationKind.PEOPLE)


@figure("med.people.success", "调处成功", "件", section="六.2", table=CASES)
def people_success(scope, period) -> Q:
    """期内受理的人民调解案件中达成调解协议(书面或口头)的件数，不论协议于何时达成。"""
    return _received(period, MediationKind.PEOPLE) & SUCCESS


@figure("med.people.success_rate", "人民调解成功率", "%", section="六.2", table=CASES)
def people_success_rate(scope, period) -> Share:
    """期内受理的人民调解案件中调解成功的件数 ÷ 期内受理的人民调解案件数。"""
    return Share(_received(period, MediationKind.PEOPLE), SUCCESS)


@figure("med.admin.cases", "行政机关组织行政调解", "件", section="六.2", table=CASES)
def admin_cases(scope, period) -> Q:
    """期内行政机关受理的行政调解案件，按受理日期计，含当事人拒绝而终止的。"""
    return _received(period, MediationKind.ADMIN)


@figure("med.admin.success", "调处成功", "件", section="六.2", table=CASES)
def admin_success(scope, period) -> Q:
    """期内受理的行政调解案件中达成调解协议的件数。"""
    return _received(period, MediationKind.ADMIN) & SUCCESS


@figure("med.admin.success_rate", "行政调解成功率", "%", section="六.2", table=CASES)
def admin_success_rate(scope, period) -> Share:
    """期内受理的行政调解案件中调解成功的件数 ÷ 期内受理的行政调解案件数。"""
    return Share(_received(period, MediationKind.ADMIN), SUCCESS)


def _within(part_id: str, total_id: str):
    def test(values) -> str | None:
        part, total = values[part_id].value, values[total_id].value
        if part > total:
            return f"调处成功 {part} 件 > 调解 {total} 件"
        return None

    return test


check(
    "med.people.success_within",
    "人民调解成功数不应超过调解数",
    "med.people.success",
    "med.people.cases",
)(_within("med.people.success", "med.people.cases"))
check(
    "med.admin.success_within",
    "行政调解成功数不应超过调解数",
    "med.admin.success",
    "med.admin.cases",
)(_within("med.admin.success", "med.admin.cases"))
