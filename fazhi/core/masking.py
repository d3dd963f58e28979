"""Personal-data masking for display: personal data is masked wherever it is not needed.

Rules (after common 政务 practice and the de-identification guidance of GB/T 35273):

- 公民身份号码: first 4 + last 4 kept ("5325**********1234"); the kept part shows only the
  province/prefecture and the 顺序码 tail, never the birth date. 15-digit old numbers keep
  first 4 + last 3 (their last 4 would include a birth-date digit). Anything else: all masked.
- 手机号码: first 3 + last 4 kept ("138****5678"); a +86/0086 prefix is kept as is.
- 固定电话: area code + last 2 kept ("0873-*****67").
- 姓名: the first character (usually the surname) kept, every other character masked
  ("张**", "张*"); a one-character name is masked entirely. Separators such as "·" stay.
- 地址: kept down to 区县 level, the rest replaced by a fixed "****" so the length leaks nothing.
- Free text (`mask_text`): every embedded ID number and mobile number, by shape, valid or not.

Where a page, the API or an export shows a record to someone who does not need its personal
data, each field goes through `field_masker(field)` (a personal-data field by its kind, any other
free text by `mask_text`) and free text on its own through `masked_text(value, reveal)`; the
template filter `{{ value|masked_text }}` (or `|masked_text:reveal`) is the same function.

Every function takes None or "" and returns "", keeps a masked value's length (except addresses),
and is idempotent: masking an already masked value changes nothing and reveals nothing more.
"""

import copy
import re
from collections.abc import Callable

from django.db import models

from .validators import normalise_code, to_half_width

MASK = "*"
_DIGITS = "0-9０-９"  # ASCII and full-width: free text is not normalised before masking.
_NAME_SEPARATORS = frozenset("·•・.- \u3000")


def _is_digit_like(char: str) -> bool:
    # A "*" stands for a digit already masked, so masking twice counts positions the same way.
    return char in "*＊" or char.isdigit()


def _mask_digits(text: str, keep_head: int, keep_tail: int) -> str:
    """Mask the digits of `text` except its first `keep_head` and last `keep_tail` digits."""
    positions = [i for i, char in enumerate(text) if _is_digit_like(char)]
    hidden = set(positions[keep_head : len(positions) - keep_tail])
    return "".join(MASK if i in hidden else char for i, char in enumerate(text))


# --- 公民身份号码 -----------------------------------------------------------------------------


def mask_id_number(value) -> str:
    """First 4 + last 4 kept: "532526199001011234" → "5325**********1234"."""
    number = normalise_code(value)
    tail = {18: 4, 15: 3}.get(len(number))
    if tail is None:
        return MASK * len(number)
    return number[:4] + MASK * (len(number) - 4 - tail) + number[-tail:]


# --- 电话 -------------------------------------------------------------------------------------

_MOBILE = re.compile(r"(?P<prefix>(?:\+|00)?86[- ]?)?(?P<number>1[0-9*]{2}(?:[- ]?[0-9*]{4}){2})")
# 3-digit area codes are 010 and 02x; all others have 4 digits (so 01012345678 splits right).
_LANDLINE = re.compile(r"(?P<area>010|02[0-9]|0[3-9][0-9]{2})[- ]?[0-9*]{7,8}")


def mask_email(value) -> str:
    """First character of the mailbox name kept: "wangxm@example.com" → "w*****@example.com"."""
    text = "" if value is None else str(value).strip()
    name, at, domain = text.partition("@")
    if not at:
        return "*" * len(text)
    return (name[:1] + "*" * max(len(name) - 1, 1)) + "@" + domain


def mask_phone(value) -> str:
    """Mobile "13812345678" → "138****5678", landline "0873-1234567" → "0873-*****67".

    A number of any other shape keeps only its last 2 digits (none if it has 4 digits or fewer).
    """
    phone = to_half_width("" if value is None else str(value)).strip()
    if mobile := _MOBILE.fullmatch(phone):
        return (mobile["prefix"] or "") + _mask_digits(mobile["number"], 3, 4)
    if landline := _LANDLINE.fullmatch(phone):
        return _mask_digits(phone, len(landline["area"]), 2)
    digit_count = sum(map(_is_digit_like, phone))
    return _mask_digits(phone, 0, 2 if digit_count > 4 else 0)


# --- 姓名 -------------------------------------------------------------------------------------


def mask_name(value) -> str:
    """Surname kept: "张三丰" → "张**", "张三" → "张*", "张" → "*"."""
    name = "" if value is None else str(value).strip()
    if len(name) <= 1:
        return MASK * len(name)
    rest = "".join(char if char in _NAME_SEPARATORS else MASK for char in name[1:])
    return name[0] + rest


# --- 地址 -------------------------------------------------------------------------------------

# Characters that never occur in the name of a division down to 区县 but do in street addresses,
# so a level may not run across them ("人民路超市" is no city). A few real names contain 乡 or
# 镇 (镇江市, 乡城县); those addresses are masked from that level on, which is the safe side.
_NOT_IN_NAMES = r"\dA-Za-z*省市区县州盟旗路街巷弄号村组楼栋室乡镇"
_ADDRESS_PREFIX = re.compile(
    rf"(?P<province>(?:北京|天津|上海|重庆)市|[^{_NOT_IN_NAMES}]{{2,7}}?(?:省|自治区|特别行政区))?"
    rf"(?P<prefecture>[^{_NOT_IN_NAMES}]{{1,10}}?(?:自治州|地区|盟|州|市))?"
    rf"(?P<county>[^{_NOT_IN_NAMES}]{{1,10}}?(?:自治县|自治旗|县|区|市|旗))?"
)
# Places inside a county that end like a county name; keeping them would leak the address.
_NOT_COUNTIES = ("小区", "社区", "园区", "校区", "景区", "片区", "街区", "厂区", "开发区", "工业区")


