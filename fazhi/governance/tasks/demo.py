"""弥勒市's 2021 任务分工表, made through the service functions.

The 依法治市办 (in 市司法局, holding the duty `tasks.office`) drafts 《弥勒市2021年法治政府建设
工作要点任务分工方案》 on 22 February and issues it on 5 March with 30 tasks across the city's
departments and towns, drawn from what the seed report says the city did. Each 牵头单位 files its
quarterly returns (by the department's own 法制员 where the demo has one: 市公安局, 市市场监管局;
otherwise the coordinator, who acts for every unit of the city), some 配合单位 add their part, and
the coordinator confirms each completion. Over the year: one task's time limit is extended by a
recorded 调整, one is cancelled, one falls behind (滞后) and is 督办'd once, two finish late after
three 督办, and one is still open — and 逾期 — at the year's end with one 督办.

The seed states no figure for this; the demo's come out of these records: 30 tasks issued, 29 due
in 2021 once the cancelled one is left out, 26 done by their time limit (89.66%), 5 督办.
"""

import datetime as dt
import random

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import get_calendar

from . import services, table_services
from .models import Task
from .steps import OFFICE

D = dt.date
C = Channel.CLI

# text, 牵头单位, 配合单位, 完成时限 (month, day), outcome
TASKS = [
    (
        "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度",
        "sfj",
        ("scjgj", "gaj", "cgj"),
        (12, 31),
        "ok",
    ),
    ("动态调整乡镇(街道)和部门权责清单并向社会公开", "zwfwj", ("sfj",), (6, 30), "amended"),
    (
        "推行证明事项告知承诺制，对办事频次高的证明事项实行告知承诺",
        "sfj",
        ("zwfwj", "gaj"),
        (6, 30),
        "ok",
    ),
    ("推进政务服务“一网通办”“跨省通办”和“一件事一次办”", "zwfwj", ("gxj",), (12, 31), "ok"),
    (
        "深化“双随机、一公开”监管，依法公示行政许可、行政处罚信息",
        "scjgj",
        ("nyncj", "sthjfj", "wjj"),
        (11, 30),
        "slow",
    ),
    ("清理不符合“放管服”改革要求的规范性文件", "sfj", ("zfb", "fgj"), (6, 30), "ok"),
    ("编制并公布年度重大行政决策事项目录", "zfb", ("sfj",), (4, 30), "ok"),
    ("以政府及其办公室名义发布的文件一律经合法性审核", "sfj", ("zfb",), (12, 31), "ok"),
    ("行政规范性文件按规定报送备案审查", "sfj", (), (12, 31), "ok"),
    ("各单位聘请政府法律顾问，参与重大决策、合同协议审核", "sfj", ("rsj",), (6, 30), "ok"),
    ("推进综合行政执法改革，整合执法职责和执法队伍", "cgj", ("sfj", "rsj"), (9, 30), "ok"),
    ("推进乡镇(街道)综合行政执法改革，承接赋权事项", "532504001", ("cgj",), (10, 31), "cancelled"),
    ("做好行政执法证件年审、资格考试和业务培训", "sfj", (), (11, 30), "ok"),
    ("组织开展行政执法案卷评查", "sfj", ("scjgj", "jtysj"), (11, 30), "ok"),
    ("落实“谁执法谁普法”普法责任制，启动“八五”普法", "sfj", ("jtj", "whlyj"), (12, 31), "ok"),
    ("规范行政复议案件受理和审理，推进行政复议体制改革", "sfj", (), (9, 30), "ok"),
    ("落实行政机关负责人出庭应诉制度", "sfj", ("gaj", "zrzyj"), (12, 31), "ok"),
    ("在市人民法院设立人民调解工作室，完善“三调联动”", "sfj", ("fy",), (6, 30), "ok"),
    ("交通事故纠纷调解推行“人民调解+司法确认”", "gaj", ("sfj", "fy"), (9, 30), "ok"),
    ("办理人大代表建议和政协委员提案，按时答复", "zfb", (), (9, 30), "ok"),
    ("规范办理政府信息公开申请", "zfb", ("zwfwj",), (12, 31), "ok"),
    ("开展政务新媒体集中整治，清理“僵尸”“睡眠”账号", "zfb", ("whlyj",), (9, 30), "ok"),
    ("落实宪法宣誓制度，健全领导干部学法用法制度", "sfj", ("rsj",), (12, 31), "ok"),
    ("组织科级领导干部民法典讲座", "sfj", (), (11, 30), "ok"),
    ("按时报送并公开上一年度法治政府建设情况报告", "sfj", ("zfb",), (3, 31), "ok"),
    ("将依法行政所需经费纳入年度预算予以保障", "czj", ("sfj",), (6, 30), "late"),
    ("开展法治政府建设示范创建", "sfj", ("zfb",), (12, 31), "ok"),
    ("制作播出《平安法治弥勒》普法栏目", "whlyj", ("sfj",), (12, 31), "ok"),
    ("推进安全生产领域行政执法规范化", "yjglj", ("cgj",), (9, 30), "late"),
    ("开展违法违规占用耕地问题整治", "zrzyj", ("532504101", "532504102"), (12, 31), "open"),
]
STEPS = len(TASKS) + 1
ISSUED_ON = D(2021, 3, 5)
DEMO_USERS = {"gaj": "police", "scjgj": "market"}  # 牵头单位 with a 法制员 of their own


