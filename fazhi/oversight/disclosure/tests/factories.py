"""依申请公开 requests made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.oversight.disclosure import services
from fazhi.oversight.disclosure.models import ApplicantType, ReceiptChannel

ID_NUMBER = "53252619800101001X"  # a valid check digit (GB 11643), not a real person's


def application(**overrides) -> services.Application:
    fields = {
        "applicant_type": ApplicantType.PERSON,
        "applicant_name": "张三",
        "applicant_id_number": ID_NUMBER,
        "applicant_phone": "13812345678",
        "applicant_address": "云南省红河州弥勒市弥阳街道髯翁路8号",
        "description": "2021年城区道路改造工程招标文件",
        "channel": ReceiptChannel.IN_PERSON,
        "submitted_on": dt.date(2021, 9, 28),
    }
    return services.Application(**(fields | overrides))


def received(org, actor, agency="police", **overrides):
    return services.receive(actor, Channel.WEB, agency=org[agency], app=application(**overrides))


def example(org, people, key="disclosure"):
    """One request just received by 公安局 (no 补正, extension or fee yet, so every step has a
    state it applies to), for the kernel's walk over the transition table."""
    return received(org, people["police_staff"])
