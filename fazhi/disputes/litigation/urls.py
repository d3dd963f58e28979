from django.urls import path

from . import views

app_name = "litigation"
prefix = "yingsu/"
urlpatterns = [
    path("export.xlsx", views.export, name="export"),
    path("", views.lawsuit_list, name="lawsuit_list"),
    path("new/", views.lawsuit_new, name="lawsuit_new"),
    path("<int:pk>/", views.lawsuit_detail, name="lawsuit_detail"),
    path("<int:pk>/reveal/", views.lawsuit_reveal, name="lawsuit_reveal"),
    path("<int:pk>/<slug:action>/", views.lawsuit_action, name="lawsuit_action"),
]
