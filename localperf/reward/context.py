"""The standing revocation of designations, for the pages that say so (one selector).
Lazy: a page that never asks costs no query."""

from django.utils.functional import SimpleLazyObject

from localperf.reward.selectors import revocation_standing


def designations(request) -> dict:
    return {"designations_revoked": SimpleLazyObject(revocation_standing)}
