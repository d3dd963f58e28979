from django.urls import path

from . import views

app_name = "proposals"
prefix = "jianyi/"
urlpatterns = [
    path("export.xlsx", views.export, name="export"),
    path("", views.proposal_list, name="proposal_list"),
    path("new/", views.proposal_new, name="proposal_new"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/<slug:action>/", views.proposal_action, name="proposal_action"),
]