def mask_address(value) -> str:
    """Keep the 省/市/区县 prefix, mask the rest: "云南省弥勒市弥阳街道…" → "云南省弥勒市****".

    Best effort on free-form addresses, erring towards masking more: what is not recognised as
    an administrative prefix is masked.
    """
    address = "" if value is None else str(value).strip()
    match = _ADDRESS_PREFIX.match(address)
    kept = match.group(0)
    if match["county"] and match["county"].endswith(_NOT_COUNTIES):
        kept = kept[: match.start("county")]
    return address if kept == address else kept + MASK * 4


# --- free text --------------------------------------------------------------------------------

_ID_IN_TEXT = re.compile(rf"(?<![{_DIGITS}])[{_DIGITS}]{{17}}[{_DIGITS}XxＸｘ](?![{_DIGITS}])")
_MOBILE_IN_TEXT = re.compile(
    rf"(?<![{_DIGITS}])(?P<prefix>(?:[+＋]|00)?86[-－ ]?)?"
    rf"(?P<number>[1１][3-9３-９][{_DIGITS}](?:[-－ ]?[{_DIGITS}]{{4}}){{2}})(?![{_DIGITS}])"
)


def mask_text(value) -> str:
    """Mask every ID number and mobile number inside free text before it is shown to the public.

    Landlines are left alone on purpose: in 政务 texts they are mostly office and hotline numbers
    that the public needs.
    """
    text = "" if value is None else str(value)
    if len(text) < 11:  # both need 11 digits or more: most cells of a list page are shorter
        return text
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_IN_TEXT.sub(
        lambda m: (m["prefix"] or "") + _mask_digits(m["number"], 3, 4), text
    )


# Seven digits in a row, however spaced or dashed: a piece of an ID or mobile number.
_NUMBER_PIECE = re.compile(rf"[{_DIGITS}](?:[-－\s]*[{_DIGITS}]){{6}}")


def holds_number_piece(query: str) -> bool:
    """Whether a public search holds a piece of an ID or mobile number ("139 8765", "5325-26…").
    Such a search is not matched against text the page shows masked: finding the record would
    confirm the number to whoever guessed it."""
    return bool(_NUMBER_PIECE.search(query or ""))


def masked_text(value, reveal: bool = False) -> str:
    """Free text as shown to someone who does not need the personal data in it.

    `reveal` is for the few who may see a record unmasked, after the opening has been audited
    (the staff pages' 查看完整信息); everyone else, the public and every export get `mask_text`.
    """
    if reveal:
        return "" if value is None else str(value)
    return mask_text(value)


# --- model fields -----------------------------------------------------------------------------

# Field-name endings that hold personal data, and how each is masked: pages, the API and exports
# decide by the same endings.
PERSONAL_DATA_MASKS: dict[str, Callable[[object], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
}
# Codes that are no personal data and that masking by shape would destroy: a 统一社会信用代码 is
# public by design (国发〔2015〕33号) and often has the shape of an ID number; a SHA-256 in hex
# may hold 18 digits in a row, and a checksum masked no longer checks anything.
NOT_FREE_TEXT_ENDINGS = ("uscc", "sha256", "hash")


def personal_data_mask(field_name: str) -> Callable[[object], str] | None:
    """The mask of a personal-data field, by the ending of its name; None for other fields."""
    return next((m for end, m in PERSONAL_DATA_MASKS.items() if field_name.endswith(end)), None)


def field_masker(field: models.Field) -> Callable[[object], str] | None:
    """How a model field's value is masked where its personal data is not needed, or None.

    A personal-data field by its kind (ID number, phone, address); any other text field that
    people type into (CharField, TextField without choices) by `mask_text`; codes that are public
    by design and fields of other types not at all.
    """
    if mask := personal_data_mask(field.name):
        return mask
    is_typed_text = isinstance(field, models.CharField | models.TextField) and not field.choices
    if is_typed_text and not field.name.endswith(NOT_FREE_TEXT_ENDINGS):
        return mask_text
    return None


def masked_record(record: models.Model, personal: dict | None = None) -> tuple[models.Model, list]:
    """A copy of `record` to show to someone who has not opened it (查看完整个人信息), and the
    names of the fields masked in it.

    Each field goes through the procedure's own mask for it (`personal`) or `field_masker`, so
    free text typed anywhere in the record (a title, a reason, an opinion) shows its ID and
    mobile numbers masked, and so does the record's `str()`. The copy is for display only: its
    `save` refuses, and the record itself is unchanged.
    """
    personal = personal or {}
    maskers = {
        field.attname: mask
        for field in record._meta.concrete_fields
        if (mask := personal.get(field.name) or field_masker(field))
    }
    shown = copy.copy(record)
    deferred = shown.get_deferred_fields() & maskers.keys()
    if deferred:  # loaded now, or the template would load them later unmasked
        shown.refresh_from_db(fields=sorted(deferred))
    masked = []
    for attname, mask in maskers.items():
        value = getattr(shown, attname)
        if isinstance(value, str) and (hidden := mask(value)) != value:
            setattr(shown, attname, hidden)
            masked.append(attname)
    shown.save = _display_copy_is_never_saved
    return shown, masked


def _display_copy_is_never_saved(*args, **kwargs):
    raise TypeError("A record masked for display is never saved.")
