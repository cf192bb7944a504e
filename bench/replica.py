"""Large datasets for the scale benchmarks, replicated from a real ingest.

A base dataset (documents really extracted by `hyokasho ingest`) is copied N times: each copy
gets new doc_ids (sha256 of the old one and the copy number) and its own source_file prefix,
every other value is kept. The copies are written through the dataset writer
(`Writer.add_tables`), so the result has the layout a fresh ingest of that many documents
would have (segments, index, compaction).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from hyokasho.dataset import Dataset
from hyokasho.segments import LAYOUT, LayoutSettings
from models.schema import HISTORY_TABLES, TABLES


def base_tables(base: Path) -> dict[str, pa.Table]:
    src = Dataset(base)
    # history tables (document_paths) say which paths a content had: not copied with the rows
    return {t: src.read(t) for t in TABLES if t not in HISTORY_TABLES}


def copy_of(tables: dict[str, pa.Table], i: int, prefix: str = "replica") -> dict[str, pa.Table]:
    """Copy number i of every table: new doc_ids and source files, the same rows otherwise."""
    out = {}
    for table, t in tables.items():
        if t.num_rows == 0:
            continue
        cols = {}
        for name in t.column_names:
            col = t.column(name)
            if name == "doc_id" or (table == "ingest_errors" and name == "sha256"):
                col = pa.array([_new_id(v, i) for v in col.to_pylist()], pa.string())
            elif name == "source_file":
                col = pa.array([None if v is None else f"{prefix}{i:05d}/{v}" for v in col.to_pylist()], pa.string())
            cols[name] = col
        out[table] = pa.table(cols, schema=t.schema)
    return out


def _new_id(old: str | None, i: int) -> str | None:
    return None if old is None else hashlib.sha256(f"{old}/{i}".encode()).hexdigest()


def copies(tables: dict[str, pa.Table], n: int, start: int = 0) -> Iterator[dict[str, pa.Table]]:
    for i in range(start, start + n):
        yield copy_of(tables, i)


def replicate(base: Path, out: Path, n_copies: int, settings: LayoutSettings = LAYOUT) -> int:
    """A new dataset at `out` holding `n_copies` copies of the base's documents."""
    tables = base_tables(base)
    with Dataset(out, settings).writer() as w:
        for c in copies(tables, n_copies):
            w.add_tables(c)
    return n_copies * tables["documents"].num_rows
