"""依申请公开 as the public meets it (issue 9): the tracking number however it is bracketed, what
each 提供形式 needs, every agency of the government on the portal form, required marks, the 回执
(PDF) and the request's thread on the tracking page — none of it showing anyone's personal data,
a member of staff or an internal note."""

import datetime as dt
import re
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse

from fazhi.core import masking
from fazhi.core.audit import Channel
from fazhi.core.masking import mask_id_number
from fazhi.core.models import Role, UnitKind
from fazhi.core.services import create_unit, create_user
from fazhi.core.workflow import Refusal
from fazhi.oversight.disclosure import public, rules, services
from fazhi.oversight.disclosure.models import (
    Collection,
    DisclosureRequest,
    Format,
    PauseKind,
    Situation,
    Status,
)

from .factories import ID_NUMBER, application, received

D = dt.date
PHONE = "13812345678"  # the factory's applicant


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()  # the rate limits live in the cache
    yield
    cache.clear()


@pytest.fixture
def office(org):
    """The 办公室 of 弥勒市人民政府, which answers requests made to the government itself."""
    return create_unit(
        None,
        Channel.CLI,
        code="532504-zfb",
        name="弥勒市人民政府办公室",
        kind=UnitKind.DEPARTMENT,
        parent=org["mile"],
    )


def _portal_form(org, **overrides):
    return {
        "agency": org["police"].pk,
        "applicant_type": "person",
        "applicant_name": "王小明",
        "applicant_id_number": ID_NUMBER,
        "applicant_phone": "13900001111",
        "applicant_address": "弥勒市弥阳街道温泉路1号",
        "description": "2021年本市道路交通事故统计数据",
        "format_wanted": "email",
        "delivery_email": "wangxm@example.com",
        **overrides,
    }


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())  # pdftotext breaks lines inside the text


# --- 1. the tracking number however it is typed ------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "弥公开〔2021〕1号",
        "弥公开[2021]1号",
        "弥公开【2021】1号",
        "弥公开（2021）1号",
        "弥公开(2021)1号",
        "弥公开［2021］1号",
        "弥公开20211号",
        "弥公开2021 1",
        " 弥公开 〔２０２１〕 １ 号 ",
        "弥公开〔2021〕001号",
    ],
)
def test_the_number_is_normalised_however_it_is_bracketed(typed):
    assert services.normalise_number(typed) == "弥公开〔2021〕1号"


def test_tracking_finds_the_request_by_any_bracketing_but_only_with_its_code(org, people, client):
    request = received(org, people["police_staff"])
    assert request.number == "弥公开〔2021〕1号"
    for typed in ("弥公开[2021]1号", "弥公开（２０２１）１号", "弥公开 2021 1", "弥公开【2021】1"):
        page = client.post(
            reverse("disclosure:track"), {"number": typed, "code": request.check_code.lower()}
        ).content.decode()
        assert 'id="track-status">办理中' in page, typed
    wrong = client.post(
        reverse("disclosure:track"), {"number": "弥公开[2021]1号", "code": "AAAAAA"}
    )
    assert "不正确" in wrong.content.decode() and "办理中" not in wrong.content.decode()
    missing_code = client.post(reverse("disclosure:track"), {"number": "弥公开[2021]1号"})
    assert "办理中" not in missing_code.content.decode()


def test_tracking_by_other_bracketings_keeps_the_rate_limit(org, people, client, settings):
    settings.FAZHI_DISCLOSURE_TRACK_LIMIT = 2
    request = received(org, people["police_staff"])
    for typed in ("弥公开[2021]1号", "弥公开(2021)1号"):
        client.post(reverse("disclosure:track"), {"number": typed, "code": request.check_code})
    page = client.post(
        reverse("disclosure:track"), {"number": request.number, "code": request.check_code}
    ).content.decode()
    assert "过于频繁" in page and "办理中" not in page


