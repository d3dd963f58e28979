"""The REST API: one NinjaAPI, each domain app adds its router. OpenAPI at /api/docs."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="法治政府建设工作平台 API",
    version="1",
    description="供其他系统交换数据。会话认证(登录后)；每次写操作与网页一样调用同一服务函数并留痕。",
    auth=django_auth,
    urls_namespace="api",
)


def _mount_routers() -> None:
    from fazhi.core.api import router as core_router
    from fazhi.disputes.api import router as disputes_router

    api.add_router("/core", core_router)
    api.add_router("/reconsideration", disputes_router)


_mount_routers()
