"""A dataset version's part files as segments, each with the index of what it holds.

A **segment** is the rows of one batch of documents: at most one file per table, all with the
segment's name (`<table>/<segment>.parquet`), and one index file `_index/<segment>.parquet`
listing its **keys** — the documents (`doc_id`) and the failed files (ingest_errors' `sha256`
and `source_file`) it holds, each with the tables it has rows in — and, in the index file's
metadata, each table's row count and size.

Why: re-ingesting a document replaces its rows. With the index a run reads the small index
files to learn which segments hold the documents it replaces, rewrites only those of their
files that hold them, and hard-links every other file forward under its own name — it never
reads, counts or fsyncs a file it does not change. The row counts drive compaction: segments
are merged by size tier (`next_merge`) into segments of at most `segment_rows` rows, with
row groups of DuckDB's size, so the number of files per table stays bounded by the dataset's
size, not by the number of runs.

A merge that writes more than one segment puts each document in the segment its key hashes
to: which documents share a segment then depends only on the documents, not on how a run
happened to split them (the process pool's flushes or Dask's chunks), so both write the same
files for the same input.

This module knows files and rows; hyokasho.dataset decides when to call it (versions, lock,
commit).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hyokasho.parquet_out import RowGroupWriter, fields_for
from models.schema import DOC_TABLES, HISTORY_TABLES, SCHEMAS, TABLES

INDEX_DIR = "_index"
EMPTY_PREFIX = "empty-"  # `<table>/empty-<version>.parquet`: no rows, only the schema (not a segment)
_META_KEY = b"hyokasho.segment"
KEY_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),  # documents.doc_id, or ingest_errors.sha256 (NULL: unreadable file)
        ("source_file", pa.string()),  # ingest_errors.source_file; NULL for a document's key
        ("tables", pa.int64()),  # bit i set: the key has rows in TABLES[i] of this segment
    ]
)
_BIT = {t: 1 << i for i, t in enumerate(TABLES)}
# history tables (documents' paths over time) are rewritten whole by the writer, never segments
SEGMENT_TABLES = tuple(t for t in TABLES if t not in HISTORY_TABLES)


@dataclass(frozen=True)
class LayoutSettings:
    """How big the dataset's files are and when they are merged (measured in bench/bench_weekly.py).

    A run's own rows become one segment when they fit in `segment_rows`; a segment of at least
    half of it is *full* and is only rewritten when one of its documents is replaced. Smaller
    segments fall into `tiers` size tiers (each `fan_in` times the one below); `fan_in`
    segments of one tier are merged into the next. So a weekly run costs its own rows plus,
    every `fan_in`-th run, a merge of small segments, and the number of segments is at most
    rows ÷ (segment_rows / 2) + (fan_in − 1) × tiers.
    """

    segment_rows: int = 250_000  # all tables together; rewriting one segment must stay cheap
    fan_in: int = 4
    tiers: int = 3
    row_group_rows: int = 122_880  # DuckDB's own row-group size: its unit of parallel scanning
    flush_rows: int = 20_000  # rows a writer buffers before writing them as a segment
    spill_rows: int = 8_192  # a multi-segment merge's per-output buffer before spilling
    compression: str = "zstd"

    def __post_init__(self) -> None:
        if self.fan_in < 2 or self.tiers < 1 or self.segment_rows < 2 or self.row_group_rows < 1:
            raise ValueError(f"invalid layout settings: {self}")

    @property
    def full_rows(self) -> int:
        return max(1, self.segment_rows // 2)

    def tier(self, rows: int) -> int | None:
        """The size tier of a segment with `rows` rows, None when it is full."""
        if rows >= self.full_rows:
            return None
        base = self.full_rows / self.fan_in**self.tiers
        if rows < base * self.fan_in:
            return 0
        return min(self.tiers - 1, int(math.log(rows / base, self.fan_in)))


LAYOUT = LayoutSettings()


@dataclass
class Segment:
    name: str
    folder: Path  # the version (or staging) folder holding it
    stats: dict[str, tuple[int, int]]  # table → (rows, bytes), tables with rows only
    keys: pa.Table  # KEY_SCHEMA
    files: dict[str, Path] = field(default_factory=dict)  # table → its file (as found)

    @property
    def rows(self) -> int:
        return sum(r for r, _ in self.stats.values())

    def file(self, table: str) -> Path:
        return self.files.get(table) or self.folder / table / f"{self.name}.parquet"

    def index_file(self) -> Path:
        return self.folder / INDEX_DIR / f"{self.name}.parquet"

    def paths(self) -> list[Path]:
        return [self.file(t) for t in self.stats]


# ---------------------------------------------------------------- keys


def keys_of(table: str, data: pa.Table) -> pa.Table:
    """The keys of one table's rows: its documents, or its failed files (ingest_errors)."""
    if data.num_rows == 0:
        return KEY_SCHEMA.empty_table()
    if table in DOC_TABLES:
        ids = pc.unique(data.column("doc_id").combine_chunks())
        return pa.table(
            {
                "doc_id": ids.cast(pa.string()),
                "source_file": pa.nulls(len(ids), pa.string()),
                "tables": pa.array([_BIT[table]] * len(ids), pa.int64()),
            },
            schema=KEY_SCHEMA,
        )
    pairs = sorted(
        {(s, f) for s, f in zip(data.column("sha256").to_pylist(), data.column("source_file").to_pylist())}, key=repr
    )
    return pa.table(
        {
            "doc_id": pa.array([s for s, _ in pairs], pa.string()),
            "source_file": pa.array([f for _, f in pairs], pa.string()),
            "tables": pa.array([_BIT[table]] * len(pairs), pa.int64()),
        },
        schema=KEY_SCHEMA,
    )


