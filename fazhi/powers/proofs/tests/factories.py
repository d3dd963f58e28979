"""证明事项 and 告知承诺办件 made through the service functions, for tests.

The list is kept by 弥勒市司法局 in these tests (and 开远市司法局 for the other county): its
`reviewer` lists proofs and puts them under 告知承诺; 公安局's staff (`police_staff`) register
the services their windows handled on a pledge and verify them.
"""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.powers.proofs import list_services, services
from fazhi.powers.proofs.models import ApplicantKind
from fazhi.powers.proofs.steps import OFFICE

W = Channel.WEB
D = dt.date
NAME = "住所(经营场所)使用证明"


def assign_office(org) -> None:
    for office in (org["justice"], org["kaiyuan_justice"]):
        duties.assign(None, Channel.CLI, office, OFFICE)


def proof(org, people, *, unit=None, name=NAME, pledge_on=dt.date(2021, 1, 1)):
    """A proof 公安局 asks for, under 告知承诺 from `pledge_on` (None: kept)."""
    assign_office(org)
    staff = people["reviewer"]
    data = {
        "unit": unit or org["police"],
        "name": name,
        "basis": "《市场主体登记管理条例》第十六条",
        "issuer": "房屋产权人或村(居)民委员会",
        "listed_on": D(2020, 12, 10),
    }
    made = list_services.list_proof(staff, W, data)
    return list_services.adopt_pledge(staff, W, made, on=pledge_on) if pledge_on else made


def pledge(org, people, the_proof=None, *, on=dt.date(2021, 3, 5), actor=None, **extra):
    data = {
        "unit": org["police"],
        "proof": the_proof or proof(org, people),
        "received_on": on,
        "matter": "个体工商户设立登记",
        "applicant_kind": ApplicantKind.SOLE_TRADER,
        "applicant_name": "弥勒市张氏小吃店",
    } | extra
    return services.accept(actor or people["police_staff"], W, data)


def example(org, people, key="pledges"):
    """One service handled on a pledge (or its proof) for the kernel's walks over the tables."""
    made = pledge(org, people)
    return made.proof if key == "proofs" else made
