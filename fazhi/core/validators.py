"""Validators for the national codes the platform records, plus generators for tests.

- 统一社会信用代码 (USCC): GB 32100-2015, whose positions 9–17 are a GB 11714-1997 组织机构代码.
- 公民身份号码: GB 11643-1999.
- 行政区划代码: GB/T 2260 (6 digits) and 乡镇 codes in the GB/T 10114 style (9 digits).

Every `validate_*` normalises its input first (see `normalise_code`), raises Django's
`ValidationError` with a specific Chinese message and a `code`, and returns the normalised value
so a form's `clean_<field>` can store the canonical form: `return validate_uscc(value)`.
"""

import datetime as dt
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.utils import timezone

# --- normalisation ---------------------------------------------------------------------------

# Full-width ASCII (U+FF01–U+FF5E) sits at a fixed offset from ASCII; U+3000 is the ideographic
# space. Chinese input methods produce these, so "９１３５…" must mean "9135…".
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Copied from web pages and Word documents, codes often carry invisible characters.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def plain_int(text: str, digits: int = 18) -> int | None:
    """The number written in `text` if it is 1 to `digits` ASCII digits, else None. Not
    str.isdigit(): it also takes "²" or "١", which int() refuses or reads (a 500, or an id the
    user did not type)."""
    if 0 < len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def to_half_width(text: str) -> str:
    """Full-width letters, digits, punctuation and spaces as their ASCII counterparts."""
    return text.translate(_HALF_WIDTH)


def normalise_code(value) -> str:
    """The canonical form of a typed code: half-width, no whitespace at all, upper case."""
    if value is None:
        return ""
    text = to_half_width(str(value)).translate(_INVISIBLE)
    return "".join(text.split()).upper()


def _reject(message: str, error_code: str, /, **params) -> NoReturn:
    raise ValidationError(message, code=error_code, params=params)


def _check_length(value: str, length: int, label: str) -> None:
    if len(value) != length:
        _reject(
            "%(label)s长度应为%(expected)d位，当前为%(length)d位",
            "length",
            label=label,
            expected=length,
            length=len(value),
        )


# --- 行政区划代码, GB/T 2260 -------------------------------------------------------------------

# GB/T 2260 表1: the 34 provincial-level divisions (省、自治区、直辖市、特别行政区).
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"}
    | {"65", "71", "81", "82"}
)
# GB/T 2260 编码规则, positions 3–4: 01–70 市/地区/自治州/盟, 90 省直辖县级行政区划; 00 = the
# province itself.
_PREFECTURE_CODES = frozenset({f"{n:02d}" for n in range(71)} | {"90"})
DIVISION_LABEL = "行政区划代码"


def _check_province(code: str, label: str) -> None:
    if code[:2] not in PROVINCE_CODES:
        _reject(
            "%(label)s“%(code)s”的省级代码“%(province)s”不是GB/T 2260规定的省级行政区划代码",
            "province",
            label=label,
            code=code,
            province=code[:2],
        )


def _check_division6(code: str, label: str) -> None:
    """Province prefix, prefecture range and level structure of a 6-digit GB/T 2260 code."""
    _check_province(code, label)
    prefecture, county = code[2:4], code[4:6]
    if prefecture not in _PREFECTURE_CODES:
        _reject(
            "%(label)s“%(code)s”的地级代码“%(prefecture)s”无效（应为00–70或90）",
            "prefecture",
            label=label,
            code=code,
            prefecture=prefecture,
        )
    # A county is always coded under a prefecture (or 90, 省直辖): xx00yy does not exist.
    if prefecture == "00" and county != "00":
        _reject(
            "%(label)s“%(code)s”层级错误：第3–4位为00（省级）时第5–6位也应为00",
            "level",
            label=label,
            code=code,
        )


def validate_division_code(value) -> str:
    """A 6-digit GB/T 2260 code, or a 9-digit 乡镇(街道) code: a 6-digit code + 3 digits."""
    code = normalise_code(value)
    if len(code) not in (6, 9):
        _reject(
            "行政区划代码应为6位（县级及以上）或9位（乡镇、街道），当前为%(length)d位",
            "length",
            length=len(code),
        )
    if not (code.isascii() and code.isdigit()):
        _reject("行政区划代码只能由数字组成", "charset")
    _check_division6(code[:6], DIVISION_LABEL)
    if len(code) == 9:
        _check_town(code)
    return code


