"""Errors as JSON in Chinese. A service's Django ValidationError (Chinese, usually naming a
field) becomes a 400 with the same field names; nothing was written, since every service is one
transaction."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

NOT_FOUND = "未找到：记录不存在或不在您的查看范围内"
CSRF_FAILED = "CSRF 校验失败：用会话登录调用写接口时，请在请求头 X-CSRFToken 中带上 csrftoken Cookie 的值"


def validation_error(error):
    """A DRF ValidationError with the service's field names ("__all__" → non_field_errors)."""
    detail = as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail.setdefault(api_settings.NON_FIELD_ERRORS_KEY, [])
        detail[api_settings.NON_FIELD_ERRORS_KEY] += detail.pop(NON_FIELD_ERRORS)
    return exceptions.ValidationError(detail)


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    if isinstance(exc, Http404):
        # Django's message names the model in English; out of scope and absent read the same.
        exc = exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait) if exc.wait is not None else None
        message = f"请求过于频繁，请在 {wait} 秒后重试" if wait is not None else "请求过于频繁，请稍后重试"
        exc = exceptions.Throttled(wait=exc.wait)
        # Set after construction: Throttled would append its own "expected available" sentence.
        exc.detail = exceptions.ErrorDetail(message, code="throttled")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(CSRF_FAILED)
    if isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(f"请求体无法解析：{exc.detail}")
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.NotAuthenticated):
        response.data = {"detail": "请先登录：请求头 Authorization: Token <令牌>，或使用已登录的会话"}
    return response
