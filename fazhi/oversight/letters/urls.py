from django.urls import path

from . import views

app_name = "letters"
prefix = "xinxiang/"
urlpatterns = [
    path("export.xlsx", views.export, name="export"),
    path("", views.letter_list, name="letter_list"),
    path("new/", views.letter_new, name="letter_new"),
    path("<int:pk>/", views.letter_detail, name="letter_detail"),
    path("<int:pk>/reveal/", views.letter_reveal, name="letter_reveal"),
    path("<int:pk>/<slug:action>/", views.letter_action, name="letter_action"),
]
