"""A record's history as people read it: every audit row of the record, oldest first, with the
step's details (approver, days, reason, outcome …) under the labels of the step's form."""

from dataclasses import dataclass

from ..models import AuditEntry

# Detail keys that no step form names (written by the kernel or by older services).
KNOWN = {
    "approver": "批准人",
    "requested_by": "申请人",
    "reason": "理由",
    "note": "说明",
    "days": "天数",
    "request": "审批申请编号",
    "fields": "查看的字段",
    "ground": "情形",
    "items": "事项",
    "outcome": "结果",
}
HIDDEN = {"on", "details", "request"}


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditEntry
    on: str
    details: list[tuple[str, str]]


def history_rows(procedure, obj) -> list[HistoryRow]:
    entries = AuditEntry.objects.filter(
        object_type__in=procedure.audit_types, object_id=str(obj.pk)
    ).order_by("id")
    labels = _labels_by_action(procedure)
    return [_row(entry, labels) for entry in entries]


def _labels_by_action(procedure) -> dict[str, tuple[dict, dict]]:
    """For each step's label: its form's field labels and choice labels."""
    found = {}
    for step in procedure.steps:
        fields = step.form.base_fields
        names = {name: str(f.label) for name, f in fields.items()}
        choices = {
            name: {str(k): str(v) for k, v in getattr(f, "choices", ()) or ()}
            for name, f in fields.items()
        }
        found[step.label] = (names, choices)
    return found


def _row(entry: AuditEntry, labels) -> HistoryRow:
    after = entry.after if isinstance(entry.after, dict) else {}
    details = after.get("details") if isinstance(after.get("details"), dict) else {}
    if entry.action.startswith(("申请审批", "批准", "不予批准")):
        details = {k: v for k, v in after.items() if k not in HIDDEN}
    names, choices = labels.get(entry.action, ({}, {}))
    shown = []
    for key, value in details.items():
        if value in (None, "", [], {}):
            continue
        label = names.get(key) or KNOWN.get(key)
        if not label:  # an internal key: no page shows a name that is not Chinese
            continue
        text = choices.get(key, {}).get(str(value), value)
        shown.append((label, text if isinstance(text, str) else _plain(text)))
    return HistoryRow(entry, str(after.get("on") or ""), shown)


def _plain(value) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
