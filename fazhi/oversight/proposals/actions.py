"""The steps a person can take on a proposal from its page: form, service function, when offered."""

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
    needs_proposal: bool = False

    def offered(self, proposal) -> bool:
        if proposal.status not in self.statuses:
            return False
        if self.key == "extend":
            return not proposal.extended
        if self.key == "answer":  # a merged member is answered with its main proposal
            return not proposal.merged_into_id or proposal.status == Status.REHANDLING
        if self.key == "merge":
            return not proposal.merged_into_id
        return True


ACTIONS = {
    a.key: a
    for a in [
        Action("assign", "交办", forms.AssignForm, services.assign, (Status.RECEIVED,), True),
        Action("start", "开始办理", forms.OnForm, services.start_handling, (Status.ASSIGNED,)),
        Action(
            "extend",
            "延期答复(六个月)",
            forms.ExtendForm,
            services.extend,
            (Status.ASSIGNED, Status.HANDLING),
            True,
        ),
        Action(
            "merge",
            "并案办理",
            forms.MergeForm,
            services.merge,
            (Status.ASSIGNED, Status.HANDLING),
            True,
        ),
        Action(
            "answer", "答复", forms.AnswerForm, services.answer, tuple(Status.awaiting_answer())
        ),
        Action("rate", "登记代表/委员评价", forms.RateForm, services.rate, (Status.ANSWERED,)),
    ]
}


def form_for(action: Action, proposal, data=None):
    kwargs = {"proposal": proposal} if action.needs_proposal else {}
    return action.form(data, prefix=action.key, **kwargs)
