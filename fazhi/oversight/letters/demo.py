"""弥勒市's 信箱 letters: those of late 2020, the 313 of 2021 (every one answered and closed within
the year, as the seed says "已全部办结"), and a few open ones of today, all made through the
service functions. The counts come out of the records, not out of a typed number.
"""

import contextlib
import datetime as dt
import random

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.core.models import Role
from fazhi.core.workflow import Refusal

from . import services
from .models import LetterCategory
from .steps import RECEIVER

LETTERS_2020 = 36
LETTERS_2021 = 313
CURRENT = 4
STEPS = LETTERS_2020 + LETTERS_2021 + CURRENT

CATEGORY_WEIGHTS = [
    (LetterCategory.CONSULTATION, 30),
    (LetterCategory.SUGGESTION, 22),
    (LetterCategory.COMPLAINT, 28),
    (LetterCategory.HELP, 14),
    (LetterCategory.OTHER, 6),
]
SUBJECTS = {
    LetterCategory.CONSULTATION: ("zjj", "关于公租房申请条件的咨询"),
    LetterCategory.SUGGESTION: ("jtysj", "关于增开城区公交线路的建议"),
    LetterCategory.COMPLAINT: ("scjgj", "关于商家虚假宣传的投诉"),
    LetterCategory.HELP: ("rsj", "关于追讨拖欠工资的求助"),
    LetterCategory.OTHER: ("532504001", "关于小区周边噪声的反映"),
}
# Letters that the first unit sends back as not its business, and who takes them instead.
REASSIGN_TO = {"scjgj": "cgj", "zjj": "532504001", "jtysj": "gaj", "rsj": "scjgj"}
SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗普者施"
GIVEN = "明华丽芳强军磊洋勇艳杰娟涛超秀英平刚桂兰文志红春"


def build(context: dict, progress=None) -> None:
    rng = random.Random(313)
    progress = progress or (lambda n: None)
    units, users = context["units"], context["users"]
    duties.assign(None, Channel.CLI, units["zfb"], RECEIVER)  # 政府办 keeps the mailbox
    maker = _Maker(rng, units, users)
    for i, day in enumerate(_days(rng, dt.date(2020, 9, 1), dt.date(2020, 12, 10), LETTERS_2020)):
        maker.make(f"HHZX2020-{i + 1:05d}", day, reassign=i % 12 == 5)
        progress(1)
    for i, day in enumerate(_days(rng, dt.date(2021, 1, 4), dt.date(2021, 12, 10), LETTERS_2021)):
        maker.make(f"HHZX2021-{i + 1:05d}", day, reassign=i % 40 == 17)
        progress(1)
    maker.make_current(progress)