def _concat_keys(parts: Iterable[pa.Table]) -> pa.Table:
    parts = [p for p in parts if p.num_rows]
    if not parts:
        return KEY_SCHEMA.empty_table()
    return pa.concat_tables(parts).combine_chunks()


def key_match(keys: pa.Table, replaced_docs: pa.Array, replaced_sources: pa.Array) -> pa.Array:
    """Which keys a run replaces: a document by doc_id; a failed file by sha256 or by path."""
    by_doc = pc.fill_null(pc.is_in(keys.column("doc_id"), value_set=replaced_docs), False)
    by_src = pc.fill_null(pc.is_in(keys.column("source_file"), value_set=replaced_sources), False)
    return pc.or_(by_doc, by_src)


def row_match(
    table: str, data: pa.Table | pa.RecordBatch, replaced_docs: pa.Array, replaced_sources: pa.Array
) -> pa.Array:
    """The same rule on a table's rows (rows of documents by doc_id; ingest_errors by sha256 or path)."""
    if table in DOC_TABLES:
        return pc.fill_null(pc.is_in(data.column("doc_id"), value_set=replaced_docs), False)
    return pc.or_(
        pc.fill_null(pc.is_in(data.column("sha256"), value_set=replaced_docs), False),
        pc.fill_null(pc.is_in(data.column("source_file"), value_set=replaced_sources), False),
    )


def _key_text(doc_id: str | None, source: str | None) -> str:
    return doc_id if doc_id is not None else f"\0{source}"


def _bin(text: str, k: int) -> int:
    # a stable hash (Python's hash() differs per process): the same document lands in the same
    # output segment in every run and on every machine
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big") % k


# ---------------------------------------------------------------- reading a version's segments


def load(version_dir: Path) -> list[Segment]:
    """Every segment of a version: those its index lists, plus any table file no index covers
    (a version written before the index existed), whose keys are read from the file itself."""
    version_dir = Path(version_dir)
    segments: dict[str, Segment] = {}
    index = version_dir / INDEX_DIR
    if index.is_dir():
        for entry in sorted(os.scandir(index), key=lambda e: e.name):
            if entry.name.endswith(".parquet") and entry.is_file():
                seg = read_index(version_dir, Path(entry.path))
                segments[seg.name] = seg
    legacy: dict[str, dict[str, Path]] = {}
    for table in SEGMENT_TABLES:
        folder = version_dir / table
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.parquet")):
            if path.name.startswith(EMPTY_PREFIX):
                continue  # an empty table's placeholder: the commit writes one again where still needed
            name = path.relative_to(folder).with_suffix("").as_posix()
            known = segments.get(name)
            if known is not None and table in known.stats:
                known.files[table] = path
                continue
            legacy.setdefault(name, {})[table] = path
    for name, files in legacy.items():
        derived = _derive(version_dir, name, files)
        if derived is not None:
            if name in segments:  # an indexed name with an extra uncovered file: keep both apart
                derived.name = f"{name}+legacy"
            segments[derived.name] = derived
    return sorted(segments.values(), key=lambda s: s.name)


