from django.urls import path  # noqa: F401

app_name = "letters"
prefix = "xinxiang/"
urlpatterns: list = []
