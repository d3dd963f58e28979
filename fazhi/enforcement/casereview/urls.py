"""The pages of 案卷评查 beside its ledger's (the declaration's extra_urls), imported with the
URLconf rather than at start-up."""

from django.urls import path

from . import views

urlpatterns = [path("<int:pk>/jieguo.xlsx", views.results_export, name="results_export")]
