from django.urls import path

from . import views

app_name = "mediation"
prefix = "tiaojie/"
urlpatterns = [
    path("export.xlsx", views.export, name="export"),
    path("", views.case_list, name="case_list"),
    path("new/", views.case_new, name="case_new"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/reveal/", views.case_reveal, name="case_reveal"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
