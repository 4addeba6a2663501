"""Rate limits for /api/v1/. Rates come from settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
set from the environment) and are read on every request rather than at import, so a deployment or a
test that changes them takes effect without a restart."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class _LiveRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # The rate is parsed in __init__ from the settings of that moment; parse again here.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_LiveRate, UserRateThrottle):
    scope = "user"


class WriteThrottle(_LiveRate, UserRateThrottle):
    """A tighter budget for changes (sign-ups, check-ins, redemptions) per user."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class LoginThrottle(_LiveRate, SimpleRateThrottle):
    """Token requests per client address: slows password guessing."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


DEFAULT_THROTTLES = [AnonThrottle, UserThrottle, WriteThrottle]
