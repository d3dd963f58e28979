"""Who sees what of 规范性文件, and what other procedures may ask of them.

A document is seen by its drafting unit, its 制定机关 and their government's overseers; a 清理 by
its government's overseers and the office leading it; a 备案审查 by the 备案审查机构, the organ
whose document it examined and the overseers. Another county sees nothing (404). The public sees
the documents that were published, in the portal's library (public.py)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from fazhi.core.permissions import subtree_ids, unit_scope_q

from .models import (
    CampaignStatus,
    CleanupCampaign,
    CleanupDecision,
    DocStatus,
    FilingReview,
    FilingStatus,
    IncidentalReview,
    IncidentalStatus,
    NormativeDocument,
)


def visible_documents(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return NormativeDocument.objects.none()
    mine = unit_scope_q(user, "unit", "organ")
    return NormativeDocument.objects.filter(mine).select_related("unit", "organ")


def open_documents(user):
    """The workbench: drafts on their way and documents owing their 备案."""
    return visible_documents(user).filter(status__in=DocStatus.open(), next_due_on__isnull=False)


def visible_campaigns(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return CleanupCampaign.objects.none()
    mine = unit_scope_q(user, "office", "government")
    return CleanupCampaign.objects.filter(mine).select_related("government", "office")


def visible_filing_reviews(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return FilingReview.objects.none()
    mine = unit_scope_q(user, "office", "organ")
    return FilingReview.objects.filter(mine).select_related(
        "government", "office", "organ", "document"
    )


def open_filing_reviews(user):
    return visible_filing_reviews(user).filter(status__in=FilingStatus.open())


def in_force_on(day: dt.date) -> Q:
    """Documents in force on `day`: taken effect, not abolished or expired by then (废止 ends
    validity from its date; a 有效期 ends after its last day)."""
    return (
        Q(effective_from__lte=day)
        & (Q(abolished_on__isnull=True) | Q(abolished_on__gt=day))
        & (Q(expired_on__isnull=True) | Q(expired_on__gt=day))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    )


def campaign_documents(campaign):
    """Every document in the 清理's scope: issued by the chosen organs (or any of the
    government's) and in force on the cutoff date."""
    documents = NormativeDocument.objects.filter(in_force_on(campaign.cutoff_on))
    chosen = list(campaign.units.values_list("pk", flat=True)) if campaign.pk else []
    if chosen:
        return documents.filter(organ__in=chosen)
    return documents.filter(organ__in=subtree_ids(campaign.government))


def undecided(campaign):
    decided = CleanupDecision.objects.filter(campaign=campaign, document=OuterRef("pk"))
    return (
        campaign_documents(campaign)
        .exclude(Exists(decided))
        .select_related("organ")
        .order_by("organ__path", "first_published_on", "pk")
    )


def open_campaigns(user):
    return visible_campaigns(user).filter(status=CampaignStatus.OPEN)


def history(document) -> list:
    """The document's versions, oldest first: its history as published."""
    return list(document.versions.order_by("number"))


def visible_incidental_reviews(user):
    """The 复议机构 handling the case and its government's overseers; the document's maker."""
    if not user.is_authenticated or user.scope_unit() is None:
        return IncidentalReview.objects.none()
    mine = unit_scope_q(user, "office", "document__organ")
    return IncidentalReview.objects.filter(mine).select_related(
        "organ", "office", "case", "document", "document__organ"
    )


def open_incidental_reviews(user):
    return visible_incidental_reviews(user).filter(status__in=IncidentalStatus.open())
