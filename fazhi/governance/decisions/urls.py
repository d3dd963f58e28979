"""The pages of 重大行政决策 beside its ledger's (the declaration's extra_urls), imported with the
URLconf rather than at start-up."""

from django.urls import path

from . import views

urlpatterns = [
    # The public (no login): the portal's pages.
    path("gongkai/", views.portal_index, name="portal"),
    path("gongkai/<int:pk>/", views.portal_decision, name="portal_decision"),
    # Staff: the 决策档案 of one decision (art. 33).
    path("<int:pk>/dangan/", views.archive, name="archive"),
]