def load_staged(folder: Path) -> tuple[list[Segment], list[Path]]:
    """The segments a run has written into its staging folder, and the table files no index
    covers (a writer killed between a file and its index: those rows never count)."""
    folder = Path(folder)
    staged: dict[str, Segment] = {}
    index = folder / INDEX_DIR
    if index.is_dir():
        for entry in os.scandir(index):
            if entry.name.endswith(".parquet") and entry.is_file():
                seg = read_index(folder, Path(entry.path))
                staged[seg.name] = seg
    orphans = []
    for table in SEGMENT_TABLES:
        if not (folder / table).is_dir():
            continue
        for entry in os.scandir(folder / table):
            if entry.name.startswith("."):  # a temporary file of a killed writer
                orphans.append(Path(entry.path))
                continue
            part = staged.get(entry.name[: -len(".parquet")]) if entry.name.endswith(".parquet") else None
            if part is None or table not in part.stats:
                orphans.append(Path(entry.path))
    return sorted(staged.values(), key=lambda s: s.name), orphans


def _derive(version_dir: Path, name: str, files: dict[str, Path]) -> Segment | None:
    stats, keys, found = {}, [], {}
    for table, path in files.items():
        rows = pq.ParquetFile(path).metadata.num_rows
        if rows == 0:
            continue  # an empty placeholder: the commit writes one again where still needed
        cols = ["doc_id"] if table in DOC_TABLES else ["sha256", "source_file"]
        keys.append(keys_of(table, pq.ParquetFile(path).read(columns=cols)))
        stats[table] = (rows, path.stat().st_size)
        found[table] = path
    if not stats:
        return None
    return Segment(name, version_dir, stats, _merge_keys(_concat_keys(keys)), found)


def read_index(version_dir: Path, path: Path) -> Segment:
    pf = pq.ParquetFile(path)
    meta = json.loads(pf.schema_arrow.metadata[_META_KEY])
    keys = pf.read()
    order = meta["tables_order"]
    if order != list(TABLES):  # written by a hyokasho with other tables: renumber the bits
        keys = keys.set_column(
            2, "tables", pa.array([_renumber(m, order) for m in keys.column("tables").to_pylist()], pa.int64())
        )
    stats = {t: (int(r), int(b)) for t, (r, b) in meta["stats"].items() if t in SCHEMAS}
    return Segment(path.stem, Path(version_dir), stats, keys.cast(KEY_SCHEMA))


def _renumber(mask: int, order: list[str]) -> int:
    return sum(_BIT[t] for i, t in enumerate(order) if mask >> i & 1 and t in _BIT)


def write_index(seg: Segment) -> Path:
    meta = {"format": 1, "tables_order": list(TABLES), "stats": {t: list(v) for t, v in seg.stats.items()}}
    keys = seg.keys.cast(KEY_SCHEMA).replace_schema_metadata({_META_KEY: json.dumps(meta)})
    path = seg.index_file()
    path.parent.mkdir(exist_ok=True)
    _atomic_write(keys, path, LAYOUT.compression, None)
    return path


def _merge_keys(keys: pa.Table) -> pa.Table:
    """One key per document or failed file: the tables of its duplicates OR-ed together."""
    if keys.num_rows == 0:
        return keys
    merged: dict[tuple, int] = {}
    for d, s, m in zip(
        keys.column("doc_id").to_pylist(), keys.column("source_file").to_pylist(), keys.column("tables").to_pylist()
    ):
        merged[(d, s)] = merged.get((d, s), 0) | m
    items = sorted(merged.items(), key=lambda kv: repr(kv[0]))
    return pa.table(
        {
            "doc_id": pa.array([k[0] for k, _ in items], pa.string()),
            "source_file": pa.array([k[1] for k, _ in items], pa.string()),
            "tables": pa.array([m for _, m in items], pa.int64()),
        },
        schema=KEY_SCHEMA,
    )


# ---------------------------------------------------------------- writing


