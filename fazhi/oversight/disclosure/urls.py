"""The pages of 依申请公开 beside its ledger's (the declaration's extra_urls), imported with the
URLconf rather than at start-up."""

from django.urls import path

from . import views

urlpatterns = [
    # The public: the portal form and the tracking page (no login).
    path("apply/", views.public_apply, name="apply"),
    path("apply/done/", views.public_apply_done, name="apply_done"),
    path("apply/done/receipt.pdf", views.public_apply_receipt, name="apply_receipt"),
    path("track/", views.public_track, name="track"),
    # Staff: table 三 of the annual report.
    path("annual/", views.annual_table, name="annual_table"),
]
