"""One log line per request, and a request id on every line logged while it runs.

The id comes from the ``X-Request-ID`` header when a proxy in front set a sane one (so
the proxy's log and ours join up), else a new one; it goes back in the response's
``X-Request-ID`` and on every record logged meanwhile (``RequestIdFilter``). The line
says who asked (the user's id, never a name), what, the outcome and how long it took.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("localperf.requests")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_of(request: HttpRequest) -> str:
    offered = request.headers.get("X-Request-ID", "")
    return offered if SANE_ID.fullmatch(offered) else uuid.uuid4().hex


def user_id_of(request: HttpRequest) -> int | None:
    # Only a user already loaded: asking for one here would touch the session (and the
    # database) on requests that never needed it, such as /healthz.
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


def request_log(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = get_response(request)
        finally:
            current_request_id.reset(token)
        elapsed = time.perf_counter() - started
        response["X-Request-ID"] = request_id
        response["Server-Timing"] = f"app;dur={elapsed * 1000:.1f}"
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                "user_id": user_id_of(request),
            },
        )
        return response

    return middleware


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on each record (blank outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # Django logs a failed response after every middleware has returned, with the
            # request attached: its id is on the request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or current_request_id.get()
        return True
