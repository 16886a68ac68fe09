"""Every CSV and Excel file the product hands out turns typed formulas into inert text
(issue 11, formula injection; issue 10, one guard for every download).

On the demo, a target is titled ``=HYPERLINK("http://x","y")``, a report's comment and
evidence and a figure's note hold formulas; each download is fetched as the user who may
have it, parsed as a spreadsheet program would (``csv``, ``openpyxl``) and read cell by
cell: no cell is a formula, and the typed text is all there behind the text mark ``'``.

The list of downloads is explicit, and checked two ways so that a new download cannot
skip the guard unseen: every route of the project is fetched and any answer in a
spreadsheet type must come from a listed route; and no module but ``web/downloads.py``
writes CSV or Excel at all.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from localperf.agreements.models import Agreement, Target
from localperf.observations import returns
from localperf.observations.importing.services import observation_import
from localperf.observations.models import Observation
from localperf.public import selectors as public_selectors
from localperf.reports import services as report_services
from localperf.web.downloads import CONTENT_TYPES
from tests.conftest import shared_by_the_module

pytestmark = pytest.mark.django_db

KENT = "E10000016"
TITLE = '=HYPERLINK("http://x","y")'
COMMENT = "-2+3+cmd|' /C calc'!A0"
EVIDENCE = "@SUM(1+1)*cmd|' /C calc'!A0"
NOTE = "=F7+1"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIGURE = re.compile(r"[+-]?\d[\d,]*(\.\d*)?(e[+-]?\d+)?%?", re.IGNORECASE)
ZIP = "application/zip"
SPREADSHEET_TYPES = {*CONTENT_TYPES.values(), ZIP}
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Demo:
    agreement: Agreement
    target: Target
    report_pk: int
    period: str
    measure: str


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, with formulas typed into a published target's title, a draft report's
    comment and evidence, and a figure's note that Kent's return template carries."""
    with shared_by_the_module(django_db_blocker):
        call_command("load_demo", stdout=StringIO())
        pm = get_user_model().objects.get(username="demo-pm-kent")
        agreement = Agreement.objects.get(area__code=KENT)
        first_row = next(public_selectors.open_data_rows([agreement]))
        target = Target.objects.get(pk=first_row["target_id"])
        Target.objects.filter(pk=target.pk).update(title=TITLE)
        target.refresh_from_db()
        # The demo's own report on 2009/10 H1 (returned to the partnership, so its
        # comments may be written again).
        report = agreement.progress_reports.get(period_label="2009/10 H1")
        report_services.report_comment_record(
            user=pm, report=report, target=target, progress=COMMENT, evidence=EVIDENCE
        )
        period = agreement.years[0]
        row = next(r for r in returns.return_rows(agreement, period, user=pm) if r.observation)
        Observation.objects.filter(pk=row.observation.pk).update(note=NOTE)
        yield Demo(agreement, target, report.pk, period, row.measure.code)


@dataclass(frozen=True)
class Download:
    """One download: its URL name, how to reach it, who fetches it, and which of the
    typed formulas it must carry (inert)."""

    name: str
    args: tuple = ()
    query: tuple = ()
    user: str = ""
    carries: tuple[str, ...] = ()


def downloads(demo: Demo) -> list[Download]:
    """Every CSV and XLSX download of the product."""
    kent, target, report = demo.agreement, demo.target, demo.report_pk
    pm, analyst = "demo-pm-kent", "demo-analyst"
    figures = (("measure", demo.measure), ("area", KENT), ("period", demo.period))
    picture = (("measure", demo.measure), ("period", demo.period), ("format", "csv"))
    period = (("period", demo.period),)
    as_csv = (("format", "csv"),)
    return [
        Download("public:area_csv", (KENT,), carries=(TITLE,)),
        Download("public:target_csv", (KENT, target.pk), carries=(TITLE,)),
        Download("public:open_data_csv", carries=(TITLE,)),
        Download("public:open_data_zip", carries=(TITLE,)),
        Download("reports:download", (report, "csv"), (), pm, (TITLE, COMMENT, EVIDENCE)),
        Download("reports:download", (report, "xlsx"), (), pm, (COMMENT, EVIDENCE)),
        Download("observations:export", (), (*figures, ("format", "csv")), pm, (NOTE,)),
        Download("observations:export", (), (*figures, ("format", "xlsx")), pm, (NOTE,)),
        Download("observations:export", (), (*figures, ("format", "sdmx-csv")), pm, (NOTE,)),
        Download("observations:return_template", (kent.pk, "csv"), period, pm, (NOTE,)),
        Download("observations:return_template", (kent.pk, "xlsx"), period, pm, (NOTE,)),
        Download("monitoring:dashboard_download", (kent.pk, "csv"), (), pm, (TITLE,)),
        Download("monitoring:dashboard_download", (kent.pk, "xlsx"), (), pm, (TITLE,)),
        Download("indicators:download", ("csv",)),
        Download("indicators:download", ("xlsx",)),
        Download("national:selection", (), as_csv, analyst),
        Download("national:selection_few", (), as_csv, analyst),
        Download("national:review", (), as_csv, analyst),
        Download("national:targets_waiting", (), as_csv, analyst),
        Download("national:picture", (), picture, analyst),
        Download("national:region", ("E12000008",), as_csv, analyst),
        Download("national:area_evidence", (KENT,), as_csv, analyst),
        Download("national:ledger", (), as_csv, analyst),
        Download("compare:ledger", (), as_csv),
        Download("compare:indicator", (), picture),
        Download("compare:area", (KENT,), as_csv),
        Download("reward:statement_download", (kent.pk, "csv"), (), pm),
        Download("reward:determination_download", ("csv",), (), analyst),
        Download("public:open_data_sdmx"),
    ]


