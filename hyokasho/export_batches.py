"""A table of a dataset version as a stream of record batches, in the contract's columns.

Every export format reads through this, batch by batch, so its memory does not grow with the
dataset: a part file is opened, its row groups are read `batch_rows` at a time, and each batch
is conformed to models/schema.py (columns an older part lacks become NULL; columns newer than
this checkout are kept at the end).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from hyokasho.parquet_out import conform, fields_for

BATCH_ROWS = 5_000


def part_files(version_dir: Path, table: str) -> list[Path]:
    folder = Path(version_dir) / table
    return sorted(folder.rglob("*.parquet")) if folder.is_dir() else []


def columns(version_dir: Path, table: str) -> list[pa.Field]:
    """The contract's fields, then any newer column a part file has (in first-seen order)."""
    return fields_for(table, (pq.read_schema(f) for f in part_files(version_dir, table)))


def batches(
    version_dir: Path,
    table: str,
    batch_rows: int = BATCH_ROWS,
    fields: list[pa.Field] | None = None,
    only: list[str] | None = None,
) -> Iterator[pa.RecordBatch]:
    """The table's rows, `batch_rows` at a time; `only`: just these columns (read from the files
    that have them, NULL from those that do not)."""
    fields = fields or columns(version_dir, table)
    if only is not None:
        fields = [f for f in fields if f.name in only]
    for path in part_files(version_dir, table):
        pf = pq.ParquetFile(path)
        if pf.metadata.num_rows == 0:
            continue
        present = [f.name for f in fields if f.name in pf.schema_arrow.names]
        for batch in pf.iter_batches(batch_size=batch_rows, columns=present):
            yield conform(batch, fields)
