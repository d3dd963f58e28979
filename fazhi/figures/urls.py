from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.index, name="index"),
    path("custom/", views.custom_list, name="custom"),
    path("custom/new/", views.custom_edit, name="custom_new"),
    path("custom/<int:pk>/", views.custom_edit, name="custom_edit"),
    path("<str:figure_id>/records/", views.records, name="records"),
]
