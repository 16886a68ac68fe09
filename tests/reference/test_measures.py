"""The multi-part indicators' parts in the reference data, each with its source (rule D4)."""

import csv
import shutil

import pytest

from localperf.indicators.models import Indicator, Measure
from localperf.reference.files import DATA_DIR, ReferenceFileError, read_reference
from localperf.reference.services import reference_load

pytestmark = pytest.mark.django_db


def test_ni_195_is_four_parts_litter_detritus_graffiti_fly_posting():
    # rule D4
    parts = Measure.objects.filter(indicator__number=195).exclude(part="").order_by("part")
    assert [(m.code, m.title.split(":")[0]) for m in parts] == [
        ("NI 195a", "Litter"),
        ("NI 195b", "Detritus"),
        ("NI 195c", "Graffiti"),
        ("NI 195d", "Fly-posting"),
    ]
    assert {m.effective_polarity for m in parts} == {"lower"}
    assert all("Defra" in m.source for m in parts)


def test_every_part_in_the_file_is_loaded_with_its_source():
    # rule D4: the file and the database agree, part for part, source for source
    with (DATA_DIR / "measures.csv").open(encoding="utf-8") as handle:
        rows = {(int(r["ni"]), r["part"]): r["source"] for r in csv.DictReader(handle)}
    loaded = {
        (m.indicator.number, m.part): m.source
        for m in Measure.objects.exclude(part="").select_related("indicator")
    }
    assert loaded == rows
    assert {(49, "c"), (102, "b"), (195, "d")} <= set(loaded)
    assert all(source.strip() for source in loaded.values())


def test_a_part_without_a_source_is_refused_and_nothing_loads(tmp_path):
    # rule D4: a part must name where its definition comes from; all or nothing
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "measures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    line_no = next(i for i, line in enumerate(lines) if line.startswith("195,d,"))
    row = next(csv.reader([lines[line_no]]))
    row[-1] = ""
    lines[line_no] = ",".join(f'"{v}"' for v in row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Indicator.objects.filter(number=195).update(title="before the failed load")
    with pytest.raises(ReferenceFileError) as caught:
        reference_load(data_dir=data, overwrite_corrections=True)
    assert f"measures.csv, line {line_no + 1}, column source" in str(caught.value)
    assert Indicator.objects.get(number=195).title == "before the failed load"


def test_the_parts_file_reads_cleanly():
    data = read_reference(DATA_DIR)
    parts = {(m.number, m.part) for m in data.measures}
    assert len(parts) == len(data.measures) == 16
