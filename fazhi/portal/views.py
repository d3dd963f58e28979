"""The public portal: what the public may read (published records, masked personal data)."""

from django.conf import settings
from django.shortcuts import render

from fazhi.core.models import OrgUnit


def home(request):
    government = OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()
    return render(request, "portal/home.html", {"government": government})
