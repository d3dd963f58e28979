"""The steps offered on a letter's page: form, service function, statuses."""

from dataclasses import dataclass

from . import forms, services
from .models import LetterStatus


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    form: type
    service: object
    statuses: tuple
    needs_government: bool = False

    def offered(self, letter) -> bool:
        return letter.status in self.statuses


ACTIONS = {
    a.key: a
    for a in [
        Action("assign", "交办", forms.UnitForm, services.assign, (LetterStatus.RECEIVED,), True),
        Action(
            "reassign",
            "退回改派",
            forms.ReassignForm,
            services.reassign,
            (LetterStatus.ASSIGNED,),
            True,
        ),
        Action("reply", "登记答复", forms.ReplyForm, services.reply, (LetterStatus.ASSIGNED,)),
        Action("close", "办结", forms.OnForm, services.close, (LetterStatus.ANSWERED,)),
        Action("reopen", "重新办理", forms.ReopenForm, services.reopen, (LetterStatus.CLOSED,)),
    ]
}


def form_for(action: Action, letter, data=None):
    kwargs = {"government": letter.organ} if action.needs_government else {}
    return action.form(data, prefix=action.key, **kwargs)
