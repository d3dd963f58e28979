from django.urls import path  # noqa: F401

app_name = "litigation"
prefix = "yingsu/"
urlpatterns: list = []
