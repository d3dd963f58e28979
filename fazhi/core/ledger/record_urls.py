"""The procedures' ledger pages alone, as fazhi/urls.py mounts them (at the site's root): a
record's link is reversed here (fazhi.core.records.Record.get_absolute_url), so that a command
that writes links — the tick's reminders — does not load the whole site's URLconf, whose API
routers take seconds to build. A test checks both give every procedure's links alike."""

from .urls import urlpatterns_for_procedures

urlpatterns = urlpatterns_for_procedures()
