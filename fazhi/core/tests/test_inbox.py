"""The inbox: the tick's reminders, overdue and waiting records, approvals and 催办 reach the people
who must act — counted in the header's badge at a bounded number of queries, listed on /inbox/,
and mailed as a digest by the tick."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core import inbox, jobs, procedures, workbench
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, DigestMark, Notice
from fazhi.core.tests.inbox_helpers import behind_the_steps, kaiyuan_coordinator
from fazhi.oversight.proposals.tests.factories import assign_office, assigned, received


def proposals():
    """建议提案's records and steps, through the kernel (the kernel imports no procedure)."""
    return procedures.get("proposals")


@pytest.fixture(autouse=True)
def fresh_cache(db):
    """The badges are cached (in the database's cache table, which the test's rollback empties;
    cleared here too for a Redis or local-memory cache)."""
    cache.clear()


@pytest.fixture
def city(org, people):
    """弥勒市司法局 registers 建议提案: one 交办 to 公安局 in 2021 (long overdue), one registered
    40 days ago and never 交办 (no statutory clock), one registered today."""
    assign_office(org)
    overdue = assigned(org, people["reviewer"])
    stale = received(org, people["reviewer"], title="关于改造老旧小区的建议")
    behind_the_steps(stale, updated_at=timezone.now() - dt.timedelta(days=40))
    fresh = received(org, people["reviewer"], title="关于增设公交线路的建议")
    return {"overdue": overdue, "stale": stale, "fresh": fresh}


def login(client, user):
    client.force_login(user)
    return client


def test_the_unit_that_must_act_is_read_from_the_transition_table():
    proposals = procedures.get("proposals")
    letters = procedures.get("letters")
    assert inbox.acting_field(proposals, "received") == "office"  # 交办 is the office's
    assert inbox.acting_field(proposals, "assigned") == "unit"  # the 主办 unit answers
    assert inbox.acting_field(letters, "received") == "registrar"
    assert inbox.acting_field(letters, "assigned") == "unit"


def test_tick_reminders_reach_the_inbox_of_the_unit_that_must_act(city, people, client):
    jobs.tick()
    notice = Notice.objects.get(unit=people["police_staff"].unit)
    assert notice.link == city["overdue"].get_absolute_url()
    late = proposals().model.objects.get(pk=city["overdue"].pk)
    # written by the database: the text the record's own fields and labels give
    assert notice.text == (
        f"{late.get_source_display()}第{late.number}号「{late.next_due_label}」"
        f"已于{late.next_due_on:%Y-%m-%d}到期未答复"
    )

    police = inbox.counts(people["police_staff"])
    assert (police.notices, police.overdue, police.waiting) == (1, 1, 0)
    assert inbox.counts(people["land_staff"]).total == 0  # another unit's reminder is not theirs

    page = login(client, people["police_staff"]).get(reverse("core:inbox"))
    html = page.content.decode()
    assert notice.text in html and 'class="unread"' in html
    assert city["overdue"].get_absolute_url() in html
    assert "逾期" in html


def test_marking_a_reminder_read_is_audited_and_lowers_the_count(city, people, client):
    jobs.tick()
    staff = people["police_staff"]
    notice = Notice.objects.get(unit=staff.unit)
    login(client, staff)
    assert client.get(reverse("core:inbox_badge")).content.decode().count(">2<") == 1
    client.post(reverse("core:inbox_read"), {"notice": [notice.pk]})
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert AuditEntry.objects.filter(action="提醒标为已读", actor=staff).exists()
    assert inbox.counts(staff).notices == 0
    assert ">1<" in client.get(reverse("core:inbox_badge")).content.decode()  # cache dropped
    # someone of another unit cannot mark it (or anything of 公安局's) read
    other = Notice.objects.create(unit=staff.unit, text="另一条", link="/")
    assert inbox.mark_read(people["land_staff"], Channel.WEB, [other.pk]) == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_a_record_without_a_clock_surfaces_after_its_waiting_period(city, people, settings):
    office = inbox.sections(people["reviewer"])  # the office must 交办
    waiting = [e for e in office["waiting"]]
    assert [e.record_id for e in waiting] == [city["stale"].pk]
    assert "等待40日" in waiting[0].reason
    assert inbox.counts(people["reviewer"]).waiting == 1
    assert inbox.counts(people["police_staff"]).waiting == 0  # not 公安局's to 交办
    assert inbox.counts(people["coordinator"]).waiting == 1  # the government's overseer
    # the fresh one does not wait yet; a longer local period hides the stale one too
    settings.FAZHI_WAITING_DAYS = {"proposals.received": 41}
    assert inbox.counts(people["reviewer"]).waiting == 0
    settings.FAZHI_WAITING_DAYS = {"proposals.received": 0}  # switched off
    assert inbox.sections(people["reviewer"])["waiting"] == []


