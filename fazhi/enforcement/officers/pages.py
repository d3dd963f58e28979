"""The officers app's own pages beside the ledgers: the officer page's certificates and training
hours, the printable certificate with its QR code, and the public verification page the QR code
opens (no login; addressed by the certificate's unguessable token; throttled per address)."""

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from fazhi.core import ratelimit
from fazhi.core.authority import Public, PublicActor
from fazhi.core.masking import mask_name, mask_text

from . import queries, rules
from .models import Certificate, TrainingAttendance, TrainingStatus

VERIFY_LIMIT, VERIFY_WINDOW = 60, 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")  # models.new_token: secrets.token_urlsafe


def training_hours(officer, year: int) -> Decimal:
    """The 学时 of the trainings an officer attended in `year` (not 作废)."""
    total = TrainingAttendance.objects.filter(
        officer=officer,
        training__status=TrainingStatus.RECORDED,
        training__held_on__year=year,
    ).aggregate(hours=Sum("training__hours"))["hours"]
    return total or Decimal(0)


def officer_context(officer, user) -> dict:
    year = timezone.localdate().year
    return {
        "certificates": officer.certificates.order_by("-issued_on", "-id"),
        "trainings": officer.trainings.filter(
            training__held_on__year=year, training__status=TrainingStatus.RECORDED
        ).select_related("training"),
        "training_year": year,
        "training_hours": training_hours(officer, year),
        "required_hours": rules.ANNUAL_TRAINING_HOURS,
    }


def verify_url(request, certificate) -> str:
    """The absolute address of the certificate's public verification page (what the QR holds)."""
    path = reverse("officers_certificates:verify", args=[certificate.token])
    site = getattr(settings, "FAZHI_SITE_URL", "") or ""
    if site:
        return site.rstrip("/") + path
    return request.build_absolute_uri(path)


def qr_svg(data: str) -> str:
    """The QR code of `data` as inline SVG (segno; no network, no image file)."""
    import segno

    return segno.make(data, error="m").svg_inline(scale=4, border=2)


@login_required
def card(request, pk):
    """The printable certificate: its facts and the QR code of its verification page."""
    certificate = get_object_or_404(queries.visible_certificates(request.user), pk=pk)
    url = verify_url(request, certificate)
    context = {
        "obj": certificate,
        "verify_url": url,
        "qr": mark_safe(qr_svg(url)),  # segno's own SVG markup of a URL we built
        "valid_today": certificate.valid_on(timezone.localdate()),
    }
    return render(request, "officers/card.html", context)


def _throttled(request) -> bool:
    window = int(getattr(settings, "FAZHI_CERTIFICATE_VERIFY_WINDOW", VERIFY_WINDOW))
    limit = int(getattr(settings, "FAZHI_CERTIFICATE_VERIFY_LIMIT", VERIFY_LIMIT))
    return ratelimit.exceeded(request, "certificate-verify", limit, window)


def verify(request, token):
    """公众核验: anyone with the QR code sees whether the card is valid today; the holder's name
    is masked and nothing else personal is shown. An unknown token answers 404."""
    if _throttled(request):
        return render(request, "officers/verify_throttled.html", status=429)
    certificate = (
        Certificate.objects.filter(token=token).select_related("officer", "unit").first()
        if TOKEN.fullmatch(token or "")
        else None  # not a token's shape (a NUL in it was a server error on PostgreSQL)
    )
    if certificate is None:
        raise Http404("未找到该执法证。")
    actor = PublicActor("公众", certificate.unit.government())
    if not Public().allows(actor, certificate):  # the public's reading, as the portal's forms
        raise Http404("未找到该执法证。")
    today = timezone.localdate()
    context = {
        "number": certificate.number,
        "field": certificate.get_field_display(),
        "issuer": mask_text(certificate.issuer),  # typed at issue, shown to anyone
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
        "status": certificate.get_status_display(),
        "valid_today": certificate.valid_on(today),
        "holder": mask_name(certificate.officer.name),
        "unit": certificate.unit.name,
        "today": today,
    }
    response = render(request, "officers/verify.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


__all__ = ["card", "dt", "officer_context", "qr_svg", "training_hours", "verify"]
