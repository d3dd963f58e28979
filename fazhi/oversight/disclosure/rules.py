"""The statutory periods and mappings of 依申请公开, each with its source.

Sources: 《中华人民共和国政府信息公开条例》(2019修订, "条例"); 国办公开办函〔2021〕30号 (the annual
report's table 三); 国办函〔2020〕109号《政府信息公开信息处理费管理办法》 ("109号");
《中华人民共和国行政复议法》(2023修订) and 《中华人民共和国行政诉讼法》(2017修正) for the 救济途径.

UNCONFIRMED rules and rules the law leaves open are settings (read when used, so a deployment can
change them):

- ``FAZHI_DISCLOSURE_FEE_PAUSES_CLOCK`` (default True): whether the days from the fee notice to
  payment are left out of the 20-工作日 reply clock. Believed so under 109号 (the span "自发出收费
  通知之日起至申请人缴纳费用之日止"), but that passage was not read here (reference/
  legal_deadlines.md §1.4, §10 item 3); the pause therefore starts on the day the notice is sent.
- ``FAZHI_DISCLOSURE_FEE_PAYMENT_WORKDAYS`` (default 20): the applicant's time to pay, counted
  from the day after the applicant RECEIVED the 收费通知 (109号: 申请人应当在收到收费通知的次日起
  20个工作日内缴纳; the article number is UNCONFIRMED — believed 第六条 — the text read covered
  only arts. 1–5; the 四川 implementing notice of reference §1.4 says the same). Counting "from the
  day after receipt" is the kernel's rule that the start day is not counted, so the due date is
  the 20th working day after the recorded 送达 (`services.serve_fee_notice`), never after the
  day the notice was sent.
- ``FAZHI_DISCLOSURE_REVIEW_FIRST_SITUATIONS`` (default ``("36_3", "37")``): the reply kinds
  whose 救济途径 must say 复议前置 (行政复议法(2023) art. 23 ¶1(4): 申请政府信息公开，行政机关
  不予公开 — first 行政复议, then 行政诉讼; ¶2: the agency must tell the applicant so when it
  answers). Default: the 不予公开 answer of art. 36(3) and the 不予公开 part of a 区分处理
  answer (art. 37, "对不予公开的内容说明理由"). Whether 不存在 (36(4)), 非本机关 (36(5)), 不予
  提供 (art. 38) or 不予处理 answers also count as "不予公开" is not settled by the text; a
  deployment that reads it broadly lists them here.
- ``FAZHI_DISCLOSURE_APPLY_LIMIT`` / ``FAZHI_DISCLOSURE_APPLY_WINDOW`` (default 5 / 3600):
  portal submissions per address per window (seconds); not a legal rule, an abuse guard.
- ``FAZHI_DISCLOSURE_TRACK_LIMIT`` (default 30): tracking look-ups per address per window.

The mapping of 条例 art. 36(1), (5) and (7) answers onto table 三 rows (`SITUATION_ROWS`) is
UNCONFIRMED (the 30号 explanatory notes were not read, §1.2, §10 item 4); it is a constant here
so that it is written down once and can be corrected in one place.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from fazhi.core.clocks import Limit, LimitUnit

from .models import Collection, Format, ResultRow, Situation

# 条例 art. 30: the 补正 notice goes out within 7 工作日 of receipt, once, listing every item.
CORRECTION_NOTICE = Limit(7, LimitUnit.WORKDAYS)

# 条例 art. 33 ¶2: reply within 20 工作日 of receipt (of the corrected request, art. 30).
REPLY = Limit(20, LimitUnit.WORKDAYS)

# What the applicant is told while that date cannot be counted yet (Steps.create, await_calendar):
# the period of 条例 art. 33 ¶2, from REPLY, without a date.
REPLY_DUE_PENDING = (
    f"自收到申请之日起{REPLY.amount}个{REPLY.unit.label}内；具体日期待本机关录入国务院办公厅公布的"
    "节假日安排后确定，届时可凭受理编号和查询码查询"
)

# 条例 art. 33 ¶2: one extension, "延长的期限最长不得超过20个工作日", with the consent of the
# head of the 政府信息公开工作机构, and the applicant told. The approver names the number of
# 工作日 (1 to this maximum); before 2026-12 every extension was of 20 (migration 0002).
MAX_EXTENSION_WORKDAYS = 20


def extension(workdays: int) -> Limit:
    return Limit(workdays, LimitUnit.WORKDAYS)


# 条例 art. 32 (third party) and art. 34 (co-making agencies): they answer "自收到征求意见书之日
# 起15个工作日内" — counted from the recorded 送达 of the letter (`services.serve_consultation`),
# not from its date. The time the consultation takes (from the letter) does not count against
# the reply clock (art. 33 ¶3).
CONSULTATION_ANSWER = Limit(15, LimitUnit.WORKDAYS)

ARTICLE = {
    "receive": "条例第三十一条",
    "correction": "条例第三十条",
    "reply": "条例第三十三条第二款",
    "extend": "条例第三十三条第二款",
    "consult": "条例第三十二条、第三十四条、第三十三条第三款",
    "reasons": "条例第三十五条",
    "delay": "条例第三十五条",
    "reply_types": "条例第三十五条至第三十九条",
    "fee": "条例第四十二条、国办函〔2020〕109号",
    "fee_payment": "国办函〔2020〕109号(收到收费通知的次日起20个工作日内缴纳)",
    "challenge": "条例第五十一条",
    "review_first": "行政复议法第二十三条第一款第四项、第二款",
}

# Which 办理结果 rows (table 三, 30号) each 条例 art. 36 situation may be counted in; the first
# is the default when the staff name no row.
SITUATION_ROWS: dict[str, tuple[str, ...]] = {
    # art. 36(1) already public → told where: counted as 予以公开. UNCONFIRMED.
    Situation.ALREADY_PUBLIC: (ResultRow.DISCLOSED,),
    Situation.DISCLOSE: (ResultRow.DISCLOSED,),  # art. 36(2)
    Situation.PARTIAL: (ResultRow.PARTIAL,),  # art. 37: a separated request counts only here
    Situation.WITHHOLD: (  # art. 36(3) with the grounds of arts. 14–16
        ResultRow.WITHHELD_SECRET,
        ResultRow.WITHHELD_LAW,
        ResultRow.WITHHELD_SAFETY,
        ResultRow.WITHHELD_THIRD_PARTY,
        ResultRow.WITHHELD_INTERNAL,
        ResultRow.WITHHELD_PROCESS,
        ResultRow.WITHHELD_CASE_FILE,
        ResultRow.WITHHELD_QUERY,
    ),
    # art. 36(4) does not exist → 本机关不掌握; art. 30 still unclear after 补正 (UNCONFIRMED).
    Situation.NOT_EXIST: (ResultRow.NOT_HELD, ResultRow.STILL_UNCLEAR),
    # art. 36(5) not this agency's information → 本机关不掌握. UNCONFIRMED.
    Situation.NOT_OURS: (ResultRow.NOT_HELD,),
    # art. 36(6) 不予重复处理; a request to confirm or re-issue information already obtained is
    # counted with it (UNCONFIRMED: 30号 has its own row 5.5, no article of its own).
    Situation.REPEAT: (ResultRow.REPEAT, ResultRow.CONFIRMATION),
    # art. 36(7) 工商/不动产登记 information under special rules → (六)其他处理·3. UNCONFIRMED.
    Situation.SPECIAL_RULES: (ResultRow.OTHER,),
    Situation.NEEDS_PROCESSING: (ResultRow.NEEDS_MAKING,),  # art. 38 → (四)无法提供·2
    Situation.PETITION: (ResultRow.PETITION,),  # art. 39 ¶1 → (五)不予处理·1
    Situation.PUBLICATION: (ResultRow.PUBLICATION,),  # art. 39 ¶2 → (五)不予处理·3
    Situation.EXCESSIVE: (ResultRow.EXCESSIVE,),  # art. 35 → (五)不予处理·4
    # art. 2: not 政府信息 → (六)其他处理·3 其他. UNCONFIRMED (30号 has no row of its own).
    Situation.NOT_GOVERNMENT_INFO: (ResultRow.OTHER,),
}

# The answers refused without a reason stated in the reply: art. 36(3) "说明理由", art. 37 "对不予
# 公开的内容说明理由", art. 35 (why the reasons given are unreasonable). Art. 36(5) asks for a
# reason too, but historical imports carry 36(5) answers without one; its label says what to
# write, and it is not refused.
REASON_REQUIRED = {
    Situation.WITHHOLD: "不予公开的，应当告知申请人不予公开的理由(条例第三十六条第三项)。",
    Situation.PARTIAL: "区分处理的，应当对不予公开的内容说明理由(条例第三十七条)。",
    Situation.EXCESSIVE: "告知不予处理的，应当说明认为申请理由不合理的理由(条例第三十五条)。",
}


def review_first_situations() -> tuple[str, ...]:
    """The reply kinds whose 救济途径 is 复议前置 (see the module docstring)."""
    default = (Situation.WITHHOLD.value, Situation.PARTIAL.value)
    return tuple(getattr(settings, "FAZHI_DISCLOSURE_REVIEW_FIRST_SITUATIONS", default))


# 行政复议法(2023) art. 20 (60日 from knowing of the act), art. 23 ¶1(4) and ¶2 (复议前置, and the
# agency's duty to say so); 行政诉讼法 art. 45 (15日 after the 复议决定书) and art. 46 (6个月
# when suing directly); 条例 art. 51 (投诉、举报 too).
REMEDY_REVIEW_FIRST = (
    "申请人对本答复中不予公开的决定不服的，应当先自知道该决定之日起六十日内依法申请行政复议，"
    "不能直接提起行政诉讼；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向"
    "人民法院提起行政诉讼(行政复议法第二十条、第二十三条第一款第四项及第二款，行政诉讼法第四十五条)。"
)
REMEDY_GENERAL = (
    "申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开"
    "工作主管部门投诉、举报，也可以自知道之日起六十日内依法申请行政复议，或者自知道之日起六个月内"
    "依法向人民法院提起行政诉讼(条例第五十一条，行政复议法第二十条，行政诉讼法第四十六条)。"
)


def remedy_text(situation: str) -> str:
    """The 救济途径 the reply tells the applicant (stored on the request with the reply)."""
    return REMEDY_REVIEW_FIRST if situation in review_first_situations() else REMEDY_GENERAL


# 109号 art. 4 (按件): per applicant and calendar month, the first 10 requests are free; the 11th
# to 30th cost 100元 each; from the 31st every further block of 10 adds 100元 a request.
FREE_REQUESTS_PER_MONTH = 10
# 109号 art. 5 (按量): per request, 30 pages free; then tiers by page number.
FREE_PAGES = 30
PAGE_TIERS = ((100, Decimal(10)), (200, Decimal(20)), (None, Decimal(40)))


def fee_per_request(nth_in_month: int) -> Decimal:
    """The fee for the applicant's `nth_in_month` request of the calendar month (按件)."""
    if nth_in_month <= FREE_REQUESTS_PER_MONTH:
        return Decimal(0)
    if nth_in_month <= 30:
        return Decimal(100)
    return Decimal(100) * (2 + (nth_in_month - 31) // 10)


def fee_per_page(pages: int) -> Decimal:
    """The fee for one request of `pages` pages (按量): each tier charges its own pages."""
    total, low = Decimal(0), FREE_PAGES
    for top, price in PAGE_TIERS:
        upper = pages if top is None else min(pages, top)
        if upper > low:
            total += (upper - low) * price
        if top is None or pages <= top:
            break
        low = top
    return total


def fee_pauses_clock() -> bool:
    return bool(getattr(settings, "FAZHI_DISCLOSURE_FEE_PAUSES_CLOCK", True))


def fee_payment_period() -> Limit:
    return Limit(int(getattr(settings, "FAZHI_DISCLOSURE_FEE_PAYMENT_WORKDAYS", 20)), "工作日")


def delivery_gap(data: dict) -> tuple[str, str] | None:
    """The field the chosen 提供形式 still needs and why, or None: an e-mail address for 电子邮件;
    for paper or a disc, posted (then the postal address) or collected; a telephone to agree the
    day of 现场查阅; a word on any other form."""
    wanted = data.get("format_wanted")
    email = (data.get("delivery_email") or "").strip()
    if wanted == Format.EMAIL:
        if not email:
            return "delivery_email", "选择以电子邮件提供的，请填写接收信息的电子邮箱。"
        try:
            validate_email(email)
        except ValidationError:
            return "delivery_email", "电子邮箱格式不正确，请检查后重新填写。"
    if wanted in (Format.PAPER, Format.DISC):
        if data.get("delivery_collection") not in Collection.values:
            label = Format(wanted).label
            return "delivery_collection", f"选择{label}的，请选择邮寄或到受理机关领取。"
        posted = data["delivery_collection"] == Collection.POST
        if posted and not (data.get("delivery_address") or "").strip():
            return "delivery_address", "选择邮寄的，请填写邮寄地址。"
    if wanted == Format.VIEW and not (data.get("applicant_phone") or "").strip():
        return "applicant_phone", "选择现场查阅的，请留联系电话，以便约定查阅的时间和地点。"
    if wanted == Format.OTHER and not (data.get("delivery_other") or "").strip():
        return "delivery_other", "选择其他提供形式的，请说明希望以何种形式获取信息。"
    return None