def test_steps_waiting_for_the_users_own_unit_are_listed(city, people, org):
    later = assigned(org, people["reviewer"], title="关于完善路灯的建议")
    # a due date well ahead (the test calendar ends in 2026; the date is set, not computed)
    behind_the_steps(later, next_due_on=timezone.localdate() + dt.timedelta(days=30))
    police = inbox.sections(people["police_staff"])
    assert [e.record_id for e in police["todo"]] == [later.pk]
    # the overdue proposal is 公安局's too: listed under 逾期, not again under 待我办理
    assert [e.record_id for e in police["due"]] == [city["overdue"].pk]
    assert police["due"][0].kind == "overdue"
    # 待我办理 is the unit's own: the office that 交办'd it has nothing to do on it now
    assert later.pk not in [e.record_id for e in inbox.sections(people["reviewer"])["todo"]]
    assert inbox.counts(people["police_staff"]).due_soon == 0


def test_approvals_requested_of_the_user_are_counted(city, people):
    from fazhi.core import approvals

    proposal = city["overdue"]
    procedure = procedures.get("proposals")
    approvals.ask(
        procedure,
        procedure.steps["extend"],
        people["police_staff"],
        Channel.WEB,
        proposal,
        {"reason": "涉及多个部门"},
        "延期答复",
    )
    assert inbox.counts(people["coordinator"]).approvals == 1  # may approve extensions
    assert inbox.counts(people["reviewer"]).approvals == 0
    assert [r.step for r in inbox.sections(people["coordinator"])["approvals"]] == ["extend"]


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def test_the_badge_costs_a_bounded_number_of_queries(city, people, client, org):
    """Measured: one aggregate per workbench source, one per procedure with a waiting period,
    one for the reminders, one for the approvals, and the user's unit and government."""
    coordinator = people["coordinator"]
    waiting_procedures = sum(1 for p in procedures.all_procedures() if inbox.waiting_days(p))
    user = type(coordinator).objects.get(pk=coordinator.pk)  # as a request loads it
    few = _queries(lambda: inbox.counts(user))
    assert few <= len(workbench.sources()) + waiting_procedures + 5

    for _ in range(5):  # more records of every kind do not cost more queries
        assigned(org, people["reviewer"])
        received(org, people["reviewer"])
    jobs.tick()
    user = type(coordinator).objects.get(pk=coordinator.pk)
    assert _queries(lambda: inbox.counts(user)) == few

    login(client, coordinator)
    client.get(reverse("core:inbox_badge"))
    cached = _queries(lambda: client.get(reverse("core:inbox_badge")))
    assert cached <= 4  # session, user, the cache row (database cache) — nothing counted


def test_the_inbox_page_does_not_grow_with_the_records(city, people, client, org):
    staff = people["reviewer"]
    login(client, staff)
    few = _queries(lambda: client.get(reverse("core:inbox")))
    for _ in range(6):
        stale = received(org, staff)
        behind_the_steps(stale, updated_at=timezone.now() - dt.timedelta(days=30))
        assigned(org, staff)
    jobs.tick()
    Notice.objects.bulk_create(
        [Notice(unit=staff.unit, text=f"提醒{i}", link="/") for i in range(5)]
    )
    many = _queries(lambda: client.get(reverse("core:inbox")))
    assert many == few


