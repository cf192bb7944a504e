"""A table of a dataset version as a stream of record batches, in the contract's columns.

The xlsx and sqlite exports read through this, batch by batch, so their memory does not grow
with the dataset: a part file is opened, its row groups are read `batch_rows` at a time, and
each batch is conformed to models/schema.py (columns an older part lacks become NULL; columns
newer than this checkout are kept at the end, as the other formats do).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from models.schema import SCHEMAS

BATCH_ROWS = 5_000


def part_files(version_dir: Path, table: str) -> list[Path]:
    folder = Path(version_dir) / table
    return sorted(folder.rglob("*.parquet")) if folder.is_dir() else []


def columns(version_dir: Path, table: str) -> list[pa.Field]:
    """The contract's fields, then any newer column a part file has (in first-seen order)."""
    schema = SCHEMAS[table]
    fields = list(schema)
    seen = set(schema.names)
    for f in part_files(version_dir, table):
        for field in pq.read_schema(f):
            if field.name not in seen:
                seen.add(field.name)
                fields.append(field)
    return fields


def batches(version_dir: Path, table: str, batch_rows: int = BATCH_ROWS,
            fields: list[pa.Field] | None = None) -> Iterator[pa.RecordBatch]:
    fields = fields or columns(version_dir, table)
    target = pa.schema(fields)
    for path in part_files(version_dir, table):
        pf = pq.ParquetFile(path)
        if pf.metadata.num_rows == 0:
            continue
        for batch in pf.iter_batches(batch_size=batch_rows):
            arrays = []
            for field in fields:
                i = batch.schema.get_field_index(field.name)
                if i < 0:
                    arrays.append(pa.nulls(batch.num_rows, field.type))
                else:
                    col = batch.column(i)
                    arrays.append(col if col.type == field.type else col.cast(field.type))
            yield pa.RecordBatch.from_arrays(arrays, schema=target)
