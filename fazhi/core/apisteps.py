"""The API side of a record's steps: the same forms and service functions as the pages, with
refusals as HTTP 422 carrying the Chinese reason."""

from django.core.exceptions import ValidationError
from ninja import Schema, Status
from ninja.errors import HttpError

from .models import Channel


def prefixed(step, payload: dict) -> dict:
    """The page forms are prefixed by their step's key; the API takes plain field names."""
    return {f"{step.key}-{name}": value for name, value in payload.items()}


def refusal(exc: ValidationError) -> HttpError:
    return HttpError(422, "；".join(exc.messages))


def perform_api_step(request, obj, step, form, *, drop_empty: bool = False) -> Status:
    if not form.is_valid():
        raise HttpError(422, "；".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    data = form.cleaned_data
    if drop_empty:
        data = {key: value for key, value in data.items() if value is not None}
    try:
        return Status(200, step.service(request.user, Channel.API, obj, **data))
    except ValidationError as exc:
        raise refusal(exc) from exc


class Refused(Schema):
    """The body of a 4xx answer: the reason, in Chinese."""

    detail: str


def visible_or_404(records, pk, may_view, user, noun: str):
    """pages.visible_or_404 for the API: the same rule, the refusal as JSON with its reason."""
    from django.http import Http404

    from . import pages

    try:
        return pages.visible_or_404(records, pk, may_view, user, noun)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from exc
