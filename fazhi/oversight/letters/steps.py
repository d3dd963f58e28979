"""The transition table of a 信箱 letter: the one source of what the letter's page offers, what the
API accepts and what the service functions allow.

The registrar unit (政府办, or whoever receives the mailbox for its government) passes the letter
on (交办), moves it when the unit sends it back (退回改派) and closes it once answered; the unit it
was passed to answers it. A letter is passed only to units of the registrar's own government: the
table's reach refuses a unit outside the actor's government, the service one outside the letter's
government, and the 交办 form offers no other.
"""

from fazhi.core.authority import ActsFor, Check, MayOverride, holds_duty
from fazhi.core.steps import Step, Steps

from .models import Letter, LetterStatus

S = LetterStatus
RECEIVER = "letters.receiver"  # 信箱信件登记交办单位: the unit its government gave the mailbox
REGISTRAR = ActsFor(
    "registrar", reason="只有登记交办该信件的单位(或本级政府统筹协调人员)可以交办、改派和办结。"
)
ANSWERER = ActsFor("unit", reason="只有承办单位或登记交办单位可以登记答复。") | REGISTRAR


def _targets(letter, user) -> dict:
    """The units a letter may be passed to: those of the government that received it."""
    return {"government": letter.registrar.government()}


def _other_targets(letter, user) -> dict:
    return _targets(letter, user) | {"current": letter.unit}


STEPS = Steps(
    Letter,
    "fazhi.oversight.letters.services",
    [
        Step(
            "assign",
            "交办",
            "UnitForm",
            (S.RECEIVED,),
            (S.ASSIGNED,),
            REGISTRAR,
            form_args=_targets,
        ),
        Step(
            "reassign",
            "退回改派",
            "ReassignForm",
            (S.ASSIGNED,),
            (S.ASSIGNED,),
            REGISTRAR,
            form_args=_other_targets,
        ),
        Step("reply", "答复", "ReplyForm", (S.ASSIGNED,), (S.ANSWERED,), ANSWERER),
        Step(
            "close",
            "办结",
            "OnForm",
            (S.ANSWERED,),
            (S.CLOSED,),
            REGISTRAR,
            confirm="办结后信件只读",
        ),
        Step(
            "reopen",
            "重新办理",
            "ReopenForm",
            (S.CLOSED,),
            (S.ASSIGNED,),
            MayOverride(reason="信件已办结，只读；重新办理须具有更正权限。") & REGISTRAR,
        ),
    ],
    # The letter names its registrar; that unit must be the one its government gave the mailbox,
    # so a department cannot open a mailbox of its own by naming itself.
    forms="fazhi.oversight.letters.forms",
    creator=Check(
        lambda user, letter: holds_duty(letter.registrar, RECEIVER),
        reason="登记交办单位须是本级政府指定的信箱信件登记交办单位(如政府办)。",
    )
    & ActsFor("registrar", reason="只能为您所在单位(或您统筹的政府所属单位)登记信箱信件。"),
    reach=("registrar", "unit", "organ"),
)
