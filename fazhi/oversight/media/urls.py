from django.urls import path

from . import views

app_name = "media"
prefix = "xinmeiti/"
urlpatterns = [
    path("export.xlsx", views.export, name="export"),
    path("", views.account_list, name="account_list"),
    path("new/", views.account_new, name="account_new"),
    path("<int:pk>/", views.account_detail, name="account_detail"),
    path("<int:pk>/<slug:action>/", views.account_action, name="account_action"),
    path("zhengzhi/", views.campaign_list, name="campaign_list"),
    path("zhengzhi/new/", views.campaign_new, name="campaign_new"),
    path("zhengzhi/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("zhengzhi/<int:pk>/<slug:action>/", views.campaign_action, name="campaign_action"),
]