def build(context: dict, progress=None) -> None:
    units = context["units"]
    duties.assign(None, C, units["sfj"], OFFICE)  # 依法治市办 sits in the 司法局
    _Maker(context, progress or (lambda n: None)).year()


class _Maker:
    def __init__(self, context, progress):
        self.rng = random.Random(2021)
        self.units, self.users, self.progress = context["units"], context["users"], progress
        self.coordinator = self.users["coordinator"]
        self.cal = get_calendar()

    def workday(self, day: dt.date) -> dt.date:
        return self.cal.next_workday(day)

    def year(self) -> None:
        table = table_services.draft_table(
            self.coordinator,
            C,
            {
                "title": "弥勒市2021年法治政府建设工作要点任务分工方案",
                "year": 2021,
                "drafted_on": D(2021, 2, 22),
            },
        )
        made = [self._add(table, row) for row in TASKS]
        table_services.issue_table(
            self.coordinator, C, table, on=ISSUED_ON, number="弥法治办发〔2021〕3号"
        )
        self.progress(1)
        for task, row in zip(made, TASKS, strict=True):
            getattr(self, f"_{row[4]}")(Task.objects.get(pk=task.pk))
            self.progress(1)

    def _add(self, table, row):
        text, lead, co, (month, day), _ = row
        data = {
            "table": table,
            "text": text,
            "unit": self.units[lead],
            "co_units": [self.units[c] for c in co],
            "due_on": D(2021, month, day),
            "milestone_q1": "制定工作方案，明确责任人" if month > 6 else "",
        }
        return services.add_task(self.coordinator, C, data)

    # --- who acts -------------------------------------------------------------------------

    def lead(self, task):
        name = DEMO_USERS.get(task.unit.code.removeprefix("532504-"))
        return self.users[name] if name else self.coordinator

    # --- steps ----------------------------------------------------------------------------

    def returns(self, task, until: dt.date, slow=(), skip=()):
        """The quarterly returns of every quarter that ended before `until`."""
        while task.quarter_end < until and task.quarter_end not in skip:
            end = task.quarter_end
            filed = self.workday(end + dt.timedelta(days=1 + self.rng.randint(0, 4)))
            filed = min(filed, task.return_due_on, until)
            pace = "slow" if end in slow else "normal"
            progress = "进度滞后，正在协调解决" if pace == "slow" else "按季度目标推进"
            task = services.file_return(
                self.lead(task), C, task, on=filed, progress=progress, pace=pace
            )
            if end == D(2021, 6, 30) and task.co_units.exists() and task.number % 3 == 0:
                co = task.co_units.order_by("path").first()
                text = f"{co.short_name or co.name}按分工提供配合材料"
                task = services.contribute(self.coordinator, C, task, on=filed, text=text)
        return task

    def done(self, task, on: dt.date):
        task = services.report_done(self.lead(task), C, task, on=on, report="已按分工方案完成")
        accepted = self.workday(on + dt.timedelta(days=2 + self.rng.randint(0, 4)))
        return services.accept(self.coordinator, C, task, on=accepted)

    def escalate(self, task, on: dt.date, days: int, answer_on: dt.date, answer: str):
        task = services.escalate(
            self.coordinator,
            C,
            task,
            on=on,
            respond_by=on + dt.timedelta(days=days),
            requirement="限期整改，按时报送整改情况",
        )
        return services.respond(self.lead(task), C, task, on=answer_on, response=answer)

    def finish_on(self, task) -> dt.date:
        day = task.due_on - dt.timedelta(days=self.rng.randint(2, 15))
        while not self.cal.is_workday(day):
            day -= dt.timedelta(days=1)
        return max(day, ISSUED_ON + dt.timedelta(days=7))

    # --- outcomes -------------------------------------------------------------------------

    def _ok(self, task):
        on = self.finish_on(task)
        self.done(self.returns(task, on), on)

    def _amended(self, task):
        task = self.returns(task, D(2021, 6, 18))
        task = services.amend(
            self.coordinator,
            C,
            task,
            on=D(2021, 6, 18),
            due_on=D(2021, 9, 30),
            reason="待省级权责清单通用目录印发后统一调整",
        )
        self._ok(task)

    def _cancelled(self, task):
        task = self.returns(task, D(2021, 7, 15))
        services.cancel(
            self.coordinator, C, task, on=D(2021, 7, 15), reason="按省州部署调整至2022年实施"
        )

    def _slow(self, task):
        task = self.returns(task, D(2021, 7, 12), slow=(D(2021, 6, 30),))
        task = self.escalate(task, D(2021, 7, 13), 14, D(2021, 7, 26), "已增加抽查频次，补齐进度")
        self._ok(task)

    def _late(self, task):
        """Its time limit passes; the tick marks it 逾期; 督办 (twice for the first) and done."""
        first = task.due_on == D(2021, 6, 30)
        task = self.returns(task, task.due_on)
        task = services.lapse(None, Channel.JOB, task, on=task.due_on + dt.timedelta(days=1))
        if first:
            task = self.escalate(task, D(2021, 7, 12), 11, D(2021, 7, 21), "已完成测算，正在报批")
            task = self.late_return(task, D(2021, 7, 21))
            task = self.escalate(task, D(2021, 8, 16), 11, D(2021, 8, 26), "预算调整已上会研究")
            self.done(task, D(2021, 9, 10))
        else:
            task = self.escalate(task, D(2021, 10, 8), 10, D(2021, 10, 15), "已开展专项执法检查")
            task = self.late_return(task, D(2021, 10, 12))
            self.done(task, D(2021, 10, 22))

    def late_return(self, task, on: dt.date):
        return services.file_return(
            self.lead(task), C, task, on=on, progress="进度滞后，正在整改", pace="slow"
        )

    def _open(self, task):
        """Its third-quarter return is missed and 督办'd; not done by the year's end: 逾期."""
        task = self.returns(task, D(2021, 10, 14), skip=(D(2021, 9, 30),))
        task = self.escalate(task, D(2021, 10, 15), 14, D(2021, 10, 27), "已补报进展，加快整治")
        task = self.late_return(task, D(2021, 10, 27))
        services.lapse(None, Channel.JOB, task, on=D(2022, 1, 1))
