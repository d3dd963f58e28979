from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("workbench/", views.workbench_page, name="workbench"),
]

# Login and logout keep Django's global names ("login", "logout") for LOGIN_URL and templates.
auth_urlpatterns = [
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
