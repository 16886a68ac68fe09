"""The reference loader: real counts, idempotency, and all-or-nothing on bad files."""

import datetime
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localperf.indicators.models import Indicator, Measure
from localperf.organisations.models import Organisation, OrganisationKind
from localperf.places.models import Area, AreaType
from localperf.reference.files import DATA_DIR, ReferenceFileError, read_reference
from localperf.reference.services import reference_load

APRIL_2009 = datetime.date(2009, 4, 1)

pytestmark = pytest.mark.django_db


def test_national_indicator_set_has_198_live_indicators_and_ni_31_deleted():
    # rule D1
    national = Indicator.objects.national()
    assert national.count() == 199
    assert national.live().count() == 198
    assert list(national.exclude(status="live").values_list("number", flat=True)) == [31]
    assert Indicator.objects.get(number=195).code == "NI 195"


def test_thirteen_indicators_are_first_reported_in_2009_10():
    # rule D2: the twelve deferred indicators and NI 199
    deferred = set(Indicator.objects.deferred().values_list("number", flat=True))
    assert deferred == {12, 24, 25, 26, 32, 38, 54, 57, 71, 127, 128, 190, 199}


def test_statutory_education_indicators_are_marked():
    # rule D3
    assert Indicator.objects.filter(statutory_education=True).count() == 17


def test_multi_part_indicators_hold_their_measures():
    # rule D4: NI 157 a/b/c sit beside the whole-indicator measure
    parts = Measure.objects.filter(indicator__number=157).values_list("part", flat=True)
    assert sorted(parts) == ["", "a", "b", "c"]
    assert Measure.objects.filter(indicator__status="live", part="").count() == 198


def test_353_authorities_live_on_1_april_2009_and_152_upper_tier_areas():
    live = Area.objects.local_authorities().live_on(APRIL_2009)
    assert live.count() == 353
    assert live.upper_tier().count() == 152
    assert Area.objects.regions().count() == 9


def test_england_is_an_area_of_its_own_kind():
    # The GSS code of England (ONS Register of Geographic Codes, entity E92: country).
    england = Area.objects.countries().get()
    assert (england.code, england.gss_code, england.name) == ("E92000001", "E92000001", "England")
    assert england.area_type == AreaType.COUNTRY and not england.upper_tier
    assert england.valid_from is None  # back-dated by ONS to 2009-01-01, like the others
    assert Area.objects.with_code("e92000001").get() == england


def test_restructured_areas_point_at_their_successors():
    bedfordshire = Area.objects.get(code="E10000001")
    assert bedfordshire.valid_to == datetime.date(2009, 3, 31)
    assert {a.name for a in bedfordshire.successors.all()} == {"Bedford", "Central Bedfordshire"}
    assert not bedfordshire.is_live_on(APRIL_2009)
    assert bedfordshire.is_live_on(datetime.date(2008, 6, 30))


def test_districts_sit_in_their_county_and_region():
    # rule A12: two-tier areas
    kent = Area.objects.get(code="E10000016")
    districts = kent.children.live_on(APRIL_2009)
    assert districts.count() == 12
    assert {d.area_type for d in districts} == {AreaType.DISTRICT}
    assert kent.region.name == "South East"


@pytest.mark.parametrize("code", ["E06000001", "00EB", "00eb", " E06000001 "])
def test_an_area_is_found_by_gss_or_older_ons_code(code):
    assert Area.objects.with_code(code).get().name == "Hartlepool"


def test_councils_government_offices_and_departments_are_organisations():
    assert Organisation.objects.government_offices().count() == 9
    assert Organisation.objects.get(slug="go-london").area.name == "London"
    live_councils = Organisation.objects.filter(active=True).exclude(
        kind__in=[
            OrganisationKind.GOVERNMENT_OFFICE,
            OrganisationKind.CENTRAL_DEPARTMENT,
            OrganisationKind.INSPECTORATE,
        ]
    )
    assert live_councils.count() == 353
    district = Organisation.objects.get(name="Ashford Borough Council")
    assert district.kind == OrganisationKind.DISTRICT_COUNCIL
    assert district.owes_duty_to_have_regard


def test_a_second_load_changes_nothing():
    history_before = Indicator.history.count() + Area.history.count()
    summary = reference_load()
    assert not summary.changed
    assert Indicator.history.count() + Area.history.count() == history_before


def test_the_command_reports_that_nothing_changed():
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "nothing changed" in out.getvalue()


def test_a_staff_correction_survives_a_reload_and_is_kept_in_history(admin_user):
    indicator = Indicator.objects.get(number=195)
    indicator.department = "Defra (corrected)"
    indicator._history_user = admin_user
    indicator.save()

    summary = reference_load()
    indicator.refresh_from_db()
    assert indicator.department == "Defra (corrected)"
    assert "195" in summary.counts["indicators"].kept_corrections
    latest = indicator.history.first()
    assert latest.history_user == admin_user
    assert latest.prev_record.department == "Defra"

    reference_load(overwrite_corrections=True)
    indicator.refresh_from_db()
    assert indicator.department == "Defra"


