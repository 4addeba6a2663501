"""OpenAPI schema hooks (drf-spectacular): only /api/v1/ is described (Wagtail's API v2 has its
own), and every operation documents the error bodies the exception handler produces; the view
that serves the schema, generated once."""

import threading

from django.core.signals import setting_changed
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "中文错误信息"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "字段名 → 中文错误信息列表；non_field_errors 为不属于某个字段的错误。"
                   "请求体无法解析时为 {\"detail\": …}",
    "additionalProperties": {},
}
ERRORS = {
    "400": ("请求有误（字段错误，中文）", "FieldErrors"),
    "401": ("未登录或令牌无效", "Error"),
    "403": ("角色无权使用该接口", "Error"),
    "404": ("不存在或不在您的查看范围内", "Error"),
    "429": ("请求过于频繁（见 Retry-After）", "Error"),
}


def only_v1(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, (description, component) in ERRORS.items():
                if code == "401" and path.endswith("/auth/token/"):
                    continue
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                })
    return result


# --- Serving the schema --------------------------------------------------------------------------

_schema_lock = threading.Lock()
_schemas = {}


def clear_schema_cache(**kwargs):
    with _schema_lock:
        _schemas.clear()


setting_changed.connect(clear_schema_cache, dispatch_uid="dy365-schema-cache")


class CachedSchemaView(SpectacularAPIView):
    """The schema is generated once per process (per version and language) under a lock and the
    same document served afterwards. drf-spectacular's generator keeps state in module globals, so
    two requests generating at once could mix their work and answer 500 (its known race); the
    schema describes the code, which does not change while the process runs."""

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language(), self.serve_public)
        with _schema_lock:
            if key not in _schemas:
                generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                _schemas[key] = generator.get_schema(request=request, public=self.serve_public)
            schema = _schemas[key]
        return Response(data=schema,
                        headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})
