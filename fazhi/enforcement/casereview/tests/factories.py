"""案卷评查 made through the service functions, for tests. 弥勒市司法局 (the root conftest's
`justice`) is the 评查组织单位; its `reviewer` scores; the cases are 公安局's, closed in 2025
(made through the cases app's services and factories)."""

import datetime as dt
import hashlib

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.forms import DEFAULT_RUBRIC
from fazhi.enforcement.casereview.steps import COORDINATOR
from fazhi.enforcement.cases import services as cases
from fazhi.enforcement.cases.tests.factories import opened

W = Channel.WEB
D = dt.date
YEAR = 2025
SEED = "a-test-seed-of-the-case-review-2025"
COMMITMENT = hashlib.sha256(SEED.encode()).hexdigest()


def assign(org) -> None:
    for office in (org["justice"], org["kaiyuan_justice"]):
        duties.assign(None, Channel.CLI, office, COORDINATOR)


def closed_case(org, actor, *, unit=None, n=1, field="public_security", crew=None):
    """A case of `unit` (公安局) opened in June 2025 and closed in July."""
    case = opened(
        org, actor, unit=unit, number=f"弥公(治)立字〔2025〕{n}号", field=field, crew=crew
    )
    case = cases.investigate(actor, W, case, on=D(2025, 6, 4))
    case = cases.conclude(actor, W, case, on=D(2025, 6, 10))
    case = cases.decide(
        actor, W, case, outcome="inspected", on=D(2025, 6, 12), conclusion="检查未发现违法行为"
    )
    case = cases.serve(actor, W, case, served_on=D(2025, 6, 13))
    return cases.close(actor, W, case, on=D(2025, 7, 1))


def inspection(org, actor, **extra):
    return closed_case(org, actor, **extra)


def campaign(org, people, *, departments=None, per_department=1, total=None, reviewers=None):
    assign(org)
    return services.plan_campaign(
        people["coordinator"],
        W,
        {
            "year": YEAR,
            "title": f"{YEAR}年度行政执法案卷评查",
            "departments": departments or [org["police"]],
            "per_department": per_department,
            "total": total,
            "reviewers": reviewers or [people["reviewer"]],
            "rubric": DEFAULT_RUBRIC,
            "planned_on": D(2025, 8, 1),
        },
    )


def committed(org, people, **extra):
    c = campaign(org, people, **extra)
    return services.commit(
        people["coordinator"],
        W,
        c,
        seed_method="commit_reveal",
        seed_commitment=COMMITMENT,
        on=D(2025, 8, 4),
    )


def drawn(org, people, **extra):
    c = committed(org, people, **extra)
    return services.draw(people["coordinator"], W, c, seed=SEED, on=D(2025, 8, 5))


def full_marks(file, less: int = 0) -> dict:
    values = {}
    for n, item in enumerate(file.campaign.items.all()):
        values[f"item_{item.pk}"] = item.max_points - (less if n == 0 else 0)
        values[f"comment_{item.pk}"] = "扣分" if less and n == 0 else ""
    return values


def example(org, people, key="casereview"):
    """A campaign of 司法局 over 公安局 (for `casereview`), or its one drawn file (for
    `casereview_files`), for the kernel's walk over the transition table."""
    closed_case(org, people["police_staff"])
    if key == "casereview":
        return campaign(org, people)
    return drawn(org, people).files.get()
