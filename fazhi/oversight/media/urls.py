from django.urls import path  # noqa: F401

app_name = "media"
prefix = "xinmeiti/"
urlpatterns: list = []
