from django.urls import path  # noqa: F401

app_name = "proposals"
prefix = "jianyi/"
urlpatterns: list = []
