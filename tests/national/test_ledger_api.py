"""The collect-once ledger through the API (rule M6): the same ledger as the pages and
their CSV (one truth), the public's of the released figures only (rule M2), the whole
one for government (rule N1); and which agreements it counts (rule M6)."""

from __future__ import annotations

import csv
import io

import pytest

from localperf.agreements.models import Agreement, AgreementStatus
from localperf.national import selectors
from localperf.national.selectors.common import COUNTED_STATUSES
from tests.agreements.factories import make_user, org
from tests.national.test_ledger import MANCHESTER, SALFORD, _import, _place, gm  # noqa: F401
from tests.observations.helpers import row

pytestmark = pytest.mark.django_db
WAYS = {"file": "File import", "grid": "Entry grid"}


def _csv(client, url: str) -> dict[tuple[str, str], dict]:
    text = client.get(url, {"format": "csv"}).content.decode()
    return {(r["area"], r["period"]): r for r in csv.DictReader(io.StringIO(text))}


def _as_csv(counts: dict, way_labels: dict, use_labels: dict) -> dict:
    """An API row's counts under the CSV's column names."""
    cells = {"figures supplied": counts["supplied"], "uses in all": counts["uses_in_all"],
             "duplicates avoided": counts["duplicates_avoided"]}  # fmt: skip
    cells |= {f"way in: {way_labels[k]}": v for k, v in counts["ways_in"].items()}
    cells |= {f"uses: {use_labels[k]}": v for k, v in counts["uses"].items()}
    return {k: str(v) for k, v in cells.items()}


def _same_figures(body: dict, by_csv: dict) -> None:
    rows = [*body["areas"], {"name": "England", "period": "All periods", "suppliers": None,
                             "counts": body["totals"]}]  # fmt: skip
    assert len(rows) == len(by_csv)
    for api_row in rows:
        csv_row = by_csv[(api_row["name"], api_row["period"])]
        expected = _as_csv(api_row["counts"], body["way_labels"], body["use_labels"])
        assert {k: csv_row[k] for k in expected} == expected
        if api_row["suppliers"] is not None:
            assert csv_row["supplied by"] == api_row["suppliers"]


def _returns(gm) -> None:  # noqa: F811
    _import(gm.users["pm_manchester"],
            row("NI 152", MANCHESTER, "2008/09", value="17", status="final"),
            row("NI 152", MANCHESTER, "2009/10", value="15"))  # fmt: skip
    _import(None, row("NI 152", SALFORD, "2008/09", value="12", status="final"))


def test_the_public_api_gives_the_public_pages_ledger(client, gm):  # noqa: F811
    # rules M6, M2: the API, the public page and its CSV read one ledger, released only
    _returns(gm)
    response = client.get("/api/v1/ledger")
    assert response.status_code == 200
    body = response.json()
    assert body["released_only"] is True
    assert [(r["area"], r["name"], r["period"]) for r in body["areas"]] == [
        (MANCHESTER, "Manchester", "2008/09"), (SALFORD, "Salford", "2008/09"),
    ]  # fmt: skip
    assert body["totals"]["supplied"] == 2 == body["totals"]["uses"]["public"]
    assert body["areas"][0]["counts"]["uses"] == {
        "laa": 1, "maa": 1, "assessments": 0, "reports": 0, "public": 1,
    }  # fmt: skip
    assert body["areas"][0]["counts"]["duplicates_avoided"] == 2
    assert {r["user"] for r in body["by_supplier"]} == {""}  # no names in public
    assert "maa-pm-manchester" not in response.content.decode()
    _same_figures(body, _csv(client, "/public/compare/ledger/"))
    page = client.get("/public/compare/ledger/").content.decode()
    assert "2009/10" not in page and all(r["period"] != "2009/10" for r in body["areas"])


def test_the_government_api_gives_the_national_pages_ledger(client, gm):  # noqa: F811
    # rules M6, N1: every current figure, with who recorded it, as /national/ledger/ says
    _returns(gm)
    client.force_login(make_user("central_analyst", org("clg"), "ledger-api-analyst"))
    body = client.get("/api/v1/national/ledger").json()
    assert body["released_only"] is False
    assert body["totals"]["supplied"] == 3
    assert body["totals"]["ways_in"]["file"] == 3
    assert ("Manchester City Council", "maa-pm-manchester") in {
        (r["label"], r["user"]) for r in body["by_supplier"]
    }
    _same_figures(body, _csv(client, "/national/ledger/"))
    ledger = selectors.collect_once_ledger()
    assert body["totals"]["uses_in_all"] == ledger.totals.counts["uses"]


def test_only_government_gets_the_whole_ledger(client, gm):  # noqa: F811
    # rule N1
    assert client.get("/api/v1/national/ledger").status_code == 401
    client.force_login(gm.users["pm_manchester"])
    response = client.get("/api/v1/national/ledger")
    assert response.status_code == 403 and "government" in response.json()["detail"]
    assert client.get("/api/v1/ledger").status_code == 200


def test_the_schema_documents_both_ledgers(client):
    schema = client.get("/api/v1/openapi.json").json()
    public = schema["paths"]["/api/v1/ledger"]["get"]
    assert "security" not in public and "LedgerOut" in str(public["responses"]["200"])
    national = schema["paths"]["/api/v1/national/ledger"]["get"]
    assert {"401", "403"} <= set(national["responses"])


def test_only_counted_agreements_use_a_figure(gm):  # noqa: F811
    # rule M6: an agreement counts while approved or in force (COUNTED_STATUSES, one
    # source); a draft or submitted LAA's targets use no figure, nor the MAA's link to them
    _import(None, row("NI 152", MANCHESTER, "2008/09", value="17"))
    for status in AgreementStatus:
        Agreement.objects.filter(pk=gm.laa.pk).update(status=status)
        place = _place(selectors.collect_once_ledger(), "Manchester", "2008/09")
        counted = status in COUNTED_STATUSES
        assert (place.counts["laa"], place.counts["maa"]) == ((1, 1) if counted else (0, 0)), status
