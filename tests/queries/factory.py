"""Small, fully known datasets for the query tests, written with the real dataset writer.

Each test describes documents as plain dicts; `build()` turns them into rows of the tables of
models/schema.py (so a misspelt column fails in models.schema.validate_rows, exactly as an
extractor would) and commits them through hyokasho.dataset.Dataset, so the queries read the same
layout `hyokasho ingest` writes.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from hyokasho.dataset import Dataset
from hyokasho.query import connect, load_sql, run

Row = dict[str, Any]
INGESTED = datetime(2026, 1, 1, tzinfo=timezone.utc)


def assessment(
    doc_id: str,
    doc_type: str,
    *,
    code: str | None,
    name: str | None,
    pref: str | None,
    jimu: str | None,
    published_on: date | None = None,
    **tables: list[Row],
) -> dict[str, list[Row]]:
    """One 評価書: its documents + assessments rows, plus any other tables given as keyword lists."""
    out: dict[str, list[Row]] = {
        "documents": [
            {
                "doc_id": doc_id,
                "source_file": f"{doc_id}.pdf",
                "doc_type": doc_type,
                "status": "ok",
                "text_source": "text_layer",
                "extractor_version": "0.1.0",
                "ingested_at": INGESTED,
                "page_count": 1,
                "file_size": 100,
            }
        ],
        "assessments": [
            {
                "doc_id": doc_id,
                "assessment_no": 1,
                "jimu": jimu,
                "municipality_code": code,
                "municipality_name": name,
                "prefecture": pref,
                "published_on": published_on,
                "organization": f"{name}長" if name else None,
            }
        ],
    }
    for table, rows in tables.items():
        out[table] = [{"doc_id": doc_id, **r} for r in rows]
    return out


def other_doc(doc_id: str, doc_type: str, **tables: list[Row]) -> dict[str, list[Row]]:
    """A minutes / public_comment document with its rows."""
    out: dict[str, list[Row]] = {
        "documents": [
            {
                "doc_id": doc_id,
                "source_file": f"{doc_id}.pdf",
                "doc_type": doc_type,
                "status": "ok",
                "text_source": "text_layer",
                "extractor_version": "0.1.0",
                "ingested_at": INGESTED,
            }
        ]
    }
    for table, rows in tables.items():
        out[table] = [{"doc_id": doc_id, **r} for r in rows]
    return out


def build(root: Path, docs: list[dict[str, list[Row]]]) -> Path:
    ds = Dataset(root)
    with ds.writer() as w:
        for tables in docs:
            doc_id = tables["documents"][0]["doc_id"]
            w.add(tables, tables["documents"][0]["source_file"], doc_id)
    return root


def query(root: Path, name: str, as_of: date | None = None) -> list[Row]:
    """Run queries/<name>.sql as `hyokasho query` does; rows as dicts."""
    con = connect(root)
    if as_of is not None:
        con.execute("SET VARIABLE hyokasho_as_of = ?", [as_of])
    columns, rows = run(con, load_sql(f"{name}.sql"))
    return [dict(zip(columns, r)) for r in rows]


def bundled_dataset(base: Path) -> Path:
    """data/raw ingested once per test session under `base` (pytest's basetemp), shared by test folders."""
    import pytest

    from hyokasho.ingest import ingest

    raw = Path(__file__).resolve().parents[2] / "data" / "raw"
    if not any(raw.rglob("*.pdf")):
        pytest.fail("data/raw has no PDFs: the bundled demo set and samples are part of the checkout")
    out = base / "bundled-dataset"
    if not (out / "documents").is_dir():
        ingest([str(raw)], str(out))
    return out
