"""The steps a person can take on a case from its page: form, service function, when offered."""

from dataclasses import dataclass

from . import forms, services
from .models import Procedure, Status


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    form: type
    service: object
    statuses: tuple
    needs_government: bool = False

    def offered(self, case) -> bool:
        if self.key == "to_ordinary":
            return case.status in self.statuses and case.procedure == Procedure.SIMPLIFIED
        return case.status in self.statuses


ACTIONS = {
    a.key: a
    for a in [
        Action(
            "correction",
            "通知补正",
            forms.CorrectionForm,
            services.request_correction,
            (Status.RECEIVED,),
        ),
        Action("accept", "受理", forms.AcceptForm, services.accept, (Status.RECEIVED,)),
        Action("reject", "不予受理", forms.RejectForm, services.reject, (Status.RECEIVED,)),
        Action("refer", "告知向有权机关申请", forms.ReferForm, services.refer, (Status.RECEIVED,)),
        Action(
            "correction_received",
            "收到补正材料",
            forms.OnForm,
            services.receive_correction,
            (Status.CORRECTING,),
        ),
        Action(
            "abandon", "逾期未补正，视为放弃", forms.OnForm, services.abandon, (Status.CORRECTING,)
        ),
        Action("hearing", "听证审理", forms.OnForm, services.hold_hearing, (Status.ACCEPTED,)),
        Action("suspend", "中止审理", forms.SuspendForm, services.suspend, (Status.ACCEPTED,)),
        Action("resume", "恢复审理", forms.OnForm, services.resume, (Status.SUSPENDED,)),
        Action(
            "extend", "延长审理期限", forms.ExtendForm, services.extend, (Status.ACCEPTED,), True
        ),
        Action(
            "to_ordinary",
            "简易程序转普通程序",
            forms.ApproverForm,
            services.switch_to_ordinary,
            (Status.ACCEPTED, Status.SUSPENDED),
            True,
        ),
        Action(
            "decide",
            "作出决定/结案",
            forms.DecideForm,
            services.decide,
            (Status.ACCEPTED, Status.SUSPENDED),
        ),
        Action(
            "correct",
            "更正结案信息",
            forms.CorrectForm,
            services.correct_closing,
            (Status.DECIDED,),
        ),
    ]
}


def form_for(action: Action, case, data=None):
    kwargs = {"government": case.organ} if action.needs_government else {}
    return action.form(data, prefix=action.key, **kwargs)