def url_of(download: Download) -> str:
    url = reverse(download.name, args=download.args)
    return f"{url}?{urlencode(download.query)}" if download.query else url


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def cells_of(content: bytes, content_type: str) -> list[object]:
    """Every cell of the file as a spreadsheet program reads it; a formula cell of a
    workbook comes back as the marker ``FORMULA``."""
    if content_type == ZIP:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return [
                cell
                for name in archive.namelist()
                for cell in cells_of(archive.read(name), CONTENT_TYPES["csv"])
            ]
    if content_type == CONTENT_TYPES["csv"]:
        text = content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        "FORMULA" if cell.data_type == "f" else cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def fetch(client, download: Download):
    client.logout()
    if download.user:
        client.force_login(get_user_model().objects.get(username=download.user))
    return client.get(url_of(download))


def test_every_download_makes_typed_formulas_inert(client, demo):
    for download in downloads(demo):
        response = fetch(client, download)
        assert response.status_code == 200, (url_of(download), response.status_code)
        content_type = response["Content-Type"]
        assert content_type in SPREADSHEET_TYPES, (url_of(download), content_type)
        cells = cells_of(body_of(response), content_type)
        assert cells, url_of(download)
        texts = [c for c in cells if isinstance(c, str)]
        assert "FORMULA" not in cells, url_of(download)
        live = [t for t in texts if t.startswith(FORMULA_STARTS) and not FIGURE.fullmatch(t)]
        assert not live, (url_of(download), live[:3])
        for typed in download.carries:
            # The text survives whole, behind the mark (or inside a longer text that
            # does not start with it, as "NI 15: =HYPERLINK(…)").
            kept = [t for t in texts if t == "'" + typed or (typed in t and t[0] != typed[0])]
            assert kept, (url_of(download), typed)


def test_figures_stay_figures(client, demo):
    """A negative or signed figure is a number, not text behind a mark."""
    report = Download("reports:download", (demo.report_pk, "xlsx"), user="demo-pm-kent")
    cells = cells_of(body_of(fetch(client, report)), CONTENT_TYPES["xlsx"])
    assert any(isinstance(c, float | int) for c in cells)
    export = fetch(client, downloads(demo)[6])
    rows = list(csv.DictReader(io.StringIO(body_of(export).decode())))
    assert rows and all(FIGURE.fullmatch(r["value"]) for r in rows if r["value"])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_template_with_a_formula_note_reads_back_unchanged(client, demo, file_format):
    # rule M6: an export imported again changes nothing, a note "=F7+1" included.
    pm = get_user_model().objects.get(username="demo-pm-kent")
    client.force_login(pm)
    url = reverse("observations:return_template", args=[demo.agreement.pk, file_format])
    response = client.get(url, {"period": demo.period})
    result = observation_import(
        file=response.content, user=pm, dry_run=True, file_name=f"t.{file_format}"
    )
    assert result.counts.rejected == 0
    assert (result.counts.created, result.counts.updated) == (0, 0)
    assert result.counts.unchanged > 0


# --- the list is complete --------------------------------------------------------------


def routes(resolver=None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def filled(route: str, demo: Demo) -> str:
    """The route with each parameter given a real value of the demo (by its name, and
    for ``pk`` by the room it is in), so that a download answers with its file."""
    room = route.split("/", 1)[0]
    pks = {
        "public": demo.target.pk,
        "reports": demo.report_pk,
        "agreements": demo.agreement.pk,
    }
    values = {
        "code": "E12000008" if route.startswith("national/regions/") else KENT,
        "pk": pks.get(room, demo.agreement.pk),
        "agreement_pk": demo.agreement.pk,
        "target_pk": demo.target.pk,
        "target_id": demo.target.pk,
        "file_format": "csv",
    }
    return "/" + PARAMETER.sub(lambda m: str(values.get(m.group(1), 1)), route)


def test_every_route_answering_with_a_spreadsheet_is_in_the_list(client, demo):
    listed = {d.name for d in downloads(demo)}
    client.force_login(get_user_model().objects.get(username="demo-admin"))
    spreadsheets = set()
    for route in routes():
        if route.startswith(("admin/", "static/", "media/", "account/sign-out")):
            continue
        path = filled(route, demo).replace("^", "").replace("$", "")
        # A route that offers CSV or XLSX offers CSV: asking for it once finds it (the
        # measure and period for the pages that need them).
        response = client.get(
            path, {"format": "csv", "measure": demo.measure, "period": demo.period}
        )
        if response.get("Content-Type") in SPREADSHEET_TYPES:
            spreadsheets.add(resolve(path).view_name)
    assert spreadsheets <= listed, spreadsheets - listed
    assert spreadsheets == listed, f"the walk did not reach {listed - spreadsheets}"


# Writers of files that are not downloads: the bulk copy into the database (frames), and
# the demo's figures, imported as a file.
NOT_DOWNLOADS = {
    "localperf/frames.py": ("write_csv(",),
    "localperf/demo/observations.py": ("csv.DictWriter",),
    # The national data set's own import file, never a download.
    "localperf/demo/national_scale.py": ("write_csv(",),
    "localperf/demo/multi_area.py": ("csv.DictWriter",),
}
WRITERS = ("csv.writer", "csv.DictWriter", "Workbook(", "write_csv(", "text/csv", "spreadsheetml")


def test_only_the_downloads_module_writes_spreadsheets():
    writers = []
    for path in sorted((ROOT / "localperf").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if relative == "localperf/web/downloads.py" or "/migrations/" in relative:
            continue
        text = path.read_text()
        allowed = NOT_DOWNLOADS.get(relative, ())
        writers += [(relative, w) for w in WRITERS if w in text and w not in allowed]
    assert not writers, writers
