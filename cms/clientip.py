"""The address of the person at the other end, for login lockout (axes), API throttles and the
demand form's hourly limit. Behind TRUSTED_PROXY_COUNT proxies (nginx, a load balancer) each one
appends the address it saw to X-Forwarded-For, so the client is that many entries from the end;
anything before it was written by the client and is not believed. With no proxy, REMOTE_ADDR."""

from django.conf import settings


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(count, len(addresses))]
    return request.META.get("REMOTE_ADDR") or "unknown"
