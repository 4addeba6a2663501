"""While the database is unreachable (restarted, failed over, out of connections), a request
answers 503 with Retry-After and a short Chinese message (JSON under /api/, a plain page
otherwise) instead of a 500 and a traceback; the error is logged. The page uses no template tag
that reads the database.

Two ways in, because Django turns an exception into a response at every middleware layer:
- `DatabaseUnavailableMiddleware.process_exception` for errors raised in a view (and its
  template), the usual case;
- `server_error` (cms/urls.py `handler500`) for errors raised in another middleware (session
  save, redirects lookup), which reach Django's 500 handler.

Once the database is back the next request works: a connection that saw such an error is
closed at the end of the request (Django's errors_occurred check), and a kept connection is
checked before reuse (CONN_HEALTH_CHECKS in settings).

The log gets one line per process at most every LOG_EVERY seconds during an outage, with the
number of 503s answered since the previous line."""

import logging
import sys
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER = 10  # seconds: a PostgreSQL restart or fail-over usually takes a few
MESSAGE = "系统繁忙：数据库暂时不可用，请稍后再试。"
UNAVAILABLE = (OperationalError, InterfaceError)


# SQLSTATEs of a server that is going or gone: connection exceptions (class 08), shutdown and
# crash (57P01-57P03), too many connections (53300). A deadlock, a serialization failure, a
# statement timeout or a full disk is also an OperationalError, but a fault to see as a 500.
UNAVAILABLE_STATES = ("57P01", "57P02", "57P03", "53300")


def is_database_unavailable(error):
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    state = getattr(error.__cause__, "sqlstate", None)
    if state is None:
        return True  # no answer from a server at all: refused, reset, timed out
    return state.startswith("08") or state in UNAVAILABLE_STATES


LOG_EVERY = 5.0  # seconds: under load an outage would otherwise write one line per request
_log_lock = threading.Lock()
_log_state = {"last": 0.0, "suppressed": 0}


def _log(request, error):
    now = time.monotonic()
    with _log_lock:
        if now - _log_state["last"] < LOG_EVERY:
            _log_state["suppressed"] += 1
            return
        suppressed, _log_state["suppressed"], _log_state["last"] = _log_state["suppressed"], 0, now
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    logger.error("database unavailable while serving %s %s: %s: %s (answered 503; %d more since the last line)",
                 getattr(request, "method", "?"), getattr(request, "path", ""), type(error).__name__, first_line,
                 suppressed)


def unavailable_response(request, error):
    path = getattr(request, "path", "")
    _log(request, error)
    if path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE, "retry_after": RETRY_AFTER}, status=503,
                                json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(render_to_string("503.html", {"message": MESSAGE, "retry_after": RETRY_AFTER}),
                                status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged above (rate-limited); not once more per request by django.request
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a database outage raised outside a view is a 503 too; anything else is the
    usual 500 page."""
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        return unavailable_response(request, error)
    return defaults.server_error(request, template_name)
