"""Personal data typed into free text, for the sweeps that prove it is shown masked: an ID number
and mobile numbers appended, by a queryset `update()`, to every field a person types into, as if a
member of staff had typed them (fazhi/core/tests/test_sweep_free_text_masked.py: staff pages;
fazhi/portal/tests/test_sweep_public_free_text.py: the public's)."""

from django.db import models

ID_NUMBER = "53252619800101001X"  # a valid check digit (GB 11643), not a real person's
MOBILE = "13987654321"
TYPED = f"(当事人身份证号{ID_NUMBER}，电话{MOBILE})"
VARIANTS = "（又139 8765 4321，１３９８７６５４３２１）"  # what mask_text also finds by shape
LEAKS = (ID_NUMBER, MOBILE, "139 8765 4321", "１３９８７６５４３２１")
MASKED_ID = "5325**********001X"
# Codes, not text: never typed with a person's data, and some must stay verbatim to be checked.
NOT_TYPED = ("number", "code", "path", "token", "sha256", "uscc", "hash")


def free_text_fields(model) -> list[models.Field]:
    """Text a person types (no choices, no code or number) with room for the typed sentence."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField)
        and not field.choices
        and not field.unique
        and (field.max_length is None or field.max_length >= len(TYPED))
        and not field.name.endswith(NOT_TYPED)
    ]


def typed_into(stored: str | None, max_length: int | None) -> str:
    """The stored text with the numbers appended; the variants too where the field has room."""
    stored = stored or ""
    for extra in (TYPED + VARIANTS, TYPED):
        if max_length is None or len(stored + extra) <= max_length:
            return stored + extra
        if len(extra) <= max_length:
            return (stored + extra)[-max_length:]
    raise AssertionError("free_text_fields keeps only fields with room for TYPED")


def inject(*records: models.Model, keep: tuple[str, ...] = ()) -> None:
    """Append the numbers to every free-text field of each record (but `keep`). By `update()`:
    the services let such text through anyway (it is masked for display, not refused), and the
    update reaches fields that no form of the services fills."""
    for record in records:
        model = type(record)
        fields = [f for f in free_text_fields(model) if f.name not in keep]
        stored = model.objects.filter(pk=record.pk).values(*(f.attname for f in fields)).get()
        model.objects.filter(pk=record.pk).update(
            **{f.attname: typed_into(stored[f.attname], f.max_length) for f in fields}
        )


def leaks_in(text: str) -> list[str]:
    """Each unmasked number with the text around it, to say where it leaked."""
    found = [(leak, text.find(leak)) for leak in LEAKS if leak in text]
    return [f"{leak}: …{text[max(at - 60, 0) : at + 40]}…" for leak, at in found]
