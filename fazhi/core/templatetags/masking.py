"""Template filters for masked display: `{% load masking %}` then `{{ party.id_number|mask_id }}`.

The rules live in `fazhi.core.masking`; None renders as "". The field filters treat their value
as plain data, so the result is always autoescaped. `mask_text` may run over already-safe HTML
(rendered rich text): it only replaces digits inside number runs, so it keeps safe input safe.
"""

from django import template

from fazhi.core import masking

register = template.Library()


@register.filter
def mask_id(value):
    return masking.mask_id_number(value)


@register.filter
def mask_phone(value):
    return masking.mask_phone(value)


@register.filter
def mask_email(value):
    return masking.mask_email(value)


@register.filter
def mask_name(value):
    return masking.mask_name(value)


@register.filter
def mask_address(value):
    return masking.mask_address(value)


@register.filter(is_safe=True)
def mask_text(value):
    return masking.mask_text(value)


@register.filter(is_safe=True)
def masked_text(value, reveal=False):
    """`{{ req.description|masked_text }}`, or `|masked_text:reveal` on a page that may show the
    record unmasked after an audited opening."""
    return masking.masked_text(value, bool(reveal))
