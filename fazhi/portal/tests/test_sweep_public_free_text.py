"""An ID number or a mobile number typed into free text never reaches the public unmasked: a sweep
over every page, file and JSON an anonymous visitor can reach that shows records (个人信息保护法;
政府信息公开条例 art. 15). Each surface's records are put into the state in which they are
published, through the apps' own services; the numbers are then appended by a queryset
`update()` to every free-text field of those records and of the rows shown beside them, as if a
member of staff had typed them; the page is fetched with no login. Besides the plain numbers the
typed text carries a spaced and a full-width mobile number.

The surfaces were found by resolving every URL pattern anonymously (everything else redirects to
the login page or, the REST API, answers 401). Each case also checks that the typed text did reach
the surface, masked, so that a case cannot pass by showing nothing."""

import datetime as dt
import html
import io
import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse

from fazhi.core import draws
from fazhi.core.audit import Channel
from fazhi.core.draws import DrawKind, Entry
from fazhi.core.procedures import all_procedures
from fazhi.enforcement.cases import services as cases
from fazhi.enforcement.cases.models import Outcome, PartyKind
from fazhi.enforcement.cases.tests import factories as case_factories
from fazhi.enforcement.education.tests.factories import item as duty_item
from fazhi.enforcement.education.tests.factories import today
from fazhi.enforcement.officers.tests.factories import certified_officer
from fazhi.governance.decisions import services as decisions
from fazhi.governance.decisions.tests import factories as decision_factories
from fazhi.governance.normative import services as normative
from fazhi.governance.normative.tests.factories import existing
from fazhi.oversight.disclosure import services as disclosure
from fazhi.oversight.disclosure.models import ApplicantType, PauseKind, Situation
from fazhi.oversight.disclosure.tests.factories import received
from fazhi.powers.lists.tests import factories as power_factories
from fazhi.powers.proofs.tests import factories as proof_factories
from fazhi.reports import services as reports
from fazhi.reports.models import AnnualReport
from fazhi.reports.tests import workflow
from fazhi.testing.typed_text import (
    ID_NUMBER,
    MASKED_ID,
    MOBILE,
    TYPED,
    inject,
    leaks_in,
    typed_into,
)

D = dt.date
W = Channel.WEB
# --- reading what the visitor gets ---------------------------------------------------------------


