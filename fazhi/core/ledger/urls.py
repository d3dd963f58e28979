"""The URLs of every procedure's ledger, under its own prefix and namespace (its app label)."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.decorators.http import require_POST

from ..procedures import Procedure, all_procedures
from .views import LedgerViews


def ledger_patterns(procedure: Procedure) -> list:
    views = LedgerViews(procedure)

    def page(view):
        return login_required(view)

    def post(view):
        return login_required(require_POST(view))

    return [
        *procedure.extra_urls,
        path("", page(views.list), name="list"),
        path("export.xlsx", page(views.export), name="export"),
        path("new/", page(views.new), name="new"),
        path("bulk/<slug:key>/", post(views.bulk), name="bulk"),
        path("<int:pk>/", page(views.detail), name="detail"),
        path("<int:pk>/reveal/", post(views.reveal), name="reveal"),
        path("<int:pk>/attachments/", post(views.attach), name="attach"),
        path("<int:pk>/<slug:key>/", post(views.step), name="step"),
    ]


def urlpatterns_for_procedures() -> list:
    return [
        path(p.url_prefix, include((ledger_patterns(p), p.key), namespace=p.key))
        for p in all_procedures()
    ]
