"""The pages of 证明事项 beside its ledger's (the declaration's extra_urls)."""

from django.urls import path

from . import public

urlpatterns = [
    path("gongshi/", public.proof_list, name="public"),  # the public list (no login)
]
