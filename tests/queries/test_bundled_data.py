"""Every query and every export format on the bundled data/raw (ingested once per session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hyokasho.export import ExportOptions, export
from hyokasho.paths import queries_dir
from tests.queries.factory import bundled_dataset, query

QUERIES = sorted(p.stem for p in queries_dir().glob("*.sql") if p.name not in ("views.sql", "macros.sql"))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    return bundled_dataset(tmp_path_factory.getbasetemp())


@pytest.mark.parametrize("name", QUERIES)
def test_query_runs_on_bundled_data(bundled, name):
    query(bundled, name)


def test_overview_covers_the_demo_municipalities(bundled):
    rows = query(bundled, "municipalities")
    names = {r["municipality_name"] for r in rows}
    assert {"北九州市", "札幌市", "和泉市"} <= names
    assert all(r["jimu"] >= 1 for r in rows if r["municipality_name"])


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(fmt="parquet"),
        ExportOptions(fmt="jsonl"),
        ExportOptions(fmt="csv", bom=True),
        ExportOptions(fmt="csv", encoding="cp932"),
        ExportOptions(fmt="xlsx"),
        ExportOptions(fmt="sqlite"),
    ],
    ids=["parquet", "jsonl", "csv-bom", "csv-cp932", "xlsx", "sqlite"],
)
def test_export_runs_on_bundled_data(bundled, tmp_path, options):
    report = export(bundled, tmp_path / "x", options)
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text(encoding="utf-8"))
    docs = manifest["tables"]["documents"]["rows"]
    assert docs == len(manifest["sources"]) > 0
    assert report.manifest["dataset"]["version"]
