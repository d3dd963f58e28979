"""Validators for 统一社会信用代码, 公民身份号码 and 行政区划代码 (fazhi.core.validators)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.validators import (
    PROVINCE_CODES,
    REGISTRATION_AUTHORITIES,
    USCC_CHARSET,
    id_number_birth_date,
    id_number_check_digit,
    is_valid_division_code,
    is_valid_id_number,
    is_valid_uscc,
    make_id_number,
    make_org_code,
    make_uscc,
    normalise_code,
    org_code_check_character,
    to_half_width,
    uscc_check_character,
    validate_division_code,
    validate_id_number,
    validate_uscc,
)

TODAY = dt.date(2025, 6, 30)
PROPERTY = settings(max_examples=200, deadline=None)


def rejection(validator, value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validator(value, **kwargs)
    return caught.value


# --- independent reference computations --------------------------------------------------------
# Written from the standards' formulas rather than from the module's weight tables, so a typo in
# either shows up as a disagreement.


def reference_uscc_check(body17: str) -> str:
    # GB 32100-2015: Wi = 3^(i-1) mod 31, C18 = 31 - (sum mod 31), 31 -> 0.
    total = sum(USCC_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return USCC_CHARSET[(31 - total % 31) % 31]


def reference_org_check(body8: str) -> str:
    # GB 11714-1997: weights 3 7 9 10 5 8 4 2 are 2^(9-i) mod 11 for i = 1..8.
    total = sum(int(c, 36) * pow(2, 8 - i, 11) for i, c in enumerate(body8))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def reference_id_check(body17: str) -> str:
    # ISO 7064 MOD 11-2: Wi = 2^(18-i) mod 11 and the whole 18 digits sum to 1 mod 11.
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body17))
    return next(ch for v, ch in enumerate("0123456789X") if (total + v) % 11 == 1)


# --- 统一社会信用代码 -----------------------------------------------------------------------------

# Published codes: the worked example of GB 32100-2015 and three large enterprises' codes as shown
# on their business licences (华为技术有限公司, 腾讯科技（深圳）有限公司, 阿里巴巴（中国）有限公司).
REAL_USCCS = [
    "91350100M000100Y43",
    "914403001922038216",
    "9144030071526726XG",
    "91330100799655058B",
]


@pytest.mark.parametrize("code", REAL_USCCS)
def test_published_usccs_are_valid(code):
    assert validate_uscc(code) == code
    assert is_valid_uscc(code)
    assert reference_uscc_check(code[:17]) == code[17]
    assert reference_org_check(code[8:16]) == code[16]


def test_worked_example_of_the_standard():
    # GB 32100-2015 worked example: the weighted sum of 91350100M000100Y4 is 1640, 1640 mod 31
    # is 28, so C18 = 31 - 28 = 3; the example's "…Y4Z" is therefore rejected.
    body = "91350100M000100Y4"
    assert sum(USCC_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(body)) == 1640
    assert uscc_check_character(body) == "3"
    error = rejection(validate_uscc, "91350100M000100Y4Z")
    assert error.code == "charset"  # Z is not in the GB 32100 character set at all


def test_uscc_is_normalised_before_validation():
    messy = " ９１３５０１００ｍ０００１００ｙ４３\u200b "
    assert normalise_code(messy) == "91350100M000100Y43"
    assert validate_uscc(messy) == "91350100M000100Y43"
    assert validate_uscc("91350100m000100y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("value", "length"), [("", 0), (None, 0), ("91350100M000100Y4", 17), ("9" * 19, 19)]
)
def test_uscc_length(value, length):
    error = rejection(validate_uscc, value)
    assert error.code == "length"
    assert error.messages == [f"统一社会信用代码长度应为18位，当前为{length}位"]


@pytest.mark.parametrize("char", list("IOZSV"))
def test_uscc_rejects_misreadable_letters(char):
    error = rejection(validate_uscc, f"913501{char}0M000100Y43")
    assert error.code == "charset"
    assert f"含有不允许的字符“{char}”（第7位）" in error.messages[0]


def test_uscc_rejects_punctuation():
    error = rejection(validate_uscc, "91350100-M000100Y4")
    assert error.code == "charset"
    assert "“-”（第9位）" in error.messages[0]


def test_uscc_unknown_registration_authority():
    error = rejection(validate_uscc, make_uscc("B1350100M000100Y4"))
    assert error.code == "authority"
    assert error.messages == ["统一社会信用代码第1位登记管理部门代码“B”无效"]


@pytest.mark.parametrize(("pair", "name"), [("94", "工商"), ("Y2", "其他"), ("36", "司法行政")])
def test_uscc_category_must_belong_to_its_authority(pair, name):
    error = rejection(validate_uscc, make_uscc(pair + "350100M000100Y4"))
    assert error.code == "category"
    assert f"机构类别代码“{pair[1]}”不属于登记管理部门“{name}”" in error.messages[0]


def test_uscc_category_message_lists_the_allowed_codes():
    error = rejection(validate_uscc, make_uscc("94350100M000100Y4"))
    assert error.messages[0].endswith("（可用：1、2、3）")


@pytest.mark.parametrize("pair", ["11", "12", "31", "32", "35", "51", "52", "71", "81", "N2", "Y1"])
def test_uscc_accepts_documented_authority_category_pairs(pair):
    assert is_valid_uscc(make_uscc(pair + "532504" + make_org_code("MA6K1234")))


def test_uscc_registration_division_must_be_digits():
    error = rejection(validate_uscc, make_uscc("9135A100M000100Y4"))
    assert error.code == "division"
    assert "登记管理机关行政区划码“35A100”应为6位数字" in error.messages[0]


@pytest.mark.parametrize(
    ("division", "code"), [("990100", "province"), ("538000", "prefecture"), ("530012", "level")]
)
def test_uscc_registration_division_structure(division, code):
    error = rejection(validate_uscc, make_uscc("91" + division + "M000100Y4"))
    assert error.code == code
    assert error.messages[0].startswith(f"登记管理机关行政区划码“{division}”")


def test_uscc_accepts_national_registration_code():
    # 国家 registrations (e.g. 全国性社会团体 at 民政部) carry 100000, which is no province.
    assert validate_uscc(make_uscc("51100000" + make_org_code("50000123")))


def test_uscc_wrong_check_character():
    error = rejection(validate_uscc, "91350100M000100Y44")
    assert error.code == "check_digit"
    assert error.messages == [
        "统一社会信用代码校验码错误：按前17位计算第18位应为“3”，当前为“4”，请核对是否有字符抄录错误"
    ]


def test_uscc_wrong_org_code_check_character():
    # Consistent at position 18 but not at 17: only the GB 11714 check catches it.
    code = make_uscc("91350100M000100Y5")
    error = rejection(validate_uscc, code)
    assert error.code == "org_code_check_digit"
    assert "组织机构代码“M000100Y5”校验码错误，按GB 11714第17位应为“4”" in error.messages[0]


@pytest.mark.parametrize(
    ("body8", "check"), [("M000100Y", "4"), ("19220382", "1"), ("71526726", "X")]
)
def test_org_code_check_character(body8, check):
    assert org_code_check_character(body8) == check == reference_org_check(body8)


def test_org_code_check_eleven_becomes_zero():
    # Σ ≡ 0 (mod 11) gives 11 - 0 = 11, written "0".
    assert org_code_check_character("00000000") == "0"


@pytest.mark.parametrize("bad", ["9135010", "91350100M000100Y4I", "91350100m000100Y4"])
def test_make_uscc_rejects_bad_bodies(bad):
    with pytest.raises(ValueError):
        make_uscc(bad)


def test_make_org_code_rejects_bad_bodies():
    with pytest.raises(ValueError):
        make_org_code("1234567")


# --- 公民身份号码 -----------------------------------------------------------------------------

# GB 11643-1999 附录A examples: 北京市朝阳区 1949-12-31 (female, check X) and 广东省 1880-01-01.
STANDARD_ID = "11010519491231002X"


def test_standard_id_number_is_valid():
    assert validate_id_number(STANDARD_ID, today=TODAY) == STANDARD_ID
    assert reference_id_check(STANDARD_ID[:17]) == "X"
    assert id_number_birth_date(STANDARD_ID) == dt.date(1949, 12, 31)


def test_second_standard_example_has_right_check_digit_but_is_before_1900():
    assert id_number_check_digit("44052418800101001") == "4"
    error = rejection(validate_id_number, "440524188001010014", today=TODAY)
    assert error.code == "birth_date_too_early"
    assert error.messages == ["公民身份号码出生日期1880-01-01早于1900年1月1日"]


def test_id_number_accepts_lowercase_x_and_full_width():
    assert validate_id_number("11010519491231002x", today=TODAY) == STANDARD_ID
    assert validate_id_number("１１０１０５ １９４９１２３１ ００２ｘ", today=TODAY) == STANDARD_ID


def test_id_number_defaults_to_todays_date():
    future = make_id_number("532504", dt.date(2999, 1, 1), 1)
    assert rejection(validate_id_number, future).code == "birth_date_future"
    assert validate_id_number(STANDARD_ID) == STANDARD_ID


@pytest.mark.parametrize(("value", "length"), [("", 0), ("110105194912310", 15)])
def test_id_number_length(value, length):
    error = rejection(validate_id_number, value, today=TODAY)
    assert error.code == "length"
    assert error.messages == [f"公民身份号码长度应为18位，当前为{length}位"]


def test_id_number_body_must_be_digits():
    error = rejection(validate_id_number, "1101051949123100XX", today=TODAY)
    assert error.code == "charset"
    assert error.messages == ["公民身份号码前17位应为数字，第17位为“X”"]


def test_id_number_check_character_must_be_digit_or_x():
    error = rejection(validate_id_number, "11010519491231002Y", today=TODAY)
    assert error.code == "charset"
    assert error.messages == ["公民身份号码第18位校验码应为数字或X，当前为“Y”"]


def test_id_number_province_must_exist():
    error = rejection(validate_id_number, make_id_number("990105", dt.date(1990, 1, 1), 1))
    assert error.code == "province"
    assert "地址码“990105”的省级代码“99”" in error.messages[0]


@pytest.mark.parametrize("digits", ["19900230", "19901301", "19900000", "00000101"])
def test_id_number_birth_date_must_be_real(digits):
    body = "532504" + digits + "123"
    error = rejection(validate_id_number, body + id_number_check_digit(body), today=TODAY)
    assert error.code == "birth_date"
    assert error.messages == [f"公民身份号码第7–14位出生日期“{digits}”不是有效日期"]


def test_id_number_birth_date_not_in_future():
    number = make_id_number("532504", TODAY + dt.timedelta(days=1), 1)
    error = rejection(validate_id_number, number, today=TODAY)
    assert error.code == "birth_date_future"
    assert error.messages == ["公民身份号码出生日期2025-07-01晚于今天"]
    assert is_valid_id_number(make_id_number("532504", TODAY, 1), today=TODAY)


def test_id_number_wrong_check_digit():
    error = rejection(validate_id_number, "110105194912310020", today=TODAY)
    assert error.code == "check_digit"
    assert error.messages == [
        "公民身份号码校验码错误：按前17位计算第18位应为“X”，当前为“0”，请核对是否有数字抄录错误"
    ]


def test_is_valid_id_number_handles_garbage():
    assert not is_valid_id_number(None)
    assert not is_valid_id_number("not an id")


@pytest.mark.parametrize(
    "args", [("53250", dt.date(1990, 1, 1), 1), ("532504", dt.date(1990, 1, 1), 1000)]
)
def test_make_id_number_rejects_bad_parts(args):
    with pytest.raises(ValueError):
        make_id_number(*args)


# --- 行政区划代码 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "530000",  # 云南省
        "532500",  # 红河哈尼族彝族自治州
        "532504",  # 弥勒市
        "110105",  # 北京市朝阳区
        "429004",  # 仙桃市, 省直辖县级 (90)
        "710000",  # 台湾省
        "820000",  # 澳门特别行政区
        "532504001",  # 弥阳街道
        "441900003",  # 东莞市 has towns but no counties
    ],
)
def test_valid_division_codes(code):
    assert validate_division_code(code) == code
    assert is_valid_division_code(code)


def test_division_code_is_normalised():
    assert validate_division_code(" ５３２５０４ ") == "532504"


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("53250", "length", "行政区划代码应为6位（县级及以上）或9位（乡镇、街道），当前为5位"),
        (None, "length", "行政区划代码应为6位（县级及以上）或9位（乡镇、街道），当前为0位"),
        ("53250A", "charset", "行政区划代码只能由数字组成"),
        (
            "990000",
            "province",
            "行政区划代码“990000”的省级代码“99”不是GB/T 2260规定的省级行政区划代码",
        ),
        (
            "100000",
            "province",
            "行政区划代码“100000”的省级代码“10”不是GB/T 2260规定的省级行政区划代码",
        ),
        ("538000", "prefecture", "行政区划代码“538000”的地级代码“80”无效（应为00–70或90）"),
        (
            "530012",
            "level",
            "行政区划代码“530012”层级错误：第3–4位为00（省级）时第5–6位也应为00",
        ),
        ("530000001", "level", "乡镇（街道）代码“530000001”不能直接隶属于省级区划"),
        ("532504000", "town", "乡镇（街道）代码“532504000”的第7–9位不能为000"),
    ],
)
def test_division_code_errors(value, code, message):
    error = rejection(validate_division_code, value)
    assert (error.code, error.messages) == (code, [message])


def test_province_list_is_the_34_of_gbt_2260():
    assert len(PROVINCE_CODES) == 34
    assert {"11", "65", "71", "81", "82"} <= PROVINCE_CODES


def test_half_width_leaves_chinese_alone():
    assert to_half_width("ＡＢＣ１２３　弥勒市，") == "ABC123 弥勒市,"


# --- properties -------------------------------------------------------------------------------

provinces = st.sampled_from(sorted(PROVINCE_CODES))
prefectures = st.sampled_from([f"{n:02d}" for n in range(1, 71)] + ["90"])


@st.composite
def divisions(draw):
    """Any structurally valid 6-digit GB/T 2260 code: province, prefecture or county level."""
    province = draw(provinces)
    if draw(st.booleans()):
        return province + "0000"
    county = draw(st.integers(0, 99))
    return f"{province}{draw(prefectures)}{county:02d}"


@st.composite
def uscc_bodies(draw):
    authority = draw(st.sampled_from(sorted(REGISTRATION_AUTHORITIES)))
    category = draw(st.sampled_from(sorted(REGISTRATION_AUTHORITIES[authority][1])))
    region = draw(st.one_of(st.just("100000"), divisions()))
    org_body = draw(st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8))
    return authority + category + region + make_org_code(org_body)


@st.composite
def id_numbers(draw):
    region = f"{draw(provinces)}{draw(st.integers(0, 9999)):04d}"
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    return make_id_number(region, born, draw(st.integers(0, 999)))


def replace_one(draw, code: str, alphabet_at) -> str:
    position = draw(st.integers(0, len(code) - 1))
    others = sorted(set(alphabet_at(position)) - {code[position]})
    return code[:position] + draw(st.sampled_from(others)) + code[position + 1 :]


@PROPERTY
@given(uscc_bodies())
def test_generated_usccs_validate(body17):
    code = make_uscc(body17)
    assert validate_uscc(code) == code
    assert uscc_check_character(body17) == reference_uscc_check(body17)


@PROPERTY
@given(uscc_bodies(), st.data())
def test_any_single_substitution_in_a_uscc_is_caught(body17, data):
    # Weights are non-zero mod 31 and 31 is prime, so one changed character always changes the
    # weighted sum; whichever rule fires first, the code must be rejected.
    code = make_uscc(body17)
    typo = replace_one(data.draw, code, lambda _: USCC_CHARSET)
    assert not is_valid_uscc(typo)


@PROPERTY
@given(id_numbers())
def test_generated_id_numbers_validate(number):
    assert validate_id_number(number, today=TODAY) == number
    assert id_number_check_digit(number[:17]) == reference_id_check(number[:17])
    assert validate_id_number(number.lower(), today=TODAY) == number


@PROPERTY
@given(id_numbers(), st.data())
def test_any_single_substitution_in_an_id_number_is_caught(number, data):
    typo = replace_one(data.draw, number, lambda i: "0123456789X" if i == 17 else "0123456789")
    assert not is_valid_id_number(typo, today=TODAY)


@PROPERTY
@given(divisions(), st.integers(1, 999))
def test_generated_division_codes_validate(code, town):
    assert validate_division_code(code) == code
    if code[2:4] != "00":
        assert validate_division_code(f"{code}{town:03d}")
