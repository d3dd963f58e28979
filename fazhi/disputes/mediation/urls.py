from django.urls import path  # noqa: F401

app_name = "mediation"
prefix = "tiaojie/"
urlpatterns: list = []
