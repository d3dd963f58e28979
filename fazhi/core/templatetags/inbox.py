"""`{% urge_button obj %}`: the record page's 催办 button, shown to a coordinator or leader when
the record is overdue or has waited past its period (fazhi.core.urge). No query beyond the
record's own fields: the page the button sits on already showed the record to the user, and the
催办 page checks the rest."""

from django import template
from django.urls import reverse

from .. import inbox, procedures

register = template.Library()


@register.inclusion_tag("core/inbox/_urge_button.html", takes_context=True)
def urge_button(context, record):
    user = context.get("user")
    procedure = procedures.for_model(type(record))
    if procedure is None or not inbox.is_person(user) or not inbox.is_overseer(user):
        return {}
    reason = inbox.urge_reason(procedure, record)
    if not reason:
        return {}
    meta = record._meta
    return {
        "urge_url": reverse("core:urge", args=[meta.app_label, meta.model_name, record.pk]),
        "urge_reason": reason,
    }
