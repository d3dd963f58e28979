"""The statutory periods and mappings of 依申请公开, each with its source.

Sources: 《中华人民共和国政府信息公开条例》(2019修订, "条例"); 国办公开办函〔2021〕30号 (the annual
report's table 三); 国办函〔2020〕109号《政府信息公开信息处理费管理办法》 ("109号").

UNCONFIRMED rules are settings (read when used, so a deployment can change them):

- ``FAZHI_DISCLOSURE_FEE_PAUSES_CLOCK`` (default True): whether the days from the fee notice to
  payment are left out of the 20-工作日 reply clock. Believed so under 109号, but that passage
  was not read (reference/legal_deadlines.md §1.4, §10 item 3).
- ``FAZHI_DISCLOSURE_FEE_PAYMENT_WORKDAYS`` (default 20): the applicant's time to pay, counted
  from the fee notice. Read only in a provincial notice implementing 109号 (§1.4).
- ``FAZHI_DISCLOSURE_APPLY_LIMIT`` / ``FAZHI_DISCLOSURE_APPLY_WINDOW`` (default 5 / 3600):
  portal submissions per address per window (seconds); not a legal rule, an abuse guard.
- ``FAZHI_DISCLOSURE_TRACK_LIMIT`` (default 30): tracking look-ups per address per window.

The mapping of 条例 art. 36(1), (5) and (7) answers onto table 三 rows (`SITUATION_ROWS`) is
UNCONFIRMED (the 30号 explanatory notes were not read, §1.2, §10 item 4); it is a constant here
so that it is written down once and can be corrected in one place.
"""

from decimal import Decimal

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

from .models import ResultRow, Situation

# 条例 art. 30: the 补正 notice goes out within 7 工作日 of receipt, once, listing every item.
CORRECTION_NOTICE = Limit(7, LimitUnit.WORKDAYS)

# 条例 art. 33 ¶2: reply within 20 工作日 of receipt (of the corrected request, art. 30).
REPLY = Limit(20, LimitUnit.WORKDAYS)

# 条例 art. 33 ¶2: one extension of at most 20 工作日, with the consent of the head of the
# 政府信息公开工作机构, and the applicant told.
EXTENSION = Limit(20, LimitUnit.WORKDAYS)

# 条例 art. 32 (third party) and art. 34 (co-making agencies): they answer within 15 工作日.
CONSULTATION_ANSWER = Limit(15, LimitUnit.WORKDAYS)

ARTICLE = {
    "receive": "条例第三十一条",
    "correction": "条例第三十条",
    "reply": "条例第三十三条第二款",
    "extend": "条例第三十三条第二款",
    "consult": "条例第三十二条、第三十四条、第三十三条第三款",
    "reply_types": "条例第三十六条至第三十九条",
    "fee": "条例第四十二条、国办函〔2020〕109号",
    "challenge": "条例第五十一条",
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
    # art. 36(4) does not exist; art. 38 would need making; art. 30 still unclear after 补正.
    Situation.NOT_EXIST: (ResultRow.NOT_HELD, ResultRow.NEEDS_MAKING, ResultRow.STILL_UNCLEAR),
    # art. 36(5) not this agency's information → 本机关不掌握. UNCONFIRMED.
    Situation.NOT_OURS: (ResultRow.NOT_HELD,),
    # art. 36(6) repeat; art. 39 信访/投诉/举报 and publications; art. 35 unreasonable volume.
    Situation.NOT_HANDLED: (
        ResultRow.REPEAT,
        ResultRow.PETITION,
        ResultRow.PUBLICATION,
        ResultRow.EXCESSIVE,
        ResultRow.CONFIRMATION,
    ),
    # art. 36(7) 工商/不动产登记 information under special rules → (六)其他处理·3. UNCONFIRMED.
    Situation.SPECIAL_RULES: (ResultRow.OTHER,),
}

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
