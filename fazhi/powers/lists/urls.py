"""The pages of 权责清单 beside its ledger's (the declaration's extra_urls), imported with the
URLconf rather than at start-up."""

from django.urls import path

from . import public

urlpatterns = [
    # The public list (no login): the version in force, item by item.
    path("gongshi/", public.power_list, name="public"),
]