# --- 2. what each 提供形式 needs -----------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"delivery_email": ""}, "delivery_email", "请填写接收信息的电子邮箱"),
        ({"delivery_email": "wangxm@"}, "delivery_email", "电子邮箱格式不正确"),
        ({"format_wanted": "paper"}, "delivery_collection", "请选择邮寄或到受理机关领取"),
        ({"format_wanted": "disc"}, "delivery_collection", "请选择邮寄或到受理机关领取"),
        (
            {"format_wanted": "paper", "delivery_collection": "post"},
            "delivery_address",
            "选择邮寄的，请填写邮寄地址",
        ),
        (
            {"format_wanted": "view", "applicant_phone": ""},
            "applicant_phone",
            "选择现场查阅的，请留联系电话",
        ),
        ({"format_wanted": "other"}, "delivery_other", "请说明希望以何种形式获取信息"),
    ],
)
def test_the_portal_asks_for_what_the_chosen_form_needs(org, client, overrides, field, message):
    response = client.post(reverse("disclosure:apply"), _portal_form(org, **overrides))
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not DisclosureRequest.objects.exists()


@pytest.mark.parametrize(
    "overrides, stored",
    [
        ({}, {"delivery_email": "wangxm@example.com"}),
        (
            {
                "format_wanted": "paper",
                "delivery_collection": "post",
                "delivery_address": "弥勒市髯翁路8号",
            },
            {"delivery_collection": Collection.POST, "delivery_address": "弥勒市髯翁路8号"},
        ),
        (
            {"format_wanted": "disc", "delivery_collection": "collect"},
            {"delivery_collection": Collection.COLLECT},
        ),
        ({"format_wanted": "other", "delivery_other": "传真"}, {"delivery_other": "传真"}),
    ],
)
def test_what_the_form_needs_is_stored_on_the_request(org, client, overrides, stored):
    client.post(reverse("disclosure:apply"), _portal_form(org, **overrides))
    request = DisclosureRequest.objects.get()
    assert {name: getattr(request, name) for name in stored} == stored


def test_the_portal_service_refuses_it_too_but_staff_registration_does_not(org, people):
    data = vars(application(format_wanted=Format.EMAIL)) | {"agency": org["police"]}
    for name in ("channel", "submitted_on", "received_on"):
        data.pop(name)
    with pytest.raises(Refusal, match="电子邮箱"):
        services.apply_on_portal(org["mile"], Channel.WEB, data)
    # A letter asking for e-mail without an address is registered; the agency asks (art. 30).
    letter = received(org, people["police_staff"], format_wanted=Format.EMAIL)
    assert letter.delivery_email == ""


def test_staff_see_the_delivery_details_masked_until_revealed(org, people, client):
    client.post(reverse("disclosure:apply"), _portal_form(org))
    request = DisclosureRequest.objects.get()
    client.force_login(people["police_staff"])
    page = client.get(request.get_absolute_url()).content.decode()
    delivery = re.search(r'<dd id="delivery">(.*?)</dd>', page).group(1)
    assert delivery == "电子邮件：w*****@example.com"
    assert (
        masking.mask_email("a@b.cn") == "a*@b.cn" and masking.mask_email("nonsense") == "********"
    )


# --- 3. every agency of the government ---------------------------------------------------------


