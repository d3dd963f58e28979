"""The one place this app reaches the 合法性审核 app (fazhi.governance.legality), through its
queries and services only (docs/architecture.md: a procedure reaches another only so)."""

from importlib import import_module


def _legality(module: str):
    return import_module(f"fazhi.governance.legality.{module}")


def review_of(decision):
    """The latest 合法性审查 of this decision (any state), or None."""
    return _legality("queries").review_of(decision)


def cleared(decision):
    """The latest review whose opinion is 合法 or 修改后合法; None when none or 不合法."""
    return _legality("queries").cleared(decision)


def request_review(actor, decision, *, submitted_on, note="", channel="web"):
    models = _legality("models")
    return _legality("services").request_review(
        actor,
        channel=channel,
        kind=models.ReviewKind.DECISION,
        title=decision.title,
        unit=decision.unit,
        submitted_on=submitted_on,
        subject=decision,
        note=note,
    )


def opinion_labels() -> dict:
    return dict(_legality("models").Opinion.choices)


def state(decision) -> str:
    """ "none" (never reviewed, or the request withdrawn), "pending" (sent, no opinion yet),
    "cleared" (合法 or 修改后合法) or "unlawful" (the latest opinion 不合法)."""
    review = review_of(decision)
    statuses = _legality("models").ReviewStatus
    if review is None or review.status == statuses.WITHDRAWN:
        return "none"
    if review.status != statuses.GIVEN:
        return "pending"
    return "cleared" if cleared(decision) is not None else "unlawful"