def download(client, url: str, data: dict | None = None, *, post: bool = False) -> bytes:
    response = client.post(url, data) if post else client.get(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return response.content


def page(client, url: str, data: dict | None = None, *, post: bool = False) -> str:
    return html.unescape(download(client, url, data, post=post).decode())


def pdf_text(content: bytes, tmp_path) -> str:
    assert content.startswith(b"%PDF")
    path = tmp_path / "surface.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())  # pdftotext breaks lines inside a number; spaces too


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    about = document.core_properties  # a file's properties are published with it
    texts = [p.text for p in document.paragraphs] + cells + [about.title, about.subject]
    return "\n".join(text or "" for text in texts)


def json_text(content: bytes) -> str:
    # Dumped again without ASCII escapes, so that a full-width digit is searched as itself.
    return json.dumps(json.loads(content), ensure_ascii=False)


def element(text: str, element_id: str) -> str:
    """The element with this id (a table of results), so that the rest of the page is not read."""
    found = re.search(rf'<(\w+)[^>]*id="{element_id}".*?</\1>', text, re.S)
    assert found, element_id
    return found.group(0)


# --- the surfaces: their records as published, and what the visitor reads ---------------------


@dataclass(frozen=True)
class Surface:
    name: str
    publish: Callable[[dict, dict], dict]  # (org, people) → the published records by role
    read: Callable[..., str]  # (client, published, tmp_path) → the text the visitor gets


def issued_report(org, people) -> dict:
    """弥勒市's 2021 report, issued (so published), its text and frozen figures typed into."""
    draft = reports.create_report(people["coordinator"], W, org["mile"], 2021)
    report = workflow.sign(draft, people)
    # 标题 of the parts come from parts.py (read-only in the admin, on no form): not typed.
    inject(report, *report.parts.all(), keep=("heading",))
    frozen = AnnualReport.objects.get(pk=report.pk).frozen_figures
    for figure in frozen["figures"]:  # a custom figure's label and definition are typed
        figure["label"] = typed_into(figure.get("label"), None)
        figure["definition"] = typed_into(figure.get("definition"), None)
    AnnualReport.objects.filter(pk=report.pk).update(frozen_figures=frozen)
    return {"report": report}


def report_file(client, published, fmt: str) -> bytes:
    return download(
        client, reverse("portal:annual_report_file", args=[published["report"].pk, fmt])
    )


def drawn(org, people) -> dict:
    """A 案卷评查 draw from a public source, drawn, the numbers typed into its 抽取事由, its
    source's name and its pool's names at commit (a later update would fail its 核验). The lottery
    numbers and the seed made of them stay as drawn: anyone recomputes the draw from them."""
    coordinator = people["coordinator"]
    entries = [Entry(f"k{i}", f"第{i}号案卷{TYPED}", "公安局") for i in range(1, 5)]
    draw = draws.commit(
        coordinator,
        W,
        unit=org["justice"],
        purpose=typed_into("2021年度行政执法案卷评查", 200),
        kind=DrawKind.CASE_REVIEW,
        entries=entries,
        total=4,
        public_source=typed_into("中国福利彩票双色球第2021088期", 200),
        public_source_on=today(),
    )
    draw = draws.reveal_and_draw(coordinator, W, draw, public_values="03,07,12,18,25,31|09")
    return {"draw": draw}


def disclosure_request(org, people, applicant: dict | None = None) -> dict:
    """A 依申请公开 request consulted on and answered, with everything on it typed into."""
    staff = people["police_staff"]
    request = received(org, staff, description=f"城区道路改造招标文件{TYPED}", **(applicant or {}))
    request = disclosure.start_consultation(
        staff, W, request, on=D(2021, 10, 8), kind=PauseKind.THIRD_PARTY, party="某某置业有限公司"
    )
    request = disclosure.end_consultation(staff, W, request, on=D(2021, 10, 15))
    request = disclosure.reply(
        staff, W, request, on=D(2021, 10, 20), situation=Situation.DISCLOSE, note="经检索"
    )
    inject(request, *request.pauses.all())
    return {"request": request}


COMPANY = {
    "applicant_type": ApplicantType.BUSINESS,
    "applicant_name": "弥勒市某某置业有限公司",
    "applicant_id_number": "",
    "applicant_uscc": "915325041234567885",
}


def tracking(client, published, receipt: bool = False) -> bytes:
    """The tracking page, or the 回执 printed from it, for whoever has the number and code."""
    request = published["request"]
    data = {"number": request.number, "code": request.check_code}
    url = reverse("disclosure:track")
    return download(client, url, data | ({"receipt": "1"} if receipt else {}), post=True)


def session_receipt(client, published, tmp_path) -> str:
    """The 回执 of the request this browser has just submitted (no code typed again)."""
    session = client.session
    session["disclosure_request_id"] = published["request"].pk
    session.save()
    return pdf_text(download(client, reverse("disclosure:apply_receipt")), tmp_path)


def published_decision(org, people) -> dict:
    """A decision listed in the published catalogue, put to comment, its opinion handled and
    published, decided and published."""
    decision = decision_factories.decided(org, people)
    decision = decisions.publish(
        people["reviewer"],
        W,
        decision,
        on=D(2024, 5, 10),
        party_reported_on=D(2024, 5, 6),
        text="停车收费管理办法全文",
        document_number="弥政规〔2024〕2号",
        adoption_note="采纳夜间限时免费的意见",
    )
    inject(decision, decision.catalogue, *decision.opinions.all())
    return {"decision": decision}


def commenting_decision(org, people) -> dict:
    decision = decision_factories.commenting(org, people, urgency_reason="汛期临近")
    decision_factories.opinion(people, decision)  # not published before its handling is
    inject(decision, decision.catalogue, *decision.opinions.all())
    return {"decision": decision}


def decision_pages(client, published, tmp_path) -> str:
    url = reverse("decisions:portal_decision", args=[published["decision"].pk])
    return page(client, reverse("decisions:portal")) + page(client, url)


def normative_documents(org, people) -> dict:
    """A document published, then amended (two versions), and one abolished."""
    coordinator = people["coordinator"]
    amended = existing(org, coordinator, number=1, title="弥勒市公安局停车管理规定")
    amended = normative.amend(coordinator, W, amended, on=D(2021, 5, 6), reason="上位法修改")
    gone = existing(org, coordinator, number=2, title="弥勒市公安局犬只管理规定")
    gone = normative.abolish(coordinator, W, gone, on=D(2021, 6, 1), reason="清理废止")
    inject(amended, gone, *amended.versions.all(), *gone.versions.all())
    return {"document": amended, "abolished": gone}


def library_pages(client, published, tmp_path) -> str:
    pages = [page(client, reverse("normative:library"))]
    for doc in (published["document"], published["abolished"]):
        pages.append(page(client, reverse("normative:library_document", args=[doc.pk])))
    return "".join(pages)


def enforcement_decisions(org, people) -> dict:
    """Three published decisions — on a person, on an organisation, and one taken down after it
    was revoked — and the published 目录清单."""
    staff = people["police_staff"]
    crew = case_factories.officers(org["police"])
    person = decided_case(org, staff, crew, 1, PartyKind.PERSON)
    company = decided_case(org, staff, crew, 2, PartyKind.ORGANISATION)
    taken_down = decided_case(org, staff, crew, 3, PartyKind.PERSON)
    taken_down = cases.revoke(
        staff, W, taken_down, on=D(2025, 7, 1), revocation="revoked", reason="复议撤销"
    )
    taken_down = cases.withdraw(staff, W, taken_down, on=D(2025, 7, 2))
    criterion = case_factories.criterion(staff, org["police"])
    inject(person, company, taken_down, criterion)
    return {"cases": [person, company, taken_down]}


def decided_case(org, staff, crew, n: int, party_kind: str):
    person = party_kind == PartyKind.PERSON
    case = case_factories.opened(
        org,
        staff,
        crew=crew,
        number=f"弥公(治)立字〔2025〕{n}号",
        title=f"销售过期食品案{n}",
        party_kind=party_kind,
        party_name="张三丰" if person else "弥勒市三丰超市有限公司",
        party_id_number=ID_NUMBER if person else "",
    )
    case = cases.investigate(staff, W, case, on=D(2025, 6, 4))
    case = cases.conclude(staff, W, case, on=D(2025, 6, 10))
    case = cases.notify(staff, W, case, on=D(2025, 6, 11))
    case = cases.decide(
        staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 18), conclusion="罚款人民币5000元"
    )
    return cases.publish(staff, W, case, on=D(2025, 6, 20))