def _days(rng, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    cal = get_calendar()
    span = (last - first).days
    return sorted(
        cal.next_workday(first + dt.timedelta(days=rng.randrange(span))) for _ in range(count)
    )


class _Maker:
    """The coordinator receives, passes on and closes the letters for the 政府办 (the registrar);
    a unit whose staff have an account answers its letters itself."""

    def __init__(self, rng, units, users):
        self.rng, self.units, self.actor = rng, units, users["coordinator"]
        self.organ, self.registrar = units["government"], units["zfb"]
        self.staff_of = {u.unit_id: u for u in users.values() if u.role == Role.STAFF}
        self.cal = get_calendar()

    def _incoming(self, reference, day):
        """The letter as it comes in, and the code of the unit it is passed to."""
        category = self.rng.choices(*zip(*CATEGORY_WEIGHTS, strict=True))[0]
        name = self.rng.choice(SURNAMES) + "".join(
            self.rng.choices(GIVEN, k=self.rng.randint(1, 2))
        )
        phone = f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"
        unit_code, subject = self._subject(category)
        return unit_code, services.Incoming(
            reference=reference,
            received_on=day,
            writer_name=name,
            writer_phone=phone,
            subject=subject,
            category=category,
        )

    def _subject(self, category) -> tuple[str, str]:
        return SUBJECTS[category]

    def _reassigned_to(self, unit_code: str) -> str | None:
        return REASSIGN_TO.get(unit_code)

    def make(self, reference, day, *, reassign=False):
        """Assigned the next working day, answered within the period, closed two days later."""
        unit_code, incoming = self._incoming(reference, day)
        letter = self._receive(incoming)
        on = self.cal.add_workdays(day, 1)
        letter = services.assign(self.actor, Channel.CLI, letter, unit=self.units[unit_code], on=on)
        other = self._reassigned_to(unit_code) if reassign else None
        if other is not None:
            on = self.cal.add_workdays(on, 2)
            letter = services.reassign(
                self.actor,
                Channel.CLI,
                letter,
                unit=self.units[other],
                on=on,
                reason="不属于本单位职责，申请退回改派",
            )
        on = self.cal.add_workdays(on, self.rng.randint(2, 8))
        replier = self.staff_of.get(letter.unit_id, self.actor)
        letter = services.reply(
            replier, Channel.CLI, letter, on=on, summary="已电话联系来信人并书面答复办理情况"
        )
        services.close(self.actor, Channel.CLI, letter, on=self.cal.add_workdays(on, 2))

    def _receive(self, incoming):
        return services.receive(
            self.actor, Channel.CLI, organ=self.organ, registrar=self.registrar, letter=incoming
        )

    def make_current(self, progress):
        """A few letters of these days, still open, so the workbench has something to show. A
        due date reaching a year whose holidays nobody entered yet is refused: then skip it."""
        today = timezone.localdate()
        for i, back in enumerate((1, 3, 9, 20)):
            with contextlib.suppress(Refusal, CalendarYearUnknown):
                day = self.cal.next_workday(today - dt.timedelta(days=back + 3))
                if day > today:
                    day = today - dt.timedelta(days=back + 3)
                _, incoming = self._incoming(f"HHZX{today.year}-C{i + 1:04d}", day)
                letter = self._receive(incoming)
                if back > 1:
                    services.assign(self.actor, Channel.CLI, letter, unit=self.units["zjj"], on=day)
            progress(1)


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------

# By category: (the county unit's suffix in fazhi.demo.prefecture, or "town", and the subject).
COUNTY_SUBJECTS = {
    LetterCategory.CONSULTATION: [
        ("zjj", "关于公租房申请条件的咨询"),
        ("rsj", "关于灵活就业人员参加养老保险的咨询"),
        ("wjj", "关于新冠疫苗接种安排的咨询"),
    ],
    LetterCategory.SUGGESTION: [
        ("cgj", "关于规范城区占道经营的建议"),
        ("town", "关于修缮村组道路的建议"),
        ("nyncj", "关于加强高标准农田建设的建议"),
    ],
    LetterCategory.COMPLAINT: [
        ("scjgj", "关于商家虚假宣传的投诉"),
        ("cgj", "关于夜间施工噪声扰民的投诉"),
        ("zrzyj", "关于违法占用耕地建房的投诉"),
    ],
    LetterCategory.HELP: [
        ("rsj", "关于追讨拖欠工资的求助"),
        ("gaj", "关于补办户口迁移证明的求助"),
    ],
    LetterCategory.OTHER: [("town", "关于小区周边噪声的反映")],
}
COUNTY_REASSIGN_TO = {"scjgj": "cgj", "zjj": "town", "rsj": "scjgj", "cgj": "zjj", "gaj": "town"}


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 信箱 letters: 弥勒市's 313 of 2021 times `scale`, received over the
    year from the 州政府统一信箱 (numbered by the 州's system, hence the county's code in the
    number), passed to the county's departments and towns, a few sent back and reassigned, all
    answered and closed within the year through the city's maker. The county's 政府办 is given
    the mailbox (the receiver duty)."""
    progress = progress or (lambda n: None)
    units = context["units"]
    duties.assign(None, Channel.CLI, units["zfb"], RECEIVER)
    maker = _CountyMaker(rng, context)
    code = context["county"].code
    count = max(1, round(LETTERS_2021 * scale))
    for i, day in enumerate(_days(rng, dt.date(year, 1, 4), dt.date(year, 12, 10), count)):
        maker.make(f"HHZX{year}-{code}-{i + 1:04d}", day, reassign=rng.random() < 0.04)
        progress(1)


class _CountyMaker(_Maker):
    """The city's maker with the county's units and subjects; the county's coordinator receives,
    passes on, answers and closes for the 政府办 and the units (none has an account of its own)."""

    def __init__(self, rng, context):
        super().__init__(rng, context["units"], context["users"])
        self.towns = context["towns"]

    def _subject(self, category) -> tuple[str, str]:
        key, subject = self.rng.choice(COUNTY_SUBJECTS[category])
        return self._code(key), subject

    def _reassigned_to(self, unit_code: str) -> str | None:
        key = "town" if unit_code in self.towns else unit_code
        if key not in COUNTY_REASSIGN_TO:
            return None
        other = self._code(COUNTY_REASSIGN_TO[key])
        return other if other != unit_code else None

    def _code(self, key: str) -> str:
        return self.rng.choice(self.towns) if key == "town" else key
