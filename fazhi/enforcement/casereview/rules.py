"""The rules of 案卷评查 the law leaves open: every one is a setting (docs/architecture.md, "Rules
the law leaves open").

No national law or regulation sets how an 行政执法案卷评查 is scored, where its lines lie or how
long a department has to rectify: 国办发〔2018〕118号 asks for 执法监督 and the seed (四.1)
for "每年组织至少一次行政执法案卷评查" without a standard; provinces publish their own
评查标准 (commonly 100 points, 90 优秀, 60 or 70 合格) and give 整改 periods of 15 to 30 days.
All UNCONFIRMED:

- FAZHI_CASE_REVIEW_EXCELLENT (default 90): a file scoring at least this (百分制: its points ÷
  the rubric's maximum × 100) is 优秀.
- FAZHI_CASE_REVIEW_PASS (default 60): at least this is 合格, below it 不合格 (the pass line).
- FAZHI_CASE_REVIEW_RECTIFY_WORKDAYS (default 20): 工作日 from the day after the result is sent
  back to the department within which it records its 整改情况; a due date and a reminder of the
  tick, never a refusal.
"""

from decimal import Decimal

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

from .models import Grade

# The basis of 案卷评查 itself: 国办发〔2018〕118号 (十九) "加强和完善行政执法案例指导、行政执法
# 裁量基准、行政执法案卷管理和评查…等制度建设"; 法治政府建设实施纲要(2021-2025年) (二十六)
# "加强和完善行政执法案卷管理和评查…等制度建设". Neither sets a procedure: the steps here (方案,
# 随机抽取, 评分, 反馈, 整改) are the usual practice of provincial 评查办法.
ARTICLE = "国办发〔2018〕118号第(十九)项；法治政府建设实施纲要(2021-2025年)第(二十六)项"


def excellent_line() -> Decimal:
    return Decimal(str(getattr(settings, "FAZHI_CASE_REVIEW_EXCELLENT", 90)))


def pass_line() -> Decimal:
    return Decimal(str(getattr(settings, "FAZHI_CASE_REVIEW_PASS", 60)))


def grade(percent: Decimal) -> str:
    if percent >= excellent_line():
        return Grade.EXCELLENT
    if percent >= pass_line():
        return Grade.PASS
    return Grade.FAIL


def rectify_limit() -> Limit:
    return Limit(
        int(getattr(settings, "FAZHI_CASE_REVIEW_RECTIFY_WORKDAYS", 20)), LimitUnit.WORKDAYS
    )
