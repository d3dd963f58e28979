"""The rules of 执法队伍与执法人员, with their sources.

No national statute governs the 行政执法证 itself (reference §8): 国办发〔2018〕118号 (十九) asks
to "推进全国统一的行政执法资格和证件管理" and (二十三) to "统一行政执法证件样式" with a database
of officers;
行政处罚法 art. 42 ("行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人，法律另有
规定的除外。") and arts. 52, 55 (出示执法证件) make the card what an officer enforces with. Cards
are issued under provincial rules (in 云南, through the 云南省行政执法证件管理系统). So the
periods and marks here are settings:

- FAZHI_CERTIFICATE_RENEWAL_NOTICE_DAYS (default 60): how many 日 (calendar days) before a
  certificate's 有效期 ends `fazhi tick` reminds the officer's unit to apply for 换证. UNCONFIRMED:
  no national rule; 换证 goes through an exam (新申请或到期换证网上考试, seed 四.1) held in
  batches a few times a year, so two months leave time to enrol in one. 0 switches the reminder
  off. The card's date is its own, so the count is in calendar days.
- FAZHI_ENFORCEMENT_EXAM_PASS_MARK (default 60): the score (of 100) from which a taker of the
  行政执法资格考试 passes. UNCONFIRMED: provinces set it (60 is the common mark of 100).
- Annual training: 法治政府建设实施纲要(2021-2025年) (三十四): "确保每人每年接受不少于60学时的
  业务知识和法律法规培训" — the 学时 the officer's page measures a year's trainings against.
  A training of more than MAX_TRAINING_HOURS 学时 on one record is refused as a typing error.
"""

import re
from decimal import Decimal

from django.conf import settings

CERTIFICATE_NUMBER = re.compile(r"[0-9A-Za-z]{6,40}")
ANNUAL_TRAINING_HOURS = 60  # 实施纲要(2021-2025年) (三十四): 每人每年不少于60学时
MAX_TRAINING_HOURS = Decimal(200)
# A team's 编制 or a training's headcount above these is a typing error, not a county's figure
# (and a number past the database's integer would fail the write instead of being refused).
MAX_STAFF_COUNT = 10_000
MAX_HEADCOUNT = 100_000
ARTICLE = "《中华人民共和国行政处罚法》第四十二条"


def renewal_notice_days() -> int:
    return max(int(getattr(settings, "FAZHI_CERTIFICATE_RENEWAL_NOTICE_DAYS", 60)), 0)


def exam_pass_mark() -> Decimal:
    return Decimal(str(getattr(settings, "FAZHI_ENFORCEMENT_EXAM_PASS_MARK", 60)))
