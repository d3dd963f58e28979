"""The REST API: one NinjaAPI; the kernel and each procedure add a router. OpenAPI at /api/docs.

Every refusal answers `{"detail": "<原因>"}` in Chinese, whatever refused it: a parameter or body
the schema does not admit (422), a body that cannot be parsed (400), no session (401), no right
(403), a record not visible (404), a rule of the procedure (422).
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.security import django_auth


class OfflineSwagger(Swagger):
    """Swagger UI from the package's own static files: ninja falls back to a CDN when it is not
    an installed app, which it is not here (settings.NINJA_DIR)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        csrf = any(getattr(auth, "csrf", False) for auth in api.auth)  # the session's, as ninja
        context = {"swagger_settings": json.dumps(self.settings), "api": api, "add_csrf": csrf}
        return render(request, self.template, context)


api = NinjaAPI(
    title="法治政府建设工作平台 API",
    version="1",
    description=(
        "供其他系统交换数据。会话认证(登录后)；每次写操作与网页一样调用同一服务函数并留痕。"
        '拒绝时返回 {"detail": "原因"}：400 请求无法解析，401 未登录，403 无权办理，'
        "404 记录不存在或无权查看，422 参数或业务规则不允许。"
    ),
    auth=django_auth,
    urls_namespace="api",
    docs=OfflineSwagger(),
)


def _refuse(request, status: int, detail: str):
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return _refuse(
        request, 422, "；".join(_describe(error) for error in exc.errors) or "请求无效。"
    )


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "请求"
    return f"{where}：{_MESSAGES.get(error.get('type', ''), error.get('msg', '无效'))}"


_MESSAGES = {
    "missing": "必须填写",
    "string_too_long": "超过允许的长度",
    "string_too_short": "长度不足",
    "string_type": "应为文字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 日期",
    "date_parsing": "应为 YYYY-MM-DD 日期",
    "date_type": "应为 YYYY-MM-DD 日期",
    "literal_error": "不在可选值之内",
    "enum": "不在可选值之内",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "list_type": "应为列表",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "too_long": "项数过多",
    "extra_forbidden": "不接受此字段",
    "json_invalid": "不是有效的 JSON",
}


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _refuse(request, 401, "请先登录。")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    detail = str(exc)
    if detail.startswith("Cannot parse request body"):  # ninja's own words
        detail = "请求正文无法解析：应为 JSON 对象(Content-Type: application/json)。"
    return _refuse(request, exc.status_code, detail)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _refuse(request, 404, str(exc) or "不存在或无权查看。")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _refuse(request, 403, str(exc) or "无权办理。")


@api.exception_handler(MultiPartParserError)
def _unparseable(request, exc):
    return _refuse(request, 400, "请求正文无法解析(multipart 缺少分隔符或格式错误)。")


def _mount_routers() -> None:
    from fazhi.core.api import router as core_router
    from fazhi.core.ledger.api import router_for
    from fazhi.core.procedures import all_procedures

    api.add_router("/core", core_router)
    for procedure in all_procedures():
        api.add_router(procedure.api_prefix, router_for(procedure))


_mount_routers()
