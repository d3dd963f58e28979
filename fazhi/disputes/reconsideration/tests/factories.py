"""Cases made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.disputes.reconsideration import services
from fazhi.disputes.reconsideration.models import ApplicantType, Category, ReceiptChannel


def application(org, **overrides) -> services.Application:
    fields = {
        "applicant_name": "张三",
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "respondent": org["police"],
        "act": "治安管理处罚决定",
        "category": Category.PUBLIC_SECURITY,
        "receipt_channel": ReceiptChannel.IN_PERSON,
        "submitted_on": dt.date(2021, 9, 28),
    }
    return services.Application(**(fields | overrides))


def received(org, actor, **overrides):
    return services.receive(
        actor,
        Channel.WEB,
        organ=org["mile"],
        unit=org["justice"],
        app=application(org, **overrides),
    )


def accepted(org, actor, on=None, **overrides):
    case = received(org, actor, **overrides)
    return services.accept(actor, Channel.WEB, case, on=on or case.received_on)


def government_approver(org, username="fushizhang", full_name="刘副市长"):
    """A 负责人 of the 复议机关 (the government itself) holding 可批准延期: the approver of a
    2017-law case's extension (2017 art. 31 ¶1)."""
    from fazhi.core.models import Role
    from fazhi.core.services import create_user

    return create_user(
        None,
        Channel.CLI,
        username=username,
        password="pass-Fazhi-2021",
        unit=org["mile"],
        role=Role.LEADER,
        full_name=full_name,
        can_approve_extension=True,
    )


def example(org, people, key="reconsideration"):
    """One case under the simplified procedure (so that every step has a state it applies to),
    for the kernel's walk over the transition table."""
    case = accepted(org, people["reviewer"], submitted_on=dt.date(2024, 3, 1))
    type(case).objects.filter(pk=case.pk).update(procedure="simplified")
    return type(case).objects.get(pk=case.pk)
