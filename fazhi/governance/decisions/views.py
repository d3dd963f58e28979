"""The pages of 重大行政决策 the kernel's ledger does not build.

The public (no login), under the portal's header: the published 决策事项目录, the drafts open to
comment with their opinion form (anyone; CSRF-protected; at most FAZHI_DECISION_COMMENT_LIMIT
opinions per address per window), the published handling of opinions (the person masked) and
the published decisions. Staff: the 决策档案 (JC art. 33), every step's record and file.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core import ratelimit
from fazhi.core.audit import Channel
from fazhi.core.instruments.services import attachments_of
from fazhi.core.ledger.history import history_rows
from fazhi.core.masking import mask_name, mask_text
from fazhi.core.models import OrgUnit
from fazhi.core.pages import portal_government, visible_or_404
from fazhi.core.procedures import get

from . import legality_link, queries, rules, services
from .forms import PublicCommentForm
from .models import Decision, PublicOpinion, Status


def public_government() -> OrgUnit | None:
    return portal_government()


def portal_index(request):
    government = public_government()
    if government is None:
        raise Http404("未配置本级政府")
    items = Decision.objects.exclude(status=Status.REMOVED).select_related("unit")
    catalogues = queries.published_catalogues(government).prefetch_related(
        Prefetch("items", queryset=items.order_by("listed_on", "id"), to_attr="shown")
    )[:3]
    public = queries.public_decisions(government)
    context = {
        "government": government,
        "catalogues": catalogues,
        "commenting": public.filter(status=Status.COMMENTING).order_by("comment_until"),
        "handled": public.filter(handling_published_on__isnull=False).order_by(
            "-handling_published_on"
        )[:20],
        "published": public.filter(status=Status.PUBLISHED).order_by("-published_on")[:20],
    }
    return render(request, "decisions/portal_index.html", context)


def portal_decision(request, pk: int):
    """One draft or decision as published; while its period runs, the public's opinion form."""
    government = public_government()
    if government is None:
        raise Http404("未配置本级政府")
    decision = queries.public_decisions(government).filter(pk=pk).first()
    if decision is None:
        raise Http404("未公开的决策事项")
    today = timezone.localdate()
    open_now = decision.status == Status.COMMENTING and today <= decision.comment_until
    form = PublicCommentForm(request.POST or None) if open_now else None
    if request.method == "POST" and form is not None:
        limit, window = rules.comment_limit()
        key = "decision-comment"
        if ratelimit.hits(request, key) >= limit:
            form.add_error(None, "您提交意见过于频繁，请一小时后再试，或通过信函、电子邮件提出。")
        elif form.is_valid():
            try:
                services.comment_on_portal(government, Channel.WEB, decision, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                ratelimit.hit(request, key, window)
                messages.success(
                    request, "您的意见已提交，感谢参与。采纳情况将在征求意见结束后公布。"
                )
                return redirect("decisions:portal_decision", pk=decision.pk)
    opinions = []
    if decision.handling_published_on:
        opinions = [
            {
                "number": o.number,
                "name": mask_name(o.name),
                "text": mask_text(o.text),
                "outcome": o.get_outcome_display(),
                "reason": mask_text(o.reason),
            }
            for o in decision.opinions.all()
        ]
    context = {
        "government": government,
        "d": decision,
        "form": form,
        "open_now": open_now,
        "opinions": opinions,
        "article": rules.ARTICLE["comment"],
    }
    return render(request, "decisions/portal_decision.html", context)


@login_required
def archive(request, pk: int):
    """决策档案 (art. 33): the record of every step (the audit trail read as history), the files
    attached to the decision and to the meeting that decided it, the opinions and the review."""
    procedure = get("decisions")
    decision = visible_or_404(
        procedure.visible(request.user), pk, lambda u, o: True, request.user, procedure.noun
    )
    review = _review(decision)
    meeting = decision.meeting
    context = {
        "d": decision,
        "history": history_rows(procedure, decision),
        "attachments": attachments_of(decision),
        "opinions": PublicOpinion.objects.filter(decision=decision),
        "review": review,
        "review_opinion": legality_link.opinion_labels().get(review.opinion, "")
        if review is not None
        else "",
        "meeting": meeting,
        "meeting_attachments": attachments_of(meeting) if meeting else [],
        "missing": services.missing_steps(decision) if decision.status == Status.PREPARING else [],
    }
    return render(request, "decisions/archive.html", context)


def _review(decision):
    try:
        return legality_link.review_of(decision)
    except ImportError:  # the 合法性审核 app is not installed
        return None


def decision_facts(decision, user) -> dict:
    return {
        "opinions": decision.opinions.all(),
        "review": _review(decision),
        "missing": services.missing_steps(decision) if decision.status == Status.PREPARING else [],
    }