def duty_items(org, people) -> dict:
    made = duty_item(org, people["police_staff"], measures="送法进校园")
    inject(made)
    return {"item": made}


def certificate(org, people) -> dict:
    holder = certified_officer(org["police"], name="张小三")
    card = holder.certificates.get()
    inject(holder, card)
    return {"certificate": card}


def power_list(org, people) -> dict:
    version = power_factories.published(org, people, licensing=1, others=1)
    inject(version, *version.items.all())
    return {"power_list": version}


def proof_list(org, people) -> dict:
    kept = proof_factories.proof(org, people, name="身体健康证明", pledge_on=None)
    pledged = proof_factories.proof(org, people)
    inject(kept, pledged)
    return {}


SURFACES = [
    Surface("portal-home", issued_report, lambda c, p, t: page(c, reverse("portal:home"))),
    Surface(
        "portal-annual-report-html",
        issued_report,
        lambda c, p, t: page(c, reverse("portal:annual_report", args=[p["report"].pk])),
    ),
    Surface(
        "portal-annual-report-pdf",
        issued_report,
        lambda c, p, t: pdf_text(report_file(c, p, "pdf"), t),
    ),
    Surface(
        "portal-annual-report-docx",
        issued_report,
        lambda c, p, t: docx_text(report_file(c, p, "docx")),
    ),
    Surface("portal-open-data-html", issued_report, lambda c, p, t: page(c, "/shuju/")),
    Surface(
        "portal-open-data-csv",
        issued_report,
        lambda c, p, t: download(c, "/shuju/figures.csv").decode("utf-8-sig"),
    ),
    Surface(
        "portal-open-data-json",
        issued_report,
        lambda c, p, t: json_text(download(c, "/shuju/figures.json")),
    ),
    Surface("draws-list", drawn, lambda c, p, t: page(c, reverse("draws:list"))),
    Surface(
        "draws-page-and-verification",
        drawn,
        lambda c, p, t: page(c, reverse("draws:draw", args=[p["draw"].pk]), {"verify": "1"}),
    ),
    Surface(
        "draws-json",
        drawn,
        lambda c, p, t: json_text(download(c, reverse("draws:json", args=[p["draw"].pk]))),
    ),
    Surface(
        "disclosure-tracking-page",
        disclosure_request,
        lambda c, p, t: html.unescape(tracking(c, p).decode()),
    ),
    Surface(
        "disclosure-receipt-pdf-by-code",
        disclosure_request,
        lambda c, p, t: pdf_text(tracking(c, p, receipt=True), t),
    ),
    Surface(
        "disclosure-receipt-pdf-of-an-organisation",
        lambda o, p: disclosure_request(o, p, COMPANY),
        lambda c, p, t: pdf_text(tracking(c, p, receipt=True), t),
    ),
    Surface("disclosure-receipt-pdf-of-the-session", disclosure_request, session_receipt),
    Surface("decisions-published-with-opinions", published_decision, decision_pages),
    Surface("decisions-open-to-comment", commenting_decision, decision_pages),
    Surface("normative-library-and-documents", normative_documents, library_pages),
    Surface(
        "enforcement-publication", enforcement_decisions, lambda c, p, t: page(c, "/zhifa/gongshi/")
    ),
    Surface(
        "enforcement-review-catalogue",
        enforcement_decisions,
        lambda c, p, t: page(c, "/zhifa/gongshi/mulu/"),
    ),
    Surface(
        "education-duty-list",
        duty_items,
        lambda c, p, t: page(c, reverse("education_duties:public"), {"year": today().year}),
    ),
    Surface(
        "powers-public-list",
        power_list,
        lambda c, p, t: page(c, reverse("power_items:public")),
    ),
    Surface("proofs-public-list", proof_list, lambda c, p, t: page(c, reverse("proofs:public"))),
    Surface(
        "officers-certificate-verification",
        certificate,
        lambda c, p, t: page(
            c, reverse("officers_certificates:verify", args=[p["certificate"].token])
        ),
    ),
]


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()  # the public forms' and searches' limits live in the cache
    yield
    cache.clear()


