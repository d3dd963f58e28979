"""Masking of personal data for display (fazhi.core.masking and its template filters)."""

import datetime as dt

import pytest
from django.db import models
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.masking import (
    MASK,
    field_masker,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
    masked_text,
)
from fazhi.core.validators import PROVINCE_CODES, make_id_number

PROPERTY = settings(max_examples=200, deadline=None)
MASKERS = [mask_id_number, mask_phone, mask_name, mask_address, mask_text]


@pytest.mark.parametrize("masker", MASKERS)
@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_mask_to_empty(masker, empty):
    assert masker(empty) == ""


# --- 公民身份号码 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("532526199001011234", "5325**********1234"),
        ("53252619900101123x", "5325**********123X"),
        (" 5325 2619 9001 0112 34 ", "5325**********1234"),
        ("５３２５２６１９９００１０１１２３４", "5325**********1234"),
        ("532526900101123", "5325********123"),  # 15-digit: last 4 would show a birth digit
        ("5325261990", "**********"),  # neither 15 nor 18 characters: nothing kept
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


# --- 电话 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        (" 138-1234-5678 ", "138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("8613812345678", "86138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("0873-1234567", "0873-*****67"),
        ("087312345678", "0873******78"),
        ("010-12345678", "010-******78"),
        ("02087654321", "020******21"),
        ("12345", "***45"),
        ("110", "***"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


# --- 姓名 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三丰", "张**"),
        ("张三", "张*"),
        ("张", "*"),
        (" 欧阳娜娜 ", "欧***"),
        ("阿依古丽·买买提", "阿***·***"),
    ],
)
def test_mask_name(value, masked):
    assert mask_name(value) == masked


# --- 地址 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (
            "云南省红河哈尼族彝族自治州弥勒市弥阳街道髯翁路12号",
            "云南省红河哈尼族彝族自治州弥勒市****",
        ),
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("新疆维吾尔自治区乌鲁木齐市天山区幸福路1号", "新疆维吾尔自治区乌鲁木齐市天山区****"),
        ("红河州弥勒市弥阳镇", "红河州弥勒市****"),
        ("弥勒市锦屏小区3栋2单元", "弥勒市****"),  # a 小区 is no 区县
        ("人民路超市旁", "****"),  # nor is a 超市 a 市
        ("云南省红河州弥勒市", "云南省红河州弥勒市"),  # nothing below 区县 to hide
    ],
)
def test_mask_address(value, masked):
    assert mask_address(value) == masked


# --- free text --------------------------------------------------------------------------------


def test_mask_text_masks_ids_and_mobiles_but_not_hotlines():
    text = (
        "申请人张三（身份证号532526199001011234，手机13812345678）"
        "代理人电话+86 139-1234-5678，旧证号11010519491231002x；"
        "咨询电话0873-1234567，案号（2024）云2504行初18号。"
    )
    assert mask_text(text) == (
        "申请人张三（身份证号5325**********1234，手机138****5678）"
        "代理人电话+86 139-****-5678，旧证号1101**********002X；"
        "咨询电话0873-1234567，案号（2024）云2504行初18号。"
    )


def test_mask_text_handles_full_width_digits():
    assert mask_text("电话：１３８１２３４５６７８。") == "电话：１３８****５６７８。"


def test_mask_text_leaves_longer_digit_runs_alone():
    # A 12-digit run is not a mobile number; splitting it would guess.
    assert mask_text("编号138123456789") == "编号138123456789"


def test_masked_text_masks_unless_an_audited_reveal_allows_it():
    text = "申请人身份证号53252619800101001X，电话13812345678"
    assert masked_text(text) == "申请人身份证号5325**********001X，电话138****5678"
    assert masked_text(text, reveal=True) == text
    assert masked_text(None, reveal=True) == masked_text(None) == ""


def _field(field: models.Field, name: str) -> models.Field:
    field.set_attributes_from_name(name)
    return field


@pytest.mark.parametrize(
    ("field", "masker"),
    [
        (_field(models.CharField(max_length=18), "applicant_id_number"), mask_id_number),
        (_field(models.CharField(max_length=20), "writer_phone"), mask_phone),
        (_field(models.CharField(max_length=200), "applicant_address"), mask_address),
        (_field(models.TextField(), "description"), mask_text),
        (_field(models.CharField(max_length=200), "reply_note"), mask_text),
        # A 统一社会信用代码 is public and often shaped like an ID number: kept whole.
        (_field(models.CharField(max_length=18), "applicant_uscc"), None),
        (_field(models.CharField(max_length=8, choices=[("a", "甲")]), "status"), None),
        (_field(models.DateField(), "received_on"), None),
    ],
)
def test_field_masker_chooses_by_the_fields_kind(field, masker):
    assert field_masker(field) is masker


# --- template filters -------------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load masking %}" + source).render(Context(context))