def write_segment(
    folder: Path, name: str, tables: dict[str, pa.Table], settings: LayoutSettings = LAYOUT
) -> Segment | None:
    """Write one batch of rows as a segment (its table files, then its index). None if empty.

    Each file is written under a temporary name and renamed, the index last: a writer killed
    half-way (a lost Dask worker) leaves files no index covers, which the commit removes, and a
    retried write replaces them whole.
    """
    stats, keys = {}, []
    for table, data in tables.items():
        if data is None or data.num_rows == 0:
            continue
        if table in HISTORY_TABLES:
            raise ValueError(f"{table}: a history table is written whole (Writer.set_history), not in segments")
        path = Path(folder) / table / f"{name}.parquet"
        path.parent.mkdir(exist_ok=True)
        _atomic_write(data, path, settings.compression, settings.row_group_rows)
        stats[table] = (data.num_rows, path.stat().st_size)
        keys.append(keys_of(table, data))
    if not stats:
        return None
    seg = Segment(name, Path(folder), stats, _merge_keys(_concat_keys(keys)))
    write_index(seg)
    return seg


def _atomic_write(data: pa.Table, path: Path, compression: str, row_group_rows: int | None) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(data, tmp, compression=compression, row_group_size=row_group_rows)
    os.replace(tmp, path)


def remove(seg: Segment) -> None:
    """Unlink a segment's files from its folder (in a staging folder: links or this run's files)."""
    for path in [*seg.paths(), seg.index_file()]:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def link(seg: Segment, folder: Path, link_file) -> tuple[Segment, list[Path]]:
    """The same segment in another folder, by hard links; returns it and the files written
    (only an index for a segment that had none: one of a version written before the index)."""
    out = Segment(seg.name, Path(folder), dict(seg.stats), seg.keys)
    for table in seg.stats:
        dest = out.file(table)
        dest.parent.mkdir(exist_ok=True)
        link_file(seg.file(table), dest)
    if seg.index_file().is_file():
        dest = out.index_file()
        dest.parent.mkdir(exist_ok=True)
        link_file(seg.index_file(), dest)
        return out, []
    return out, [write_index(out)]


# ---------------------------------------------------------------- replacing documents


def rewrite(
    seg: Segment,
    hit: pa.Array,
    replaced_docs: pa.Array,
    replaced_sources: pa.Array,
    folder: Path,
    name: str,
    settings: LayoutSettings,
    link_file,
) -> tuple[Segment | None, list[Path]]:
    """The segment without the replaced rows, as a new segment `name` in `folder`.

    Only the tables the replaced keys have rows in are read and rewritten; the others are
    hard-linked under the new name. Returns the segment (None if nothing is left) and the
    files written (to be fsynced).
    """
    touched = 0
    for m in pc.filter(seg.keys.column("tables"), hit).to_pylist():
        touched |= m
    out = Segment(name, Path(folder), {}, pc.filter(seg.keys, pc.invert(hit)))
    written: list[Path] = []
    for table, (rows, size) in seg.stats.items():
        dest = out.file(table)
        dest.parent.mkdir(exist_ok=True)
        if not touched & _BIT[table]:
            link_file(seg.file(table), dest)
            out.stats[table] = (rows, size)
            continue
        w = _TableWriter(dest, table, [pq.read_schema(seg.file(table))], settings)
        for batch in pq.ParquetFile(seg.file(table)).iter_batches(batch_size=settings.row_group_rows):
            w.write(batch.filter(pc.invert(row_match(table, batch, replaced_docs, replaced_sources))))
        n = w.close()
        if n:
            out.stats[table] = (n, dest.stat().st_size)
            written.append(dest)
    if not out.stats:
        return None, written
    # keys of tables now empty of them are gone with their rows; the others are exact
    written.append(write_index(out))
    return out, written


# ---------------------------------------------------------------- compaction


def next_merge(sizes: dict[str, int], settings: LayoutSettings) -> list[str]:
    """The segments to merge next: the lowest size tier holding `fan_in` of them (or none).

    `sizes` maps segment name → rows. Pure, so the policy is tested on its own.
    """
    tiers: dict[int, list[str]] = {}
    for name in sorted(sizes):
        t = settings.tier(sizes[name])
        if t is not None:
            tiers.setdefault(t, []).append(name)
    for t in sorted(tiers):
        if len(tiers[t]) >= settings.fan_in:
            return tiers[t]
    return []


