"""行政复议意见书 as the kernel knows it: one declaration (fazhi.core.procedures)."""

from fazhi.core.procedures import Column, Creation, Ledger, Names, Procedure

from . import queries
from .instruments import INSTRUMENTS
from .models import OpinionStatus
from .steps import STEPS

OPINIONS = Procedure(
    names=Names("opinions", "行政复议意见书", "意见书", "fuyi-yijianshu/", "纠纷化解"),
    steps=STEPS,
    statuses=OpinionStatus,
    visible=queries.visible_opinions,
    ledger=Ledger(
        columns=[
            Column.unit("制发对象", "addressee", link=True),
            Column("违法或者不当的行政行为", "act", phone=True),
            Column("拟稿日期", "drafted_on", sort="drafted_on"),
            Column.status(),
            Column("报送期限", "next_due_on", sort="next_due_on", phone=True, due=True),
        ],
        date_field="drafted_on",
        filters=["addressee"],
        related=["addressee", "unit", "organ"],
    ),
    creation=Creation(
        label="拟制发意见书",
        form="fazhi.disputes.opinions.forms.DraftForm",
        create="fazhi.disputes.opinions.services.draft",
        form_args=lambda user: {"user": user},
        intro="办理行政复议案件中发现被申请人或者其他下级行政机关的行政行为违法或者不当的，"
        "可以制发行政复议意见书(行政复议法第七十六条)；对方应自收到之日起六十日内报送纠正情况。",
    ),
    workbench=queries.open_opinions,
    demo="fazhi.disputes.opinions.demo",
    instruments=INSTRUMENTS,
)

PROCEDURES = [OPINIONS]
