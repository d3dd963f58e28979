from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/parts/<int:number>/", views.edit_part, name="edit_part"),
    path("<int:pk>/parts/<int:number>/preview/", views.preview_part, name="preview_part"),
    path("<int:pk>/returns/", views.returns, name="returns"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
]
