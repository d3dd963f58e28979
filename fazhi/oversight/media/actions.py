"""The steps offered on an account's and a campaign's page: form, service function, statuses."""

from dataclasses import dataclass

from . import forms, services
from .models import AccountStatus, CampaignStatus


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    form: type
    service: object
    statuses: tuple

    def offered(self, obj) -> bool:
        if self.key == "register":
            return obj.status in self.statuses and not obj.registered
        return obj.status in self.statuses


OPEN = tuple(AccountStatus.open())
ACCOUNT_ACTIONS = {
    a.key: a
    for a in [
        Action("register", "填报全国系统", forms.OnForm, services.record_registration, OPEN),
        Action(
            "rectified",
            "确认整改完成",
            forms.NoteForm,
            services.finish_rectification,
            (AccountStatus.RECTIFYING,),
        ),
        Action("close", "关停账号", forms.CloseForm, services.close_account, OPEN),
    ]
}


def _finding(actor, channel, campaign, **data):
    return services.record_finding(actor, channel, campaign, **data)


CAMPAIGN_ACTIONS = {
    a.key: a
    for a in [
        Action("finding", "登记发现问题", forms.FindingForm, _finding, (CampaignStatus.ONGOING,)),
        Action(
            "finish",
            "结束整治",
            forms.FinishForm,
            services.finish_campaign,
            (CampaignStatus.ONGOING,),
        ),
    ]
}


def form_for(action: Action, obj, data=None):
    kwargs = {"campaign": obj} if action.key == "finding" else {}
    return action.form(data, prefix=action.key, **kwargs)