def merge(
    inputs: list[Segment], folder: Path, names: Iterator[str], settings: LayoutSettings, remove_inputs: bool = True
) -> tuple[list[Segment], list[Path]]:
    """Merge segments into ⌈rows ÷ segment_rows⌉ new ones, streaming (one row group in memory).

    Each document goes to the output its key hashes to, so the outputs hold the same
    documents however the inputs were split. Returns the new segments and the files written.
    """
    inputs = sorted(inputs, key=lambda s: s.name)
    total = sum(s.rows for s in inputs)
    k = max(1, math.ceil(total / settings.segment_rows))
    outs = [Segment(next(names), Path(folder), {}, KEY_SCHEMA.empty_table()) for _ in range(k)]
    keys = _merge_keys(_concat_keys(s.keys for s in inputs))
    bins = _key_bins(keys, k)
    for j, out in enumerate(outs):
        out.keys = keys.filter(pa.array([b == j for b in bins]))
    written: list[Path] = []
    for table in SEGMENT_TABLES:
        sources = [s for s in inputs if table in s.stats]
        if not sources:
            continue
        schemas = [pq.read_schema(s.file(table)) for s in sources]
        if k == 1:
            w = _TableWriter(outs[0].file(table), table, schemas, settings)
            for s in sources:
                for batch in pq.ParquetFile(s.file(table)).iter_batches(batch_size=settings.row_group_rows):
                    w.write(batch)
            _finish(outs[0], table, w, written)
            continue
        # two passes: rows split by output into spill files (small row groups), then each
        # output's spill rewritten with DuckDB-sized row groups; memory stays one buffer per output
        spills = [
            _TableWriter(
                out.folder / table / f".{out.name}.spill", table, schemas, settings, row_group_rows=settings.spill_rows
            )
            for out in outs
        ]
        for s in sources:
            for batch in pq.ParquetFile(s.file(table)).iter_batches(batch_size=settings.row_group_rows):
                where = _row_bins(table, batch, k)
                for j in range(k):
                    part = batch.filter(pc.equal(where, j))
                    if part.num_rows:
                        spills[j].write(part)
        for j, out in enumerate(outs):
            spills[j].close()
            spill = spills[j].path
            w = _TableWriter(out.file(table), table, [spills[j].schema], settings)
            if spill.exists():
                for batch in pq.ParquetFile(spill).iter_batches(batch_size=settings.row_group_rows):
                    w.write(batch)
                os.unlink(spill)
            _finish(out, table, w, written)
    kept = []
    for out in outs:
        if out.stats:
            written.append(write_index(out))
            kept.append(out)
    if remove_inputs:
        for s in inputs:
            remove(s)
    return kept, written


def _finish(out: Segment, table: str, w: "_TableWriter", written: list[Path]) -> None:
    n = w.close()
    if n:
        out.stats[table] = (n, w.path.stat().st_size)
        written.append(w.path)


def _key_bins(keys: pa.Table, k: int) -> list[int]:
    if k == 1:
        return [0] * keys.num_rows
    return [
        _bin(_key_text(d, s), k)
        for d, s in zip(keys.column("doc_id").to_pylist(), keys.column("source_file").to_pylist())
    ]


def _row_bins(table: str, batch: pa.RecordBatch, k: int) -> pa.Array:
    """Each row's output, as its key's (`_key_bins`): a document's rows all go where its key goes."""
    if table in DOC_TABLES:
        ids = batch.column("doc_id")
        uniq = pc.unique(ids)
        per = pa.array([_bin(u, k) for u in uniq.to_pylist()], pa.int32())
        return pc.take(per, pc.index_in(ids, value_set=uniq))
    # ingest_errors: by sha256, or by path when the file could not be read (as its key)
    return pa.array(
        [
            _bin(_key_text(d, None if d is not None else s), k)
            for d, s in zip(batch.column("sha256").to_pylist(), batch.column("source_file").to_pylist())
        ],
        pa.int32(),
    )


class _TableWriter(RowGroupWriter):
    """One table's file of a new segment, in the contract's columns plus any newer ones."""

    def __init__(
        self,
        path: Path,
        table: str,
        schemas: list[pa.Schema],
        settings: LayoutSettings,
        row_group_rows: int | None = None,
    ):
        super().__init__(
            path, fields_for(table, schemas), row_group_rows or settings.row_group_rows, settings.compression
        )


def compact_all(sizes: dict[str, int], settings: LayoutSettings, everything: bool = False) -> list[str]:
    """What `hyokasho compact` merges: every segment smaller than a full one (`everything`:
    every segment, e.g. after changing segment_rows), if that leaves fewer files."""
    names = sorted(sizes) if everything else sorted(n for n in sizes if settings.tier(sizes[n]) is not None)
    if len(names) < 2 and not (everything and any(sizes[n] > settings.segment_rows for n in names)):
        return []
    return names