@pytest.mark.parametrize("surface", SURFACES, ids=[s.name for s in SURFACES])
def test_typed_personal_data_reaches_the_public_masked(surface, org, people, client, tmp_path):
    published = surface.publish(org, people)
    text = surface.read(client, published, tmp_path)
    assert not leaks_in(text), f"{surface.name} shows unmasked: {leaks_in(text)}"
    assert MASKED_ID in text, (
        f"{surface.name} shows none of the typed text: the case proves nothing"
    )


# --- a search must not confirm a number the page masks ---------------------------------------


SEARCHES = {
    "enforcement-publication": (enforcement_decisions, "/zhifa/gongshi/", "enf-published"),
    "normative-library": (normative_documents, "/guifan/wenku/", "library-list"),
}


@pytest.mark.parametrize(("publish", "url", "results"), SEARCHES.values(), ids=SEARCHES.keys())
def test_a_search_for_a_typed_number_finds_nothing(publish, url, results, org, people, client):
    """Finding a record by the number its page masks would confirm the number to anyone."""
    publish(org, people)
    assert MASKED_ID in element(page(client, url), results)
    for number in (ID_NUMBER, MOBILE, "139 8765 4321", "１３９８７６５４３２１", "5325-2619"):
        assert MASKED_ID not in element(page(client, url, {"q": number}), results), number


# --- the REST API shows the public nothing -----------------------------------------------------


PROCEDURES = all_procedures()


@pytest.mark.parametrize("procedure", PROCEDURES, ids=[p.key for p in PROCEDURES])
def test_the_api_refuses_an_anonymous_visitor(procedure, db, client):
    response = client.get(f"/api{procedure.api_prefix}/records")
    assert response.status_code == 401
