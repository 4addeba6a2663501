"""Responses for security refusals, in Chinese: a login locked out after repeated failures."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = f"登录失败次数过多，该账号在此地址已暂时锁定，请 {minutes} 分钟后再试；如忘记密码请联系上级管理员重置。"
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "account_locked.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class ContentSecurityPolicyMiddleware:
    """The public site, the portal and the API send a Content-Security-Policy: scripts only from
    here, nothing framed from elsewhere except video embeds, no plugins. The Wagtail admin and
    the API docs (which run their own inline scripts) are left to their own headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response
