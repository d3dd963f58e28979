"""弥勒市's 证明事项 and 告知承诺 of 2021, made through the service functions (seed part 一.4).

市司法局 keeps the 证明事项清单 (duty `proofs.office`: the seed's 司法局 led the 清理 with the
政务服务局). The list holds the proofs the seed's services need, put under 告知承诺 from the start
of 2021, besides two kept (no pledge: they touch health and safety) and one cancelled in the
2021 清理. Over the year the windows handled 6 426 services on a pledge (the seed: "涉及企业、
个体、农民专业合作社设立、变更登记；最低生活保障办理；医师、护士执业注册办理；养老保险服务"),
registered as the service platform's export is, in one batch; 200 were verified afterwards and 6
found false (终止办理 or 撤销).
"""

import datetime as dt
import random

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel

from . import list_services, services
from .models import ApplicantKind, FalseMeasure, Pledge, VerifyWay
from .steps import OFFICE

D = dt.date
C = Channel.CLI
STEPS = 4
TOTAL_2021 = 6426
FIRST, LAST = D(2021, 1, 4), D(2021, 12, 30)  # the windows' working year

# unit, proof, its basis, its issuer, the services it is asked for, their applicants, weight
PLEDGED = [
    (
        "scjgj",
        "住所(经营场所)使用证明",
        "《市场主体登记管理条例》第十六条",
        "房屋产权人或村(居)民委员会",
        "企业、个体工商户、农民专业合作社设立、变更登记",
        (ApplicantKind.ENTERPRISE, ApplicantKind.SOLE_TRADER, ApplicantKind.COOPERATIVE),
        58,
    ),
    (
        "mzj",
        "家庭经济状况证明",
        "《社会救助暂行办法》第十一条",
        "村(居)民委员会",
        "最低生活保障办理",
        (ApplicantKind.PERSON,),
        18,
    ),
    (
        "wjj",
        "身体健康证明",
        "《医师执业注册管理办法》第九条；《护士执业注册管理办法》第七条",
        "医疗机构",
        "医师、护士执业注册",
        (ApplicantKind.PERSON,),
        6,
    ),
    (
        "rsj",
        "无犯罪记录及未参保证明",
        "《社会保险法》第十条；云南省城乡居民基本养老保险实施办法",
        "公安机关、社保经办机构",
        "养老保险服务",
        (ApplicantKind.PERSON,),
        18,
    ),
]
KEPT = [
    ("gaj", "无犯罪记录证明(特定行业从业)", "《保安服务管理条例》第十七条", "公安机关"),
    ("yjglj", "安全生产培训合格证明", "《安全生产法》第二十七条", "培训机构"),
]
CANCELLED = ("mzj", "亲属关系证明(低保申请)", "云政发〔2018〕23号 附件", "村(居)民委员会")
# The registration each kind of market entity pledged for (the first row's services).
MATTERS = {
    ApplicantKind.ENTERPRISE: "企业设立、变更登记",
    ApplicantKind.SOLE_TRADER: "个体工商户设立、变更登记",
    ApplicantKind.COOPERATIVE: "农民专业合作社设立、变更登记",
}
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗普李沙"
SHOPS = ("商贸", "餐饮", "农资", "建材", "烟酒", "小吃", "汽修", "种植", "养殖", "果蔬")


def build(context: dict, progress=None) -> None:
    progress = progress or (lambda n: None)
    units, staff = context["units"], context["users"]["coordinator"]
    duties.assign(None, C, units["sfj"], OFFICE)
    rng = random.Random(6426)
    proofs = _the_list(units, staff)
    progress(1)
    lines = _pledges(units, proofs, rng)
    pledges = services.accept_many(staff, C, lines)
    progress(2)
    _verifications(staff, pledges, rng)
    progress(STEPS - 3)


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A county's 证明事项清单 (kept by its 司法局) with the pledged proofs of the city's that its
    departments ask for, and the services handled on them in `year`: 弥勒市's 2021 number times
    `scale` (at least one each), in one batch."""
    progress = progress or (lambda n: None)
    units, staff = context["units"], context["users"]["coordinator"]
    duties.assign(None, C, units["sfj"], OFFICE)
    rows = [row for row in PLEDGED if row[0] in units]
    proofs = _the_list(units, staff, rows, with_kept=False, year=year)
    total = max(len(rows), round(TOTAL_2021 * scale))
    end = min(D(year, 12, 28), timezone.localdate() - dt.timedelta(days=1))
    services.accept_many(staff, C, _pledges(units, proofs, rng, rows, total, D(year, 1, 4), end))
    progress(1)


def _the_list(units, staff, rows=PLEDGED, *, with_kept=True, year=2021) -> list:
    listed_on = D(year - 1, 12, 10)
    proofs = []
    for code, name, basis, issuer, matters, _, _ in rows:
        data = {"unit": units[code], "name": name, "basis": basis, "issuer": issuer}
        proof = list_services.list_proof(
            staff, C, data | {"matters": matters, "listed_on": listed_on}
        )
        proofs.append(list_services.adopt_pledge(staff, C, proof, on=D(year, 1, 1)))
    if not with_kept:
        return proofs
    for code, name, basis, issuer in [*KEPT, CANCELLED]:
        data = {"unit": units[code], "name": name, "basis": basis, "issuer": issuer}
        last = list_services.list_proof(staff, C, data | {"listed_on": listed_on})
    reason = "2021年证明事项清理，予以取消"
    list_services.cancel(staff, C, last, on=D(2021, 6, 30), reason=reason)  # CANCELLED's
    return proofs


def _pledges(units, proofs, rng, rows=PLEDGED, total=TOTAL_2021, start=FIRST, end=LAST) -> list:
    weights = [row[6] for row in rows]
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    workdays = [d for d in days if d.weekday() < 5]
    lines = []
    for _ in range(total):
        index = rng.choices(range(len(rows)), weights=weights)[0]
        code, _, _, _, matters, kinds, _ = rows[index]
        kind = rng.choice(kinds)
        lines.append(
            services.PledgeLine(
                unit=units[code],
                proof=proofs[index],
                received_on=rng.choice(workdays),
                matter=MATTERS.get(kind, matters),
                applicant_kind=kind,
                applicant_name=_applicant(kind, rng),
            )
        )
    return lines


def _applicant(kind: str, rng) -> str:
    surname = rng.choice(SURNAMES)
    if kind == ApplicantKind.PERSON:
        return surname + "".join(rng.choice("明华丽芳建国秀英志强海涛春梅") for _ in range(2))
    shop = f"弥勒市{surname}氏{rng.choice(SHOPS)}"
    return shop + {"enterprise": "有限公司", "sole_trader": "店", "cooperative": "专业合作社"}[kind]


def _verifications(staff, pledges: list[Pledge], rng) -> None:
    """200 verified in the months after, and 6 found false: 3 stopped, 3 revoked."""
    chosen = rng.sample(pledges, 206)
    for pledge in chosen[:200]:
        on = min(pledge.received_on + dt.timedelta(days=30), LAST)
        services.verify(staff, C, pledge, on=on, way=rng.choice(VerifyWay.values))
    for n, pledge in enumerate(chosen[200:]):
        on = min(pledge.received_on + dt.timedelta(days=20), LAST)
        measure = FalseMeasure.STOP if n < 3 else FalseMeasure.REVOKE
        note = "实地调查发现承诺的住所与实际不符" if n % 2 else "网络核验发现承诺的家庭收入情况不实"
        services.find_false(
            staff, C, pledge, on=on, way=VerifyWay.ON_SITE, measure=measure, note=note
        )
