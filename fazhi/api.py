"""The REST API: one NinjaAPI; the kernel and each procedure add a router. OpenAPI at /api/docs."""

from ninja import NinjaAPI
from ninja.security import django_auth

from fazhi.core.procedures import all_modules

api = NinjaAPI(
    title="法治政府建设工作平台 API",
    version="1",
    description="供其他系统交换数据。会话认证(登录后)；每次写操作与网页一样调用同一服务函数并留痕。",
    auth=django_auth,
    urls_namespace="api",
)


def _mount_routers() -> None:
    from fazhi.core.api import router as core_router
    from fazhi.core.ledger.api import router_for
    from fazhi.core.procedures import all_procedures

    api.add_router("/core", core_router)
    for procedure in all_procedures():
        api.add_router(procedure.api_prefix, router_for(procedure))
    for module in all_modules("api"):
        api.add_router(module.prefix, module.router)


_mount_routers()