# --- Bad files: a clear message, and nothing loaded -------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_EDITS = [
    (
        "national_indicators.csv",
        '195,"Improved street',
        'x95,"Improved street',
        "national_indicators.csv, line 196, column ni: 'x95' is not an NI number",
    ),
    (
        "national_indicators.csv",
        '195,"Improved street',
        '1,"Improved street',
        "national_indicators.csv, line 196, column ni: '1' repeats line 2",
    ),
    (
        "local_authorities.csv",
        "E06000001,00EB,Hartlepool,unitary",
        "E0600001,00EB,Hartlepool,unitary",
        "local_authorities.csv, line 2, column gss_code: 'E0600001' is not a GSS code",
    ),
    (
        "local_authorities.csv",
        "E06000001,00EB,Hartlepool,unitary,,North East,2009-01-01,,E12000001",
        "E06000001,00EB,Hartlepool,unitary,,North East,2009-13-01,,E12000001",
        "local_authorities.csv, line 2, column valid_from: '2009-13-01' is not a date",
    ),
    (
        "local_authorities.csv",
        "North East,2009-01-01,,E12000001,live",
        "North East,2009-01-01,,E12000019,live",
        "column region_gss: 'E12000019' is not a region in regions.csv",
    ),
    (
        "local_authorities.csv",
        "E06000001,00EB,Hartlepool,unitary",
        "E06000001,00EB,Hartlepool,borough",
        "local_authorities.csv, line 2, column type: 'borough' is not one of",
    ),
    ("regions.csv", "E12000001,North East", "E12000001", "regions.csv, line 2: has 3 fields"),
    (
        "countries.csv",
        "E92000001,England",
        "E12000001,England",
        "countries.csv, line 2, column country_gss: 'E12000001' is not a country GSS code",
    ),
    ("measures.csv", "157,a,", "31,a,", "'31' is not a live national indicator"),
    (
        "local_authorities.csv",
        "E06000001,00EB,Hartlepool,unitary",
        "E06000001,00EB,Hartle\x00pool,unitary",
        "local_authorities.csv, line 2, column name: holds the control character '\\x00'",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD_EDITS)
def test_a_bad_row_names_file_line_and_column_and_loads_nothing(data_copy, file, old, new, message):
    Indicator.objects.filter(number=195).update(title="before the failed load")
    replace_in(data_copy / file, old, new)
    with pytest.raises(ReferenceFileError) as caught:
        reference_load(data_dir=data_copy, overwrite_corrections=True)
    assert message in str(caught.value)
    assert Indicator.objects.get(number=195).title == "before the failed load"


def test_the_command_fails_with_the_message_and_loads_nothing(data_copy, settings):
    replace_in(data_copy / "regions.csv", "region_gss,", "region,")
    with pytest.raises(ReferenceFileError, match="column region_gss: this column is missing"):
        read_reference(data_copy)


def test_a_missing_file_is_named(data_copy):
    (data_copy / "measures.csv").unlink()
    with pytest.raises(ReferenceFileError, match="measures.csv, line 0: file not found"):
        read_reference(data_copy)


def test_every_problem_is_reported_in_one_run(data_copy):
    replace_in(data_copy / "national_indicators.csv", '195,"Improved', '0,"Improved')
    replace_in(data_copy / "organisations.csv", "go-london,", "GO London,")
    with pytest.raises(ReferenceFileError) as caught:
        read_reference(data_copy)
    files = {p.file for p in caught.value.problems}
    assert files == {"national_indicators.csv", "organisations.csv"}


def test_the_management_command_turns_problems_into_a_command_error(data_copy, monkeypatch):
    replace_in(data_copy / "regions.csv", "E12000002,North West", "E1200000X,North West")
    monkeypatch.setattr("localperf.reference.services.DATA_DIR", data_copy)
    monkeypatch.setattr(
        "localperf.reference.management.commands.load_reference.reference_load",
        lambda **kw: reference_load(data_dir=data_copy, **kw),
    )
    with pytest.raises(CommandError, match="regions.csv, line 3, column region_gss"):
        call_command("load_reference")


REFERENCE_FILES = sorted(p.name for p in DATA_DIR.glob("*.csv"))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    file=st.sampled_from(REFERENCE_FILES),
    position=st.floats(min_value=0, max_value=1),
    garbage=st.text(min_size=1, max_size=12),
)
def test_fuzzed_files_either_load_or_fail_cleanly_with_nothing_written(
    tmp_path_factory, file, position, garbage
):
    """Random damage anywhere in any file: a ReferenceFileError or a clean load, never a crash."""
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file
    text = path.read_text(encoding="utf-8")
    cut = int(position * len(text))
    path.write_text(text[:cut] + garbage + text[cut:], encoding="utf-8")
    before = Indicator.objects.count(), Area.objects.count(), Organisation.objects.count()
    try:
        reference_load(data_dir=data)
    except ReferenceFileError as exc:
        assert exc.problems and all(p.file.endswith(".csv") for p in exc.problems)
        after = Indicator.objects.count(), Area.objects.count(), Organisation.objects.count()
        assert after == before
