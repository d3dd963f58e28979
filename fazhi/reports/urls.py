from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/parts/<int:number>/", views.edit_part, name="edit_part"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
]
