from django.urls import path

from . import views

app_name = "disclosure"
prefix = "gongkai/"
urlpatterns = [
    path("export.xlsx", views.export, name="export"),
    # The public: the portal form and the tracking page (no login).
    path("apply/", views.public_apply, name="apply"),
    path("apply/done/", views.public_apply_done, name="apply_done"),
    path("track/", views.public_track, name="track"),
    # Staff.
    path("", views.request_list, name="request_list"),
    path("new/", views.request_new, name="request_new"),
    path("annual/", views.annual_table, name="annual_table"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/reveal/", views.request_reveal, name="request_reveal"),
    path("<int:pk>/challenge/", views.request_challenge, name="request_challenge"),
    path("<int:pk>/<slug:action>/", views.request_action, name="request_action"),
]
