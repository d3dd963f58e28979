"""The steps a person can take on a lawsuit from its page: form, service function, when offered."""

from dataclasses import dataclass

from . import forms, services
from .models import Status


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    form: type
    service: object
    statuses: tuple

    def offered(self, case) -> bool:
        return case.status in self.statuses


PENDING = tuple(Status.pending())

ACTIONS = {
    a.key: a
    for a in [
        Action("answer", "提交答辩状和证据", forms.OnForm, services.answer, (Status.RECEIVED,)),
        Action("schedule", "登记开庭通知", forms.ScheduleForm, services.schedule_hearing, PENDING),
        Action(
            "hearing", "登记开庭及出庭情况", forms.HearingForm, services.record_hearing, PENDING
        ),
        Action("decide", "登记裁判结果", forms.DecideForm, services.decide, PENDING),
        Action("appeal", "登记上诉", forms.AppealForm, services.appeal, (Status.DECIDED,)),
        Action("close", "上诉期满、裁判生效结案", forms.OnForm, services.close, (Status.DECIDED,)),
    ]
}


def form_for(action: Action, case, data=None):
    return action.form(data, prefix=action.key)
