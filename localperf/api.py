"""The versioned JSON API: each app contributes a router."""

from localperf.agreements.api import router as agreements_router
from localperf.indicators.api import router as indicators_router
from localperf.national.api import router as national_router
from localperf.national.ledger_api import router as ledger_router
from localperf.observations.api import router as observations_router
from localperf.organisations.api import router as organisations_router
from localperf.places.api import population_groups_router, regions_router
from localperf.places.api import router as places_router
from localperf.reports.api import review_router as annual_reviews_router
from localperf.reports.api import router as reports_router
from localperf.reviews.api import router as under_performance_router
from localperf.reviews.api import timetable_router
from localperf.reviews.refresh_api import refresh_router
from localperf.reward.api import router as reward_router
from localperf.web.api import DocumentedAPI

api = DocumentedAPI(
    title="localperf API",
    version="1.0.0",
    description=(
        "Registers of the Local Performance Framework: the National Indicator Set, "
        "places (regions, authorities, lower areas) and organisations. "
        "Area codes may be given as GSS codes or the older ONS codes. "
        'A code or slug that is not in a register gives 404 with {"detail": "..."} '
        "naming it."
    ),
    urls_namespace="api-1",
)
api.add_router("/indicators", indicators_router)
api.add_router("/areas", places_router)
api.add_router("/regions", regions_router)
api.add_router("/population-groups", population_groups_router)
api.add_router("/organisations", organisations_router)
api.add_router("/agreements", agreements_router)
api.add_router("/observations", observations_router)
api.add_router("/national", national_router)
api.add_router("/ledger", ledger_router)
api.add_router("/agreements", under_performance_router)
api.add_router("/agreements", refresh_router)
api.add_router("/timetable", timetable_router)
api.add_router("/reports", reports_router)
api.add_router("/annual-reviews", annual_reviews_router)
api.add_router("/reward", reward_router)
