"""docs/ARCHITECTURE.md is the import contract: its layers and its table must say what the
code does.

The layers block in the document must be the `layers` contract of `.importlinter`, and each
app's row must name exactly the apps that app imports today (read from the code by grimp,
the graph import-linter itself uses). When this fails it prints the row to write.
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAWING = ROOT / "docs" / "ARCHITECTURE.md"
CONTRACT = ROOT / ".importlinter"


def contract_layers() -> list[str]:
    config = configparser.ConfigParser()
    config.read(CONTRACT)
    lines = config["importlinter:contract:layers"]["layers"].strip().splitlines()
    return [" | ".join(part.strip() for part in line.split("|")) for line in lines]


def drawing_layers() -> list[str]:
    text = DRAWING.read_text()
    block = re.search(r"<!-- layers -->\s*```\n(.*?)```", text, re.S)
    assert block, "ARCHITECTURE.md has no layers block (<!-- layers --> then a fenced block)"
    return [" | ".join(p.strip() for p in line.split("|")) for line in block[1].splitlines()]


def apps() -> list[str]:
    return [app for layer in contract_layers() for app in layer.split(" | ")]


def drawing_table() -> dict[str, set[str]]:
    """app → the apps its row says it depends on (names in backticks; "—" for none)."""
    rows = {}
    for line in DRAWING.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        app = cells[0].strip("`")
        rows[app] = set(re.findall(r"`([a-z_]+)`", cells[-1]))
    return rows


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    graph = grimp.build_graph("localperf")
    known = apps()
    return {
        app: {
            other
            for other in known
            if other != app
            and graph.direct_import_exists(
                importer=f"localperf.{app}", imported=f"localperf.{other}", as_packages=True
            )
        }
        for app in known
    }


def test_the_drawings_layers_are_the_contract():
    assert drawing_layers() == contract_layers()


def test_every_app_in_the_layers_has_a_row():
    assert set(apps()) - set(drawing_table()) == set()


def test_each_row_names_what_the_app_imports(imports):
    table = drawing_table()
    wrong = {
        app: "depends on " + (", ".join(f"`{d}`" for d in sorted(imports[app])) or "—")
        for app in apps()
        if table.get(app) != imports[app]
    }
    if wrong:
        pytest.fail(
            "Write these rows' last column in ARCHITECTURE.md:\n"
            + "\n".join(f"  `{app}`: {row}" for app, row in sorted(wrong.items()))
        )
