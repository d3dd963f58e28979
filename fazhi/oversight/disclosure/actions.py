"""The steps a person can take on a request from its page: form, service function, when offered."""

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
    needs_government: bool = False

    def offered(self, request) -> bool:
        if self.key == "correction" and request.correction_noticed_on:
            return False  # one notice only (条例 art. 30)
        if self.key == "extend" and request.extended_on:
            return False  # one extension only (art. 33 ¶2)
        if self.key == "fee" and request.fee_noticed_on:
            return False
        return request.status in self.statuses


P, C, K, F = Status.PROCESSING, Status.CORRECTING, Status.CONSULTING, Status.FEE_PENDING

ACTIONS = {
    a.key: a
    for a in [
        Action("reply", "答复", forms.ReplyForm, services.reply, (P,)),
        Action("correction", "通知补正", forms.CorrectionForm, services.request_correction, (P,)),
        Action("corrected", "收到补正后的申请", forms.OnForm, services.receive_correction, (C,)),
        Action("abandon", "逾期未补正，视为放弃", forms.OnForm, services.abandon_correction, (C,)),
        Action("consult", "征求意见", forms.ConsultForm, services.start_consultation, (P,)),
        Action("consulted", "征求意见结束", forms.OnForm, services.end_consultation, (K,)),
        Action("extend", "延长答复期限", forms.ExtendForm, services.extend, (P, K), True),
        Action("fee", "发出收费通知", forms.FeeForm, services.notify_fee, (P,)),
        Action("paid", "登记缴费", forms.OnForm, services.receive_fee, (F,)),
        Action("unpaid", "逾期未缴费，不再处理", forms.OnForm, services.lapse_fee, (F,)),
    ]
}


def form_for(action: Action, request, data=None):
    kwargs = {"government": request.agency.government()} if action.needs_government else {}
    return action.form(data, prefix=action.key, **kwargs)
