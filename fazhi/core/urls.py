from django.contrib.auth import views as auth_views
from django.urls import path

from . import approval_views, import_views, inbox_views, views
from .instruments import views as papers

app_name = "core"
urlpatterns = [
    path("workbench/", views.workbench_page, name="workbench"),
    path("approvals/", approval_views.approval_list, name="approvals"),
    path("inbox/", inbox_views.inbox_page, name="inbox"),
    path("inbox/badge/", inbox_views.inbox_badge, name="inbox_badge"),
    path("inbox/read/", inbox_views.mark_read, name="inbox_read"),
    path(
        "inbox/urge/<str:app_label>/<str:model_name>/<int:pk>/",
        inbox_views.urge_page,
        name="urge",
    ),
    path("deadlines/moves/", views.deadline_moves, name="deadline_moves"),
    path("approvals/<int:pk>/", approval_views.approval_detail, name="approval"),
    path("imports/", import_views.imports_page, name="imports"),
    path("imports/upload/", import_views.upload, name="import_upload"),
    path("imports/runs/<int:pk>/", import_views.import_run, name="import_run"),
    path("imports/runs/<int:pk>/errors.xlsx", import_views.error_report, name="import_errors"),
    path("papers/instruments/<int:pk>.<str:fmt>", papers.instrument_file, name="instrument_file"),
    path("papers/instruments/<int:pk>/serve/", papers.instrument_serve, name="instrument_serve"),
    path("papers/attachments/<int:pk>/", papers.attachment_file, name="attachment_file"),
    path("papers/templates/", papers.template_list, name="instrument_templates"),
    path(
        "papers/templates/<slug:procedure_key>/<slug:kind_key>/",
        papers.template_edit,
        name="instrument_template",
    ),
    path(
        "imports/<slug:kind>/template.<str:fmt>",
        import_views.download_template,
        name="import_template",
    ),
]

# Login and logout keep Django's global names ("login", "logout") for LOGIN_URL and templates.
auth_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
