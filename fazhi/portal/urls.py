from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("nianbao/<int:pk>/", views.annual_report, name="annual_report"),
    path("nianbao/<int:pk>/report.<str:fmt>", views.annual_report, name="annual_report_file"),
    path("shuju/", views.open_data, name="open_data"),
    path("shuju/figures.<str:fmt>", views.open_data, name="open_data_file"),
]
