from django.urls import path

from . import views

app_name = "draws"
urlpatterns = [
    path("", views.draw_list, name="list"),
    path("<int:pk>/", views.draw_page, name="draw"),
    path("<int:pk>/draw.json", views.draw_json, name="json"),
]
