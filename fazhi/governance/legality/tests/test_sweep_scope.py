"""Scope sweep: 合法性审核.

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.instruments import services as papers
from fazhi.governance.legality import services
from fazhi.governance.legality.imports import ReviewImporter
from fazhi.governance.legality.models import Review, ReviewKind
from fazhi.testing import scope_sweep as scope

from .factories import requested

W = Channel.WEB
D = dt.date
OFFICE_STEPS = ("accept", "send_back", "opinion")  # the 合法性审核机构's (JC arts. 26–28)
REQUESTER_STEPS = ("resubmit", "withdraw", "signed")  # the sending unit's


@pytest.fixture
def kaiyuan_coord(org):
    return scope.kaiyuan_coordinator(org)


@pytest.fixture
def review(org, people):
    """A contract 公安局 sent to 司法局 (the 合法性审核机构), given its opinion (a 合法性审核意见书
    issued), with an attachment."""
    made = requested(org, people["police_staff"], kind=ReviewKind.CONTRACT, counterparty="某公司")
    scope.attach_file(made, people["police_staff"])
    made = services.opine(
        people["reviewer"], W, made, opinion="amend", opinion_on=D(2024, 5, 10), text="第三条应修改"
    )
    assert papers.instruments_of(made).exists()
    return Review.objects.get(pk=made.pk)


def test_review_is_invisible_outside_the_sender_and_the_office(
    client, org, people, review, kaiyuan_coord
):
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, review, user, unit=org["police"], marker=review.title)


def test_outsiders_take_no_step_of_a_review(client, org, people, review, kaiyuan_coord):
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_steps(client, review, user, visible=False, maker=people["reviewer"])
    scope.sweep_steps(client, review, people["leader"], visible=True, maker=people["reviewer"])
    scope.sweep_viewer(client, review, people["leader"])


def test_sender_and_office_keep_to_their_own_steps(client, org, people, review):
    scope.sweep_steps(
        client,
        review,
        people["police_staff"],
        visible=True,
        maker=people["reviewer"],
        skip=REQUESTER_STEPS,
    )
    scope.sweep_steps(
        client,
        review,
        people["reviewer"],
        visible=True,
        maker=people["police_staff"],
        skip=OFFICE_STEPS,
    )


def test_sending_in_the_name_of_another_unit_or_county_is_refused(
    client, org, people, kaiyuan_coord
):
    before = (Review.objects.count(), scope.counts())
    body = {"kind": "other", "title": "借名送审", "submitted_on": "2024-05-06"}
    for user, unit in (
        (people["police_staff"], "532504-zrzyj"),  # 自然资源局, same county
        (people["kaiyuan_staff"], "532504-gaj"),  # 弥勒公安局, other county
        (kaiyuan_coord, "532504-gaj"),
    ):
        scope.login(client, user)
        answer = client.post("/api/legality/records", body | {"unit": unit}, "application/json")
        assert answer.status_code in (403, 422), (user, answer.content)
        page = client.post(
            "/hefaxing/new/",
            body | {"unit": org["land"].pk if unit.endswith("zrzyj") else org["police"].pk},
        )
        assert page.status_code in (200, 403), page.status_code  # the form again, or refused
    assert (Review.objects.count(), scope.counts()) == before


def test_imports_naming_another_unit_or_county_write_nothing(client, org, people, kaiyuan_coord):
    row_ = {
        "送审单位代码": "532504-zrzyj",
        "送审类别": "其他文件",
        "送审文件名称": "导入的方案",
        "送审日期": "2024-03-02",
        "审核意见": "合法",
        "出具意见日期": "2024-03-10",
    }
    before, imported = Review.objects.count(), scope.imported_rows()
    scope.upload_import(client, people["police_staff"], ReviewImporter, [row_])  # another unit's
    scope.upload_import(client, kaiyuan_coord, ReviewImporter, [row_])  # another county's
    # 公安局's own draft, with an opinion only the 审核机构 gives
    scope.upload_import(
        client, people["police_staff"], ReviewImporter, [row_ | {"送审单位代码": "532504-gaj"}]
    )
    assert Review.objects.count() == before and scope.imported_rows() == imported
    # the control: the coordinator of 司法局 (the 审核机构, acting for every unit) imports it
    scope.upload_import(client, people["coordinator"], ReviewImporter, [row_])
    assert Review.objects.count() == before + 1


def test_another_countys_office_cannot_opine(client, org, people, kaiyuan_coord):
    """开远司法局 holds the duty `legality.office` too: not for 弥勒's drafts."""
    made = requested(org, people["police_staff"])
    for user in (people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, user)
        before, counted = scope.row(made), scope.counts()
        answer = client.post(
            f"/api/legality/records/{made.pk}/opinion",
            {"opinion": "lawful", "opinion_on": "2024-05-10"},
            "application/json",
        )
        assert answer.status_code == 404 and scope.row(made) == before and scope.counts() == counted
