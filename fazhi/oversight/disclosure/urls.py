from django.urls import path  # noqa: F401

app_name = "disclosure"
prefix = "gongkai/"
urlpatterns: list = []
