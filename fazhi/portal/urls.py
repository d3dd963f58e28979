from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:pk>/", views.annual_report, name="annual_report"),
    path("reports/<int:pk>/report.<str:fmt>", views.annual_report, name="annual_report_file"),
]
