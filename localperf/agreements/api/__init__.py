"""Agreements and targets as JSON; editors create and change drafts through the same
services as the web forms, with the same permissions and the same messages.

Errors: 401 when a change needs signing in; 404 ``{"detail": ...}`` for an agreement or
target the user may not see (a draft's existence does not leak); 403 ``{"detail": ...}``
when they can see it but may not act; 422 ``{"detail": first message, "errors":
[{"field", "message"}, ...]}`` when a rule refuses the input (``web.api``). A field that
is not of its type (a period that is not a period) is django-ninja's 422, naming the
field in ``loc``.

One room per resource: ``agreements``, ``targets``, ``outcomes``, ``revisions`` and
``figures`` (reference figures, rule A8).
"""

# Importing a room adds its endpoints to the router, in this order: the literal paths
# ("/reference-figures") before "/{agreement_id}", which would take them.
# isort: off
from localperf.agreements.api import figures  # noqa: F401
from localperf.agreements.api import agreements, outcomes, revisions, targets  # noqa: F401
from localperf.agreements.api import statutory  # noqa: F401

# isort: on
from localperf.agreements.api.router import router

__all__ = ["router"]
