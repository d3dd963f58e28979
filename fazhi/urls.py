from django.contrib import admin
from django.urls import include, path

from fazhi.api import api
from fazhi.core.ledger.urls import urlpatterns_for_procedures
from fazhi.core.urls import auth_urlpatterns

admin.autodiscover()  # here, not at start-up (fazhi.core.admin_app): the admin's pages need them

urlpatterns = [
    path("", include("fazhi.portal.urls")),
    path("", include("fazhi.core.urls")),
    path("chouqu/", include("fazhi.core.draws.urls")),
    path("accounts/", include(auth_urlpatterns)),
    path("figures/", include("fazhi.figures.urls")),
    path("cockpit/", include("fazhi.cockpit.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
# Each procedure's ledger pages under its own prefix (/fuyi/, /yingsu/, …), namespaced by its app
# label, built by the kernel from the procedure's declaration.
urlpatterns += urlpatterns_for_procedures()

admin.site.site_header = "法治政府建设工作平台 · 管理后台"
admin.site.site_title = "法治 Fazhi"
