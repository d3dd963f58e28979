"""The steps a person can take on a 调解 case from its page (and the API): form, service, when."""

from collections.abc import Callable
from dataclasses import dataclass

from . import forms, services
from .models import ConfirmationResult, Status


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    form: type
    service: Callable
    offered: Callable
    needs_case: bool = False


ACTIONS = {
    a.key: a
    for a in [
        Action(
            "start",
            "开始调解",
            forms.StartForm,
            services.start,
            lambda c: c.status == Status.RECEIVED,
            needs_case=True,
        ),
        Action(
            "succeed",
            "调解成功(达成协议)",
            forms.SucceedForm,
            services.succeed,
            lambda c: c.status == Status.MEDIATING,
        ),
        Action(
            "fail",
            "调解不成，终止调解",
            forms.NoteForm,
            services.fail,
            lambda c: c.status == Status.MEDIATING,
        ),
        Action(
            "refuse",
            "当事人拒绝调解，终止",
            forms.NoteForm,
            services.refuse,
            lambda c: c.status in Status.open(),
        ),
        Action(
            "confirmation",
            "申请司法确认",
            forms.ConfirmationForm,
            services.apply_confirmation,
            lambda c: c.status == Status.SUCCEEDED and not c.confirmation_applied_on,
        ),
        Action(
            "confirmation_result",
            "登记司法确认结果",
            forms.ConfirmationResultForm,
            services.record_confirmation,
            lambda c: (
                c.status == Status.SUCCEEDED and c.confirmation_result == ConfirmationResult.PENDING
            ),
        ),
    ]
}


def form_for(action: Action, case, data=None):
    kwargs = {"case": case} if action.needs_case else {}
    return action.form(data, prefix=action.key, **kwargs)
