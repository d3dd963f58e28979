"""The 政务新媒体 figures of the annual report (seed part 五.2).

"清理关停40余个" is the display rule of a counted figure (Display.APPROX), never a typed string.
"""

from django.db.models import Q

from fazhi.figures.registry import Display, Table, figure

from .models import Account, AccountStatus, Campaign

CAMPAIGNS = Table(Campaign)
ACCOUNTS = Table(Account)


@figure("sup.media.campaigns", "政务新媒体集中整治", "次", section="五.2", table=CAMPAIGNS)
def campaigns(scope, period) -> Q:
    """期内开展(开始日期在期内)的政务新媒体集中整治次数。"""
    return Q(start_on__range=period.range)


@figure("sup.media.accounts", "纳入监管的政务新媒体账号", "个", section="五.2", table=ACCOUNTS)
def accounts(scope, period) -> Q:
    """期末已在全国政务新媒体信息报送系统填报、且未关停的账号数(按主办单位归属)。"""
    # The condition of AccountQuerySet.supervised_on(period.end), as one Q to count by.
    day = period.end
    return Q(registered=True, registered_on__lte=day) & ~Q(
        status=AccountStatus.CLOSED, closed_on__lte=day
    )


@figure(
    "sup.media.closed",
    "清理关停账号",
    "个",
    section="五.2",
    display=Display.APPROX,
    table=ACCOUNTS,
)
def closed(scope, period) -> Q:
    """期内关停的账号数(含集中整治责令关停和主办单位自行关停、合并)，按关停日期计；报告按“××余个”
    表述。"""
    return Q(status=AccountStatus.CLOSED, closed_on__range=period.range)
