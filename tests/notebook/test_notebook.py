"""Execute notebooks/compare_municipalities.ipynb (nbclient) so it cannot rot.

Once on the bundled data/raw, ingested into a temporary dataset, and once with no dataset at all
(sparse/empty data must show empty tables, not crash). A Japanese glyph missing from the font
makes matplotlib warn "Glyph … missing from font(s)": that would be tofu in the plots, so it fails.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "compare_municipalities.ipynb"


def execute(monkeypatch, data: Path) -> nbformat.NotebookNode:
    monkeypatch.setenv("HYOKASHO_DATA", str(data))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    return nb


def outputs(nb, kind: str) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == kind]


def stream_text(nb) -> str:
    return "".join(o.get("text", "") for o in outputs(nb, "stream"))


def images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for o in outputs(nb, "display_data"))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    from tests.queries.factory import bundled_dataset

    return bundled_dataset(tmp_path_factory.getbasetemp())


@pytest.mark.timeout(900)
def test_notebook_runs_on_bundled_data(monkeypatch, ingested):
    nb = execute(monkeypatch, ingested)
    assert outputs(nb, "error") == []
    assert "missing from font" not in stream_text(nb)
    assert "font: IPAexGothic" in stream_text(nb)
    assert images(nb) == 4
    # the overview table lists municipalities from the bundled data
    html = "".join(o["data"].get("text/html", "") for o in outputs(nb, "execute_result"))
    assert "北九州市" in html


@pytest.mark.timeout(600)
def test_notebook_runs_without_any_dataset(monkeypatch, tmp_path):
    nb = execute(monkeypatch, tmp_path / "nothing-here")
    assert outputs(nb, "error") == []
    assert "using an empty one" in stream_text(nb)
    assert images(nb) == 4  # "no data" panels, not crashes
