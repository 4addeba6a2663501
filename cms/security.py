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