def test_the_portal_lists_the_government_its_departments_and_towns(org, office, client):
    page = client.get(reverse("disclosure:apply")).content.decode()
    select = re.search(r'<select name="agency".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["本级人民政府", "政府工作部门", "乡镇人民政府、街道办事处"]
    assert f'value="{office.pk}">弥勒市人民政府（由弥勒市人民政府办公室办理）<' in select
    assert select.count("弥勒市人民政府办公室") == 1  # the office is the government's entry
    for unit in ("弥勒市司法局", "弥勒市公安局", "弥勒市自然资源局", "弥阳街道办事处"):
        assert f">{unit}<" in select
    assert "开远" not in select and "红河" not in select  # another government's units


@pytest.mark.parametrize("agency", ["office", "miyang"])
def test_a_request_to_the_government_or_a_town_is_handled_by_its_own_staff(
    org, office, client, agency
):
    unit = office if agency == "office" else org["miyang"]
    handler = create_user(
        None,
        Channel.CLI,
        username=f"{agency}-staff",
        password="pass-Fazhi-2021",
        unit=unit,
        role=Role.STAFF,
        full_name="孙办事",
    )
    client.post(reverse("disclosure:apply"), _portal_form(org, agency=unit.pk))
    request = DisclosureRequest.objects.get()
    assert request.agency == unit and request.number.startswith("弥公开〔")  # the city's sequence
    # The table's creator rule and reach accepted the public actor; the unit's own staff reply.
    request = services.reply(
        handler, Channel.WEB, request, on=request.received_on, situation=Situation.DISCLOSE
    )
    assert request.status == Status.REPLIED


def test_a_town_is_no_agency_of_another_government(org, people):
    kaiyuan_town = create_unit(
        None,
        Channel.CLI,
        code="532502001",
        name="开远某街道",
        kind=UnitKind.TOWN,
        parent=org["kaiyuan"],
    )
    data = vars(application(delivery_collection="collect")) | {"agency": kaiyuan_town}
    for name in ("channel", "submitted_on", "received_on"):
        data.pop(name)
    with pytest.raises(Refusal, match="不在您所在政府的范围内"):
        services.apply_on_portal(org["mile"], Channel.WEB, data)


# --- 4. required marks -------------------------------------------------------------------------


def test_required_fields_are_marked_and_conditional_ones_say_when(org, client):
    page = client.get(reverse("disclosure:apply")).content.decode()
    marked = set(re.findall(r'<label for="id_(\w+)">[^<]*<span class="req"', page))
    assert marked == {"agency", "applicant_type", "applicant_name", "description", "format_wanted"}
    assert "ledger.css" in page and 'id="required-legend"' in page
    assert "选择“电子邮件”的必填" in page and "选择邮寄的必填" in page


# --- 5. the 回执 ---------------------------------------------------------------------------------


def test_the_done_page_offers_the_receipt_pdf_with_personal_data_masked(org, client, tmp_path):
    done = client.post(reverse("disclosure:apply"), _portal_form(org), follow=True)
    assert reverse("disclosure:apply_receipt") in done.content.decode()
    request = DisclosureRequest.objects.get()
    response = client.get(reverse("disclosure:apply_receipt"))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    due = public.statutory_due_on(request)
    assert request.number in text and request.check_code in text
    assert f"{due.year}年{due.month}月{due.day}日" in text and "20个工作日" in text
    assert "弥勒市公安局" in text and "道路交通事故统计数据" in text
    assert "/gongkai/track/" in text
    assert ID_NUMBER not in text and "13900001111" not in text and "王小明" not in text
    assert (
        mask_id_number(ID_NUMBER) in text and "139****1111" in text and "w*****@example.com" in text
    )


def test_the_receipt_needs_the_session_that_submitted_it(org, client):
    response = client.get(reverse("disclosure:apply_receipt"))
    assert response.status_code == 302 and response["Location"] == reverse("disclosure:apply")


def test_printing_the_receipt_is_rate_limited_per_address(org, client, settings):
    settings.FAZHI_DISCLOSURE_TRACK_LIMIT = 1
    client.post(reverse("disclosure:apply"), _portal_form(org))
    assert client.get(reverse("disclosure:apply_receipt"))["Content-Type"] == "application/pdf"
    again = client.get(reverse("disclosure:apply_receipt"))
    assert again.status_code == 429 and "过于频繁" in again.content.decode()


def test_the_tracking_page_prints_the_receipt_with_number_and_code(org, people, client, tmp_path):
    request = received(org, people["police_staff"])
    page = client.post(
        reverse("disclosure:track"), {"number": "弥公开(2021)1号", "code": request.check_code}
    ).content.decode()
    assert 'id="receipt-form"' in page
    response = client.post(
        reverse("disclosure:track"),
        {"number": "弥公开[2021]1号", "code": request.check_code, "receipt": "1"},
    )
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "弥公开〔2021〕1号" in text and "2021年11月1日" in text  # 09-28 + 20 工作日
    assert ID_NUMBER not in text and PHONE not in text and "5325**********001X" in text
    wrong = client.post(
        reverse("disclosure:track"),
        {"number": request.number, "code": "AAAAAA", "receipt": "1"},
    )
    assert wrong["Content-Type"].startswith("text/html") and "不正确" in wrong.content.decode()


# --- 6. the thread -----------------------------------------------------------------------------


@pytest.fixture
def answered(org, people):
    """Received 09-28, 补正 asked and received, a third party consulted, extended by the head,
    answered 不予公开 — with staff names, the party and internal notes all on the record."""
    staff, head = people["police_staff"], people["coordinator"]
    request = received(org, staff)
    request = services.request_correction(
        staff, Channel.WEB, request, on=D(2021, 9, 29), items="写明文号", due_on=D(2021, 10, 20)
    )
    request = services.receive_correction(staff, Channel.WEB, request, on=D(2021, 10, 11))
    request = services.start_consultation(
        staff,
        Channel.WEB,
        request,
        on=D(2021, 10, 12),
        kind=PauseKind.THIRD_PARTY,
        party="某某置业有限公司",
    )
    request = services.end_consultation(staff, Channel.WEB, request, on=D(2021, 10, 20))
    request = services.extend(
        head, Channel.WEB, request, on=D(2021, 10, 25), workdays=10, reason="内部检索工作量大"
    )
    return services.reply(
        staff,
        Channel.WEB,
        request,
        on=D(2021, 11, 15),
        situation=Situation.WITHHOLD,
        note="涉及第三方商业秘密，经科室内部讨论",
    )


SECRETS = (
    "张三",
    ID_NUMBER,
    PHONE,
    "髯翁路",
    "赵法制",
    "李统筹",
    "某某置业",
    "内部检索",
    "科室内部",
)


def test_the_thread_shows_the_events_in_order(answered):
    request = DisclosureRequest.objects.prefetch_related("pauses").get(pk=answered.pk)
    events = [(e.on, e.title) for e in public.thread(request)]
    assert events == [
        (D(2021, 9, 28), "收到申请"),
        (D(2021, 9, 29), "通知补正"),
        (D(2021, 10, 11), "收到补正后的申请"),
        (D(2021, 10, 12), "征求第三方意见"),
        (D(2021, 10, 20), "征求意见结束"),
        (D(2021, 10, 25), "延长答复期限"),
        (D(2021, 11, 15), "已答复"),
    ]
    answer = public.thread(request)[-1].text
    assert "(三)不予公开" in answer and rules.REMEDY_REVIEW_FIRST in answer
    assert "10个工作日" in public.thread(request)[5].text


def test_the_tracking_page_shows_the_thread_and_nothing_personal_or_internal(
    answered, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):  # the request, its agency, its pauses: not per event
        page = client.post(
            reverse("disclosure:track"),
            {"number": "弥公开【2021】1号", "code": answered.check_code},
        ).content.decode()
    thread = re.search(r'<ol class="thread" id="track-thread">(.*?)</ol>', page, re.S).group(1)
    titles = re.findall(r'<strong class="thread-title">([^<]+)</strong>', thread)
    assert titles[0] == "收到申请" and titles[-1] == "已答复" and len(titles) == 7
    assert "2021-10-25" in thread and "复议前置" in page
    for secret in SECRETS:
        assert secret not in page, secret


def test_an_abandoned_request_ends_its_thread_with_why(org, people):
    staff = people["police_staff"]
    request = services.request_correction(
        staff,
        Channel.WEB,
        received(org, staff),
        on=D(2021, 9, 29),
        items="写明文号",
        due_on=D(2021, 10, 15),
    )
    request = services.abandon_correction(staff, Channel.WEB, request, on=D(2021, 10, 18))
    assert [e.title for e in public.thread(request)][-1] == "逾期未补正，视为放弃申请"