def test_template_filters():
    out = render(
        "{{ i|mask_id }} {{ p|mask_phone }} {{ n|mask_name }} "
        "{{ a|mask_address }} {{ t|mask_text }}",
        i="532526199001011234",
        p="13812345678",
        n="张三丰",
        a="北京市朝阳区建国路88号",
        t="电话13812345678",
    )
    assert out == "5325**********1234 138****5678 张** 北京市朝阳区**** 电话138****5678"


def test_masked_text_filter_masks_unless_revealed_and_keeps_escaping():
    text = "<b>电话13812345678</b>"
    source = "{{ t|masked_text }}|{{ t|masked_text:reveal }}"
    assert render(source, t=text, reveal=False) == (
        "&lt;b&gt;电话138****5678&lt;/b&gt;|&lt;b&gt;电话138****5678&lt;/b&gt;"
    )
    assert render(source, t=text, reveal=True).endswith("|&lt;b&gt;电话13812345678&lt;/b&gt;")
    assert render("{{ t|linebreaksbr|masked_text }}", t="电话\n13812345678") == (
        "电话<br>138****5678"
    )


def test_template_filters_render_none_as_empty_and_escape():
    assert render("[{{ v|mask_id }}|{{ v|mask_name }}|{{ v|mask_text }}]", v=None) == "[||]"
    assert render("{{ v|mask_name }}", v="<b>") == "&lt;**"
    assert render("{{ v|mask_text }}", v="<b>13812345678</b>") == ("&lt;b&gt;138****5678&lt;/b&gt;")


# --- properties -------------------------------------------------------------------------------

provinces = st.sampled_from(sorted(PROVINCE_CODES))


@st.composite
def id_numbers(draw):
    region = f"{draw(provinces)}{draw(st.integers(0, 9999)):04d}"
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 6, 30)))
    return make_id_number(region, born, draw(st.integers(0, 999)))


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.integers(3, 9), st.integers(0, 10**9 - 1)
)
# Free text around the numbers: anything but digits, so each embedded number stays whole.
fillers = st.text(
    alphabet=st.characters(exclude_categories=("Nd", "Cs")) | st.sampled_from("，。 电话身份证号"),
    min_size=1,
    max_size=12,
)


@PROPERTY
@given(id_numbers())
def test_id_masking_keeps_only_four_and_four(number):
    masked = mask_id_number(number)
    assert masked == number[:4] + MASK * 10 + number[-4:]
    assert number[6:14] not in masked  # the birth date never shows


@PROPERTY
@given(mobiles)
def test_mobile_masking_keeps_only_three_and_four(mobile):
    assert mask_phone(mobile) == mobile[:3] + MASK * 4 + mobile[-4:]


@PROPERTY
@given(st.sampled_from(["010", "021", "0873", "0571"]), st.integers(10**6, 10**8 - 1))
def test_landline_masking_keeps_area_code_and_two(area, local):
    masked = mask_phone(f"{area}-{local}")
    assert masked == f"{area}-" + MASK * (len(str(local)) - 2) + str(local)[-2:]


@PROPERTY
@given(st.text(max_size=20))
def test_name_masking_leaks_at_most_the_first_character(name):
    masked = mask_name(name)
    stripped = name.strip()
    assert len(masked) == len(stripped)
    assert all(char == MASK or char in "·•・.- \u3000" for char in masked[1:])
    if len(stripped) == 1:
        assert masked == MASK


@PROPERTY
@given(st.sampled_from(MASKERS), st.text(max_size=40))
def test_masking_is_idempotent(masker, text):
    once = masker(text)
    assert masker(once) == once


@PROPERTY
@given(st.sampled_from(MASKERS), st.one_of(id_numbers(), mobiles))
def test_masking_twice_reveals_nothing_more(masker, number):
    once = masker(number)
    assert masker(once) == once
    assert sum(char != MASK for char in once) <= 8


@PROPERTY
@given(st.lists(st.one_of(id_numbers(), mobiles), max_size=5), st.data())
def test_mask_text_masks_every_embedded_number(numbers, data):
    pieces = [data.draw(fillers)]
    for number in numbers:
        pieces += [number, data.draw(fillers)]
    expected = [
        (mask_id_number(p) if len(p) == 18 else mask_phone(p)) if p in numbers else p
        for p in pieces
    ]
    masked = mask_text("".join(pieces))
    assert masked == "".join(expected)
    for number in numbers:
        assert number not in masked


def test_a_search_holding_a_piece_of_a_number_is_told_apart():
    from fazhi.core.masking import holds_number_piece

    for query in ("1398765", "139 8765 4321", "139-8765", "１３９８７６５", "5325 2619 8001"):
        assert holds_number_piece(query), query
    for query in ("", "弥政发〔2021〕12号", "2021", "第123456号", "139 87"):
        assert not holds_number_piece(query), query