def test_the_header_links_the_inbox_and_loads_its_badge(people, client):
    page = login(client, people["police_staff"]).get(reverse("core:workbench"))
    html = page.content.decode()
    assert reverse("core:inbox") in html and reverse("core:inbox_badge") in html
    assert "inbox-count" not in client.get(reverse("core:inbox_badge")).content.decode()  # 0
    client.logout()  # an expired session: nothing to swap in, not the login page
    assert client.get(reverse("core:inbox_badge")).status_code == 204


# --- e-mail ------------------------------------------------------------------------------------


def test_the_tick_mails_each_user_a_digest_of_new_reminders_once(city, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff = people["police_staff"]
    staff.email = "police@example.org"
    staff.save(update_fields=["email"])
    people["land_staff"].email = "land@example.org"
    people["land_staff"].save(update_fields=["email"])

    run = jobs.tick()
    assert run.stats["提醒邮件"] == 1
    assert len(mail.outbox) == 1  # 自然资源局 has nothing new: no mail
    message = mail.outbox[0]
    assert message.to == ["police@example.org"]
    assert "1条新提醒" in message.subject
    assert city["overdue"].get_absolute_url() in message.body
    assert DigestMark.objects.get(user=staff).last_notice_id == Notice.objects.latest("pk").pk

    jobs.tick()  # nothing new: nothing sent again
    assert len(mail.outbox) == 1


def test_a_user_without_an_address_gets_no_mail(city, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jobs.tick()
    assert mail.outbox == []


# --- 催办 --------------------------------------------------------------------------------------


def test_a_coordinator_urges_an_overdue_record(city, people, client, settings):
    from fazhi.core.models import Urge

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    proposal = city["overdue"]
    url = reverse("core:urge", args=["proposals", "proposal", proposal.pk])
    login(client, people["coordinator"])
    page = client.get(url).content.decode()
    assert "逾期" in page and "弥勒市公安局" in page
    response = client.post(url, {"note": "请于本周内答复"})
    assert response.status_code == 302

    urge = Urge.objects.get()
    assert (urge.unit, urge.government, urge.year) == (
        people["police_staff"].unit,
        people["police_staff"].unit.government(),
        timezone.localdate().year,
    )
    assert urge.reason.startswith("逾期") and urge.by == people["coordinator"]
    entry = AuditEntry.objects.get(action="催办")
    assert entry.object_id == str(proposal.pk) and entry.after["note"] == "请于本周内答复"

    police = inbox.counts(people["police_staff"])
    assert police.urges == 1
    assert urge.record in inbox.sections(people["police_staff"])["urges"][0].record

    # the same day again: refused, nothing counted twice
    client.post(url, {"note": ""})
    assert Urge.objects.count() == 1

    staff = people["police_staff"]
    staff.email = "police@example.org"
    staff.save(update_fields=["email"])
    jobs.tick()
    assert any("催办" in m.body and m.to == ["police@example.org"] for m in mail.outbox)


def test_a_waiting_record_is_urged_at_the_unit_that_must_act(city, people):
    from fazhi.core import urge

    done = urge.urge(people["leader"], Channel.WEB, city["stale"])
    assert done.unit == city["stale"].office  # not yet 交办: the office must act
    assert done.reason == "等待40日"


def test_who_may_not_urge_is_told_why_in_chinese(city, people, org, client):
    from fazhi.core import urge
    from fazhi.core.workflow import Refusal

    with pytest.raises(Refusal, match="只有统筹协调人员或领导可以催办"):
        urge.urge(people["police_staff"], Channel.WEB, city["overdue"])
    with pytest.raises(Refusal, match="未逾期，也未超过等待期限"):
        urge.urge(people["coordinator"], Channel.WEB, city["fresh"])

    other_county = kaiyuan_coordinator(org)
    with pytest.raises(Refusal, match="只能催办本级政府范围内的事项"):
        urge.urge(other_county, Channel.WEB, city["overdue"])
    # on the web another county's record is not even disclosed
    login(client, other_county)
    url = reverse("core:urge", args=["proposals", "proposal", city["overdue"].pk])
    assert client.post(url).status_code == 404
    # a department's staff sees the refusal on the page, and nothing is written
    login(client, people["reviewer"])
    assert "只有统筹协调人员或领导可以催办" in client.get(url).content.decode()
    client.post(url)
    from fazhi.core.models import Urge

    assert not Urge.objects.exists()
    assert not AuditEntry.objects.filter(action="催办").exists()


def test_a_closed_record_is_not_urged(city, people):
    from fazhi.core import urge
    from fazhi.core.workflow import Refusal

    proposal = city["overdue"]
    proposals().model.objects.filter(pk=proposal.pk).update(status="closed")
    proposal.refresh_from_db()
    with pytest.raises(Refusal, match="已办结"):
        urge.urge(people["coordinator"], Channel.WEB, proposal)


def test_urges_are_counted_per_unit_and_year(city, people, org):
    from fazhi.core import urge

    urge.urge(people["coordinator"], Channel.WEB, city["overdue"])
    urge.urge(people["coordinator"], Channel.WEB, city["stale"])
    year = timezone.localdate().year
    assert urge.counts_by_unit(year, org["mile"]) == {
        org["police"].pk: 1,
        org["justice"].pk: 1,
    }
    assert urge.counts_by_unit(year, org["kaiyuan"]) == {}


def test_the_record_page_button_is_offered_to_overseers_only(city, people):
    from django.template import Context, Template

    template = Template("{% load inbox %}{% urge_button obj %}")
    shown = template.render(Context({"obj": city["overdue"], "user": people["coordinator"]}))
    assert "催办（逾期" in shown
    assert (
        template.render(Context({"obj": city["overdue"], "user": people["police_staff"]})).strip()
        == ""
    )
    assert (
        template.render(Context({"obj": city["fresh"], "user": people["coordinator"]})).strip()
        == ""
    )


def test_answering_the_proposal_takes_it_out_of_the_inbox(city, people):
    steps = proposals().steps
    steps.service(steps["answer"])(
        people["police_staff"], Channel.WEB, city["overdue"], on=dt.date(2021, 4, 1), category="A"
    )
    assert inbox.counts(people["police_staff"]).overdue == 0


def test_a_mail_server_that_fails_is_a_problem_of_the_run_and_is_retried(
    city, people, settings, monkeypatch
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff = people["police_staff"]
    staff.email = "police@example.org"
    staff.save(update_fields=["email"])

    def refuse(self, messages):
        raise ConnectionRefusedError("connection refused")

    from django.core.mail.backends.locmem import EmailBackend

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        run = jobs.tick()
    assert any("提醒邮件未能发送" in reason for reason in run.stats["problems"])
    assert not DigestMark.objects.filter(user=staff).exists()
    jobs.tick()  # the server is back: the reminder is sent then
    assert [m.to for m in mail.outbox] == [["police@example.org"]]


def test_record_links_from_the_ledger_urls_alone_are_the_sites():
    """The tick reverses a record's page from the ledgers' URLs alone (not loading the API's
    routers): for every procedure that is the link the site itself serves."""
    for procedure in procedures.all_procedures():
        record = procedure.model(pk=4321)
        assert record.get_absolute_url() == reverse(f"{procedure.key}:detail", args=[4321])


def test_record_links_follow_the_script_prefix():
    """Links are reversed once per procedure and script prefix (fazhi.core.records.record_url):
    a site served under a sub-path links there, and a record's pk is never confused with the
    placeholder the link is cut around."""
    from django.urls import set_script_prefix

    from fazhi.core.models import OpenItem

    procedure = procedures.all_procedures()[0]
    try:
        set_script_prefix("/fazhi/")
        for pk in (1, 918273645, 12345678901234):
            link = reverse(f"{procedure.key}:detail", args=[pk])
            assert link.startswith("/fazhi/")
            assert procedure.model(pk=pk).get_absolute_url() == link
            assert OpenItem(procedure=procedure.key, record_id=pk).get_absolute_url() == link
    finally:
        set_script_prefix("/")
    assert procedure.model(pk=7).get_absolute_url() == reverse(f"{procedure.key}:detail", args=[7])
