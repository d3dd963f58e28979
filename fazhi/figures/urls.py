from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:figure_id>/records/", views.records, name="records"),
]
