"""The pages of 行政规范性文件 beside its ledger's (the declaration's extra_urls), imported with the
URLconf rather than at start-up."""

from django.urls import path

from . import public

urlpatterns = [
    # The public library (no login): the documents published, with their history.
    path("wenku/", public.library, name="library"),
    path("wenku/<int:pk>/", public.document, name="library_document"),
]
