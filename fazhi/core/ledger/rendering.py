"""The ledger filters' form rendered in Python: the same HTML as Django's form templates.

Every list page renders its filter form: a dozen labels, inputs and selects with about a hundred
options (statuses, years, the units one may see, the procedure's choices). Django renders each
option through two included templates (select_option.html, attrs.html), which made the form a
third of a list page's rendering time. The templates rendered here are the few the form uses,
written out in Python with the templates' own escaping and whitespace (tests compare the two);
any other template (a custom widget's) is still rendered by Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData


def _value(value) -> str:
    """`{{ value|stringformat:'s' }}`: str() of it, escaped unless already safe."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % (value,)  # noqa: UP031 — exactly what stringformat does
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html (and django/forms/attrs.html, the same loop)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_value(value)}"')
    return "".join(parts)


def _option(option: dict) -> str:
    return (
        f'<option value="{_value(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _select(context: dict) -> str | None:
    widget = context["widget"]
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None  # a custom option template: Django renders the whole select
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _input(context: dict) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = f' value="{_value(value)}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>\n'
    )


def _label(context: dict) -> str:
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return f"{label}\n"
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>\n"


def _included_input(context: dict) -> str:
    """text.html and the like: `{% include "…/input.html" %}` and the file's own line end."""
    return _input(context) + "\n"


OPTION = "django/forms/widgets/select_option.html"
_IN_PYTHON = {
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/text.html": _included_input,
    "django/forms/widgets/number.html": _included_input,
    "django/forms/widgets/date.html": _included_input,
    "django/forms/label.html": _label,
}


class FilterFormRenderer(DjangoTemplates):
    """Django's renderer, with the templates above done in Python."""

    def render(self, template_name, context, request=None):
        fast = _IN_PYTHON.get(template_name)
        if fast is not None:
            html = fast(context)
            if html is not None:
                return html.strip()  # as BaseRenderer.render strips the template's output
        return super().render(template_name, context, request)
