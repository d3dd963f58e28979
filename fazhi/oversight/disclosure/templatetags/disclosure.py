"""`{% load disclosure %}`: the e-mail address a request's information is sent to, masked where
its personal data is not needed (the other personal data have the kernel's `masking` filters)."""

from django import template

from ..public import mask_email as _mask_email

register = template.Library()


@register.filter
def mask_email(value):
    return _mask_email(value)
