"""The address a request came from, as the trusted reverse proxies report it.

Behind a proxy, ``REMOTE_ADDR`` is the proxy's own address. Each trusted proxy appends
the address it was reached from to ``X-Forwarded-For``; with ``n`` of them
(``LOCALPERF_TRUSTED_PROXY_COUNT``), the n-th entry from the right is the address the
outermost one saw, and anything left of it was written by the client and is not believed.
Used to key the sign-in lockout (django-axes), so that one user's failures cannot lock
every user behind the same proxy out.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    trusted = settings.LOCALPERF_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if not trusted:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < trusted:
        # Fewer hops than proxies: the request did not come through all of them.
        return remote
    return forwarded[-trusted]