def _check_town(code: str) -> None:
    # GB/T 10114: towns hang under a prefecture- or county-level division, numbered from 001.
    if code[2:4] == "00":
        _reject("乡镇（街道）代码“%(code)s”不能直接隶属于省级区划", "level", code=code)
    if code[6:] == "000":
        _reject("乡镇（街道）代码“%(code)s”的第7–9位不能为000", "town", code=code)


def is_valid_division_code(value) -> bool:
    return _passes(validate_division_code, value)


# --- 组织机构代码, GB 11714-1997 ----------------------------------------------------------------

# GB 11714-1997 校验码: digits keep their value, letters A–Z count 10–35, in this order;
# the weights are those of positions 1–8.
_ORG_CODE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_character(body8: str) -> str:
    """GB 11714 check character: C9 = 11 − (Σ Ci·Wi mod 11); 10 → "X", 11 → "0"."""
    if len(body8) != 8 or any(c not in _ORG_CODE_CHARS for c in body8):
        raise ValueError(f"组织机构代码本体应为8位数字或大写字母：{body8!r}")
    total = sum(_ORG_CODE_CHARS.index(c) * w for c, w in zip(body8, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_org_code(body8: str) -> str:
    """The 9-character 组织机构代码 for an 8-character body."""
    return body8 + org_code_check_character(body8)


# --- 统一社会信用代码, GB 32100-2015 ------------------------------------------------------------

# GB 32100-2015 代码字符集: digits and upper-case letters except I, O, Z, S, V (easily misread),
# valued 0–30 in this order.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(USCC_CHARSET)}
# GB 32100-2015 校验码: Wi = 3^(i−1) mod 31 for positions 1–17.
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LABEL = "统一社会信用代码"

# GB 32100-2015 代码结构, positions 1–2: each 登记管理部门代码 with the 机构类别代码 it
# issues, as in the published national table (the standard's own examples are 1, 5, 9 and Y;
# 司法行政 3x covers 律师事务所, 公证处 and 仲裁委员会, which this platform meets daily).
REGISTRATION_AUTHORITIES = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", {"1": "其他"}),
}
# GB 32100-2015 代码结构 (登记管理机关行政区划码): national registrations use 100000.
NATIONAL_REGISTRATION_CODE = "100000"


def uscc_check_character(body17: str) -> str:
    """GB 32100-2015 check character (校验码): C18 = 31 − (Σ Ci·Wi mod 31), where 31 becomes 0."""
    if len(body17) != 17 or any(c not in _USCC_VALUES for c in body17):
        raise ValueError(f"统一社会信用代码前17位应由GB 32100代码字符组成：{body17!r}")
    total = sum(_USCC_VALUES[c] * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def make_uscc(body17: str) -> str:
    """The 18-character USCC for a 17-character body (for tests and fixtures)."""
    return body17 + uscc_check_character(body17)


def validate_uscc(value) -> str:
    """A 统一社会信用代码 per GB 32100-2015; returns the normalised code."""
    code = normalise_code(value)
    _check_length(code, 18, USCC_LABEL)
    _check_uscc_charset(code)
    _check_authority_and_category(code[0], code[1])
    _check_registration_division(code[2:8])
    _check_uscc_check_character(code)
    _check_org_code(code[8:17])
    return code


def is_valid_uscc(value) -> bool:
    return _passes(validate_uscc, value)


def _check_uscc_charset(code: str) -> None:
    for position, char in enumerate(code, start=1):
        if char not in _USCC_VALUES:
            _reject(
                "统一社会信用代码含有不允许的字符“%(char)s”（第%(position)d位）；"
                "只能使用数字和除I、O、Z、S、V以外的大写字母",
                "charset",
                char=char,
                position=position,
            )


def _check_authority_and_category(authority: str, category: str) -> None:
    if authority not in REGISTRATION_AUTHORITIES:
        _reject(
            "统一社会信用代码第1位登记管理部门代码“%(authority)s”无效",
            "authority",
            authority=authority,
        )
    name, categories = REGISTRATION_AUTHORITIES[authority]
    if category not in categories:
        _reject(
            "统一社会信用代码第2位机构类别代码“%(category)s”不属于登记管理部门“%(name)s”"
            "（可用：%(allowed)s）",
            "category",
            category=category,
            name=name,
            allowed="、".join(categories),
        )


def _check_registration_division(division: str) -> None:
    # GB 32100-2015 代码结构: positions 3–8 are the registering authority's GB/T 2260 code.
    if not division.isdigit():
        _reject(
            "统一社会信用代码第3–8位登记管理机关行政区划码“%(division)s”应为6位数字",
            "division",
            division=division,
        )
    if division != NATIONAL_REGISTRATION_CODE:
        _check_division6(division, "登记管理机关行政区划码")


def _check_uscc_check_character(code: str) -> None:
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        _reject(
            "统一社会信用代码校验码错误：按前17位计算第18位应为“%(expected)s”，"
            "当前为“%(actual)s”，请核对是否有字符抄录错误",
            "check_digit",
            expected=expected,
            actual=code[17],
        )


def _check_org_code(org_code: str) -> None:
    expected = org_code_check_character(org_code[:8])
    if org_code[8] != expected:
        _reject(
            "统一社会信用代码第9–17位组织机构代码“%(org_code)s”校验码错误，"
            "按GB 11714第17位应为“%(expected)s”",
            "org_code_check_digit",
            org_code=org_code,
            expected=expected,
        )


# --- 公民身份号码, GB 11643-1999 ---------------------------------------------------------------

# GB 11643-1999 校验码 (ISO 7064 MOD 11-2): Wi = 2^(18−i) mod 11;
# check = (12 − Σ mod 11) mod 11, written X when it is 10.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "0123456789X"
ID_LABEL = "公民身份号码"
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


def id_number_check_digit(body17: str) -> str:
    """GB 11643-1999 check character (校验码) of the 17-digit body."""
    if len(body17) != 17 or not (body17.isascii() and body17.isdigit()):
        raise ValueError(f"公民身份号码本体应为17位数字：{body17!r}")
    total = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[(12 - total % 11) % 11]


def make_id_number(region: str, birth_date: dt.date, seq: int) -> str:
    """An 18-character 公民身份号码 from 地址码, 出生日期码 and 顺序码 (odd = male)."""
    if len(region) != 6 or not region.isdigit() or not 0 <= seq <= 999:
        raise ValueError(f"地址码应为6位数字、顺序码应为0–999：{region!r}, {seq!r}")
    body17 = f"{region}{birth_date:%Y%m%d}{seq:03d}"
    return body17 + id_number_check_digit(body17)


def validate_id_number(value, *, today: dt.date | None = None) -> str:
    """An 18-character 公民身份号码 per GB 11643-1999; returns it normalised (lower x → X)."""
    number = normalise_code(value)
    _check_length(number, 18, ID_LABEL)
    _check_id_charset(number)
    # GB 11643-1999 地址码 is a GB/T 2260 code; abolished county codes stay valid on old cards,
    # so only the province prefix can be checked without a historical code table.
    _check_province(number[:6], "公民身份号码地址码")
    _check_birth_date(number, today or timezone.localdate())
    _check_id_check_digit(number)
    return number


def is_valid_id_number(value, *, today: dt.date | None = None) -> bool:
    return _passes(lambda v: validate_id_number(v, today=today), value)


def id_number_birth_date(number: str) -> dt.date:
    """The 出生日期码 of a validated number (raises ValueError if it is no real date)."""
    digits = number[6:14]
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def _check_id_charset(number: str) -> None:
    for position, char in enumerate(number[:17], start=1):
        if not ("0" <= char <= "9"):
            _reject(
                "公民身份号码前17位应为数字，第%(position)d位为“%(char)s”",
                "charset",
                position=position,
                char=char,
            )
    if number[17] not in _ID_CHECK_CHARS:
        _reject(
            "公民身份号码第18位校验码应为数字或X，当前为“%(char)s”",
            "charset",
            char=number[17],
        )


def _check_birth_date(number: str, today: dt.date) -> None:
    try:
        born = id_number_birth_date(number)
    except ValueError:
        _reject(
            "公民身份号码第7–14位出生日期“%(digits)s”不是有效日期",
            "birth_date",
            digits=number[6:14],
        )
    if born > today:
        _reject("公民身份号码出生日期%(born)s晚于今天", "birth_date_future", born=born.isoformat())
    if born < EARLIEST_BIRTH_DATE:
        _reject(
            "公民身份号码出生日期%(born)s早于1900年1月1日",
            "birth_date_too_early",
            born=born.isoformat(),
        )


def _check_id_check_digit(number: str) -> None:
    expected = id_number_check_digit(number[:17])
    if number[17] != expected:
        _reject(
            "公民身份号码校验码错误：按前17位计算第18位应为“%(expected)s”，"
            "当前为“%(actual)s”，请核对是否有数字抄录错误",
            "check_digit",
            expected=expected,
            actual=number[17],
        )


def _passes(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True
