"""行政复议 cases are worked in the pages, not here: the admin shows them read-only, with one
action that goes through the service function like every other write path."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.core.audit import Channel

from . import services
from .models import ReconsiderationCase, Status


@admin.register(ReconsiderationCase)
class ReconsiderationCaseAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "applicant_name",
        "respondent",
        "status",
        "received_on",
        "next_due_on",
    ]
    list_filter = ["status", "law", "category", "applicant_type"]
    search_fields = ["number", "applicant_name"]
    list_select_related = ["respondent"]
    actions = ["deem_accepted_action"]

    @admin.action(description="按行政复议法(2023)第三十条第三款视为受理(审查期限已届满的)")
    def deem_accepted_action(self, request, queryset):
        done = 0
        for case in queryset.filter(status=Status.RECEIVED):
            try:
                services.deem_accepted(request.user, Channel.ADMIN, case)
            except ValidationError as exc:
                self.message_user(
                    request, f"{case.number}：{'；'.join(exc.messages)}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(request, f"已视为受理 {done} 件。")
