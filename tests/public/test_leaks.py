"""Nothing in a draft and no unreleased figure can be reached anonymously (issue 6).

The walk covers every URL pattern of the project (each parameter filled with real codes
and ids, the drafts' ones included), every GET path of the API's own schema, and the
pages' search and export variants; it reads every body that comes back."""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from localperf.agreements.models import RevisionProposal, Target
from tests.public.conftest import (
    CAMDEN,
    CAMDEN_TITLE,
    DRAFT_AGREEMENT_TITLE,
    DRAFT_REVISION_TARGET_TITLE,
    DRAFT_REVISION_TITLE,
    DRAFT_TARGET_TITLE,
    DRAFT_TRAJECTORY,
    FINAL_VALUE,
    HARTLEPOOL,
    KENT,
    MANCHESTER,
    RELEASED_VALUE,
    UNRELEASED_VALUES,
)

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
SKIPPED_PREFIXES = ("static/", "media/")


def secrets() -> list[str]:
    """Strings found only in drafts and unreleased figures, in the forms pages print."""
    words = [
        DRAFT_AGREEMENT_TITLE,
        DRAFT_TARGET_TITLE,
        DRAFT_REVISION_TITLE,
        DRAFT_REVISION_TARGET_TITLE,
        CAMDEN_TITLE,
    ]
    numbers = []
    for value in (*DRAFT_TRAJECTORY, *UNRELEASED_VALUES):
        whole, _, decimals = value.partition(".")
        numbers += [f"{whole}.{decimals[:1]}", f"{int(whole):,}.{decimals[:1]}"]
    return words + numbers


def route_patterns(resolver=None, prefix: str = "") -> list[str]:
    """Every route of the project as a string with <converter:name> parameters."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += route_patterns(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            routes.append(prefix + pattern)
    return routes


def candidates(data) -> dict[str, list[str]]:
    draft_targets = list(
        Target.objects.filter(agreement__in=[data.camden, data.draft]).values_list("pk", flat=True)
    )
    kent_target = data.kent.targets.values_list("pk", flat=True).first()
    revision = RevisionProposal.objects.get(title__startswith="Platypus")
    ids = sorted(
        {data.kent.pk, data.manchester.pk, data.camden.pk, data.draft.pk, kent_target, 1, 2}
        | set(draft_targets[:3])
        | set(draft_targets[-2:])
        | {revision.pk, revision.number}
    )
    return {
        "str": [
            KENT,
            MANCHESTER,
            CAMDEN,
            HARTLEPOOL,
            "00EB",
            "NI 111",
            "hartlepool-borough-council",
        ],
        "slug": ["hartlepool-borough-council", "london-borough-of-camden"],
        "int": [str(i) for i in ids],
        "path": ["x"],
    }


def concrete_urls(route: str, values: dict[str, list[str]]) -> list[str]:
    if route.startswith("^") or any(route.startswith(p) for p in SKIPPED_PREFIXES):
        return []  # the admin's regex routes are all behind its sign-in
    parameters = list(PARAMETER.finditer(route))
    choices = [values.get(m.group("converter") or "str", ["x"]) for m in parameters]
    urls = []
    for combination in itertools.product(*choices):
        url = route
        for value in combination:
            url = PARAMETER.sub(value, url, count=1)
        urls.append("/" + url.replace(" ", "%20"))
    return urls


def api_urls(client, values: dict[str, list[str]]) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    urls = []
    ids = values["int"]
    fill = {"code": values["str"][:5], "slug": values["slug"]}
    for path, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        names = re.findall(r"{(\w+)}", path)
        choices = [fill.get(n, ids) for n in names]
        for combination in itertools.product(*choices):
            url = path
            for name, value in zip(names, combination, strict=True):
                url = url.replace("{" + name + "}", value)
            urls.append(url.replace(" ", "%20"))
    return urls


EXTRA = [
    "/api/v1/observations?page_size=500&current=false",
    "/api/v1/observations?measure=NI%20111&page_size=500&current=false",
    "/api/v1/observations?measure=NI%20111&status=provisional&current=false",
    f"/api/v1/observations/history?measure=NI%20111&area={CAMDEN}&period=2008/09",
    f"/api/v1/observations/history?measure=NI%20111&area={KENT}&period=2010/11",
    "/api/v1/agreements?page_size=500",
    "/observations/figures/?measure=NI+111",
    "/observations/figures/export/?measure=NI+111",
    "/observations/figures/export/?measure=NI+111&format=xlsx",
    f"/observations/figures/history/?measure=NI+111&area={KENT}&period=2010/11",
    "/public/?q=Camden",
    "/public/?q=Hartlepool",
    "/public/?q=E09000007",
    "/agreements/?status=submitted",
    "/agreements/?status=draft",
    "/indicators/NI%20111/",
    # issue 15: the public comparisons and area profiles, released figures only.
    "/public/compare/?measure=NI+111&period=2008%2F09",
    "/public/compare/?measure=NI+111&period=2010%2F11",
    "/public/compare/?measure=NI+111&period=2010%2F11&format=csv",
    "/public/compare/?measure=NI+111&period=2008%2F09&tier=lower&format=csv",
    f"/public/compare/areas/{KENT}/",
    f"/public/compare/areas/{KENT}/?format=csv",
    f"/public/compare/areas/{CAMDEN}/",
    f"/public/compare/areas/{CAMDEN}/?format=csv",
]


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def walk(client, data) -> set[str]:
    values = candidates(data)
    urls = sorted(
        {u for route in route_patterns() for u in concrete_urls(route, values)}
        | set(api_urls(client, values))
        | set(EXTRA)
    )
    assert len(urls) > 200  # the walk really covers the site
    forbidden = secrets()
    leaks: list[str] = []
    served = 0
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            leaks.append(f"{url}: server error {response.status_code}")
            continue
        body = body_of(response)
        served += response.status_code == 200
        leaks += [f"{url}: {secret!r}" for secret in forbidden if secret in body]
    assert served > 50
    return set(leaks)


def test_no_draft_and_no_unreleased_figure_is_reachable_anonymously(client, public_data):
    leaks = walk(client, public_data)
    assert not leaks, "\n".join(sorted(leaks))


def test_the_walk_would_see_the_figures_if_they_were_public(client, public_data):
    """The positive control: the released and final figures are on the public pages, so
    the walk above is looking in the right places."""
    kent_target = public_data.kent.targets.get(indicator__number=111, category="designated")
    page = client.get(f"/public/areas/{KENT}/targets/{kent_target.pk}/").content.decode()
    assert "1,790.5" in page or "1790.5" in page
    assert "1,700.25" in page or "1700.25" in page
    assert "(provisional)" in page
    csv = body_of(client.get("/public/open-data/local-area-agreements.csv"))
    assert FINAL_VALUE in csv and RELEASED_VALUE in csv
    # Signed in, the draft's owner does see its draft: the strings are really there.
    client.force_login(public_data.users["pm-hartlepool"])
    targets = f"/agreements/{public_data.draft.pk}/targets/"
    assert DRAFT_TARGET_TITLE in client.get(targets).content.decode()
