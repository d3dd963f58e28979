"""The pages of 行政执法 beside its ledger's (the declaration's extra_urls), imported with the
URLconf rather than at start-up."""

from django.urls import path

from . import views

urlpatterns = [
    # The public (no login): 执法公示 and the 目录清单.
    path("gongshi/", views.portal_index, name="portal"),
    path("gongshi/mulu/", views.portal_catalogue, name="portal_catalogue"),
    # Staff: the 目录清单 of one's units; the 全过程记录 checksum check.
    path("mulu/", views.catalogue, name="catalogue"),
    path("jiaoyan/", views.checksums, name="checksums"),
]
