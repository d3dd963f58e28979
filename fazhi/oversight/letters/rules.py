"""The periods of 信箱 letters.

No statute fixes how fast a county answers a letter from the prefecture's unified mailbox; the
period is a local rule of the 州政府 mailbox's working procedure. It is UNCONFIRMED here, so it is a
setting: `FAZHI_LETTER_REPLY_WORKDAYS` (default 10): the assigned unit answers within that many
工作日 after the day of assignment (the assignment day is not counted, as for every clock).
"""

from django.conf import settings

from fazhi.core.clocks import Limit, LimitUnit

DEFAULT_REPLY_WORKDAYS = 10


def reply_limit() -> Limit:
    """Read when used, so a changed setting (or a test's override) applies to the next step."""
    days = getattr(settings, "FAZHI_LETTER_REPLY_WORKDAYS", DEFAULT_REPLY_WORKDAYS)
    return Limit(int(days), LimitUnit.WORKDAYS)
