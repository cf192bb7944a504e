"""What the dataset already holds, by content, and a stat cache so unchanged files are not re-hashed.

`_manifest.parquet` lives inside each dataset version (so it is committed, and rolled back,
with the data it describes): one row per path the dataset holds — the file's stat signature
(size, mtime_ns, inode) at the time, its sha256, the extractor_version that produced its
rows, the outcome (a documents.status or an ingest_errors.error_code) and the name its rows
use in warnings (`label`). Paths are stored as bytes too (`path_bytes`, `source_file_bytes`):
a name that is not UTF-8 round-trips exactly (hyokasho.names). A `role = kept` row is a
content kept for its path although the path now holds a version that reads worse.

A dataset written before the manifest existed is still understood: the content state is
derived from the documents table (paths are then hashed once).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from hyokasho.names import display, from_bytes, to_bytes

MANIFEST_FILE = "_manifest.parquet"
SCHEMA = pa.schema(
    [
        ("path", pa.string()),  # absolute path, shown escaped (the stat-cache key is path_bytes)
        ("source_file", pa.string()),  # as given on the command line, shown escaped
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("inode", pa.int64()),
        ("sha256", pa.string()),  # NULL when the file could not be read
        ("extractor_version", pa.string()),
        ("outcome", pa.string()),  # ok | partial | ocr | needs_ocr | failed | <error_code> | duplicate
        ("path_bytes", pa.binary()),
        ("source_file_bytes", pa.binary()),
        ("label", pa.string()),  # its name relative to the input folder: how rows citing it name it
        ("role", pa.string()),  # current | kept
    ]
)
DONE = frozenset({"ok", "partial", "ocr"})
# how well a content reads: a new version of a path that ranks lower never silently replaces it
RANK = {"ok": 4, "ocr": 3, "partial": 2, "needs_ocr": 1}


def rank(outcome: str | None) -> int:
    return RANK.get(outcome or "", 0)


@dataclass
class Entry:
    path: str
    source_file: str
    size: int | None
    mtime_ns: int | None
    inode: int | None
    sha256: str | None
    extractor_version: str | None
    outcome: str
    label: str | None = None
    role: str = "current"


class Manifest:
    def __init__(self, entries: list[Entry], by_sha: dict[str, Entry] | None = None):
        self.by_path: dict[str, Entry] = {e.path: e for e in entries if e.role != "kept"}
        self.kept: dict[str, Entry] = {e.path: e for e in entries if e.role == "kept"}
        # content → the entry that produced its rows (the last one wins: newest extraction)
        self.by_sha: dict[str, Entry] = dict(by_sha or {})
        for e in entries:
            if e.sha256 and e.outcome != "duplicate":
                self.by_sha[e.sha256] = e
        self.changed = False

    @classmethod
    def load(cls, version_dir: Path | None, documents: pa.Table | None = None) -> "Manifest":
        if version_dir is not None and (version_dir / MANIFEST_FILE).exists():
            # ParquetFile, not pq.read_table: the latter imports pyarrow.dataset and pandas (seconds)
            rows = pq.ParquetFile(version_dir / MANIFEST_FILE).read().to_pylist()
            return cls([_entry_of(r) for r in rows])
        derived: dict[str, Entry] = {}
        for d in documents.to_pylist() if documents is not None else []:
            derived[d["doc_id"]] = Entry(
                "", d["source_file"], None, None, None, d["doc_id"], d["extractor_version"], d["status"]
            )
        m = cls([], derived)
        m.changed = bool(derived)  # write the manifest on the next commit
        return m

    def cached_sha(self, path: str, st: os.stat_result) -> str | None:
        e = self.by_path.get(path)
        if e and e.sha256 and (e.size, e.mtime_ns, e.inode) == (st.st_size, st.st_mtime_ns, st.st_ino):
            return e.sha256
        return None

    def record(self, entry: Entry) -> None:
        old = self.by_path.get(entry.path)
        if old != entry:
            self.changed = True
        self.by_path[entry.path] = entry
        if entry.sha256 and entry.outcome != "duplicate":  # a duplicate's rows are its twin's
            self.by_sha[entry.sha256] = entry

    def sources_of(self, sha: str) -> list[str]:
        return sorted({e.source_file for e in self.by_path.values() if e.sha256 == sha})

    def write(self, version_dir: Path) -> None:
        entries = sorted(
            list(self.by_path.values()) + [Entry(**{**vars(e), "role": "kept"}) for e in self.kept.values()],
            key=lambda e: (to_bytes(e.path), e.role),
        )
        rows = [_row_of(e) for e in entries]
        table = pa.Table.from_pylist(rows, schema=SCHEMA) if rows else SCHEMA.empty_table()
        pq.write_table(table, version_dir / MANIFEST_FILE, compression="zstd")


def _row_of(e: Entry) -> dict:
    """An entry as a manifest row: names shown escaped, and exactly, as bytes."""
    return {
        **vars(e),
        "path": display(e.path),
        "source_file": display(e.source_file),
        "path_bytes": to_bytes(e.path) if e.path else None,
        "source_file_bytes": to_bytes(e.source_file),
    }


def _entry_of(row: dict) -> Entry:
    """A manifest row as an entry; rows written before names were kept as bytes have only text."""
    path = from_bytes(row["path_bytes"]) if row.get("path_bytes") is not None else row["path"]
    source = from_bytes(row["source_file_bytes"]) if row.get("source_file_bytes") is not None else row["source_file"]
    return Entry(
        path,
        source,
        row["size"],
        row["mtime_ns"],
        row["inode"],
        row["sha256"],
        row["extractor_version"],
        row["outcome"],
        row.get("label"),
        row.get("role") or "current",
    )


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def kind_of(mode: int) -> str | None:
    """Why a path cannot be read as a file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file; reading it could block forever"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"
