"""Record batches in, one Parquet file out, in row groups of a chosen size.

Used by the dataset writer (hyokasho.segments: merged and rewritten segments) and by
`hyokasho export --format parquet`. Batches of any size are buffered up to one row group
(DuckDB scans a file in parallel by row group, so the size matters) and conformed to the
file's columns: a column an older part file lacks becomes NULL, a type is cast to the
contract's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from models.schema import SCHEMAS


def fields_for(table: str, schemas: Iterable[pa.Schema]) -> list[pa.Field]:
    """The contract's fields, then any newer column a part file has (in first-seen order)."""
    fields = list(SCHEMAS[table]) if table in SCHEMAS else []
    seen = {f.name for f in fields}
    for schema in schemas:
        for f in schema:
            if f.name not in seen:
                seen.add(f.name)
                fields.append(f)
    return fields


def conform(batch: pa.RecordBatch, fields: list[pa.Field]) -> pa.RecordBatch:
    """A batch in these columns and types: columns it lacks (an older file) become NULL."""
    arrays = []
    for f in fields:
        i = batch.schema.get_field_index(f.name)
        if i < 0:
            arrays.append(pa.nulls(batch.num_rows, f.type))
        else:
            col = batch.column(i)
            arrays.append(col if col.type == f.type else col.cast(f.type))
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


class RowGroupWriter:
    """Write batches to `path` in row groups of `row_group_rows` (buffered up to one). No rows,
    no file: `close()` returns the rows written."""

    def __init__(self, path: Path, fields: list[pa.Field], row_group_rows: int, compression: str = "zstd"):
        self.path = Path(path)
        self.fields = fields
        self.schema = pa.schema(fields)
        self.group = row_group_rows
        self.compression = compression
        self._buf: list[pa.RecordBatch] = []
        self._buffered = 0
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0

    def write(self, batch: pa.RecordBatch | pa.Table) -> None:
        for b in batch.to_batches() if isinstance(batch, pa.Table) else [batch]:
            if b.num_rows:
                self._buf.append(conform(b, self.fields))
                self._buffered += b.num_rows
        while self._buffered >= self.group:
            self._emit(self.group)

    def _emit(self, n: int) -> None:
        data = pa.Table.from_batches(self._buf, schema=self.schema)
        head, rest = data.slice(0, n), data.slice(n)
        if self._writer is None:
            self.path.parent.mkdir(exist_ok=True)
            self._writer = pq.ParquetWriter(self.path, self.schema, compression=self.compression)
        self._writer.write_table(head, row_group_size=n)
        self.rows += head.num_rows
        # the rest is copied: a slice would keep the whole input batch it came from alive (a
        # merge into k segments holds k writers' rests at once)
        self._buf = rest.take(pa.array(range(rest.num_rows), pa.int64())).to_batches() if rest.num_rows else []
        self._buffered = rest.num_rows

    def close(self) -> int:
        if self._buffered:
            self._emit(self._buffered)
        if self._writer is not None:
            self._writer.close()
        return self.rows
