"""The Parquet dataset on disk: `<out>/<table>/*.parquet`, replaced atomically.

`<out>` is a symbolic link to a complete version directory beside it
(`.<name>.versions/<version>/`). A run writes a whole new version (carrying unchanged files
over as hard links, so it costs little) and then swaps the link with one atomic rename.
A reader therefore sees either the old dataset or the new one, never half of a run, and a
run killed at any point leaves the previous version untouched.

Re-ingesting a document replaces its rows: rows are keyed by doc_id (sha256 of the
bytes), and ingest_errors rows by sha256 or source file.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from models.schema import DOC_TABLES, SCHEMAS, TABLES, to_table

VERSION_FILE = "_version.json"
KEEP_OLD_VERSIONS = 1  # a reader that resolved the previous link keeps working for one more run


def read_version_info(version_dir: Path) -> dict:
    """A version folder's `_version.json` (version id, creation time, rows per table), or {}
    for a folder hyokasho's writer did not make."""
    path = Path(version_dir) / VERSION_FILE
    return json.loads(path.read_text()) if path.is_file() else {}


class DatasetError(Exception):
    pass


class DatasetLocked(DatasetError):
    pass


@dataclass
class Dataset:
    root: Path

    def __post_init__(self) -> None:
        self.root = Path(self.root)

    @property
    def versions_dir(self) -> Path:
        return self.root.parent / f".{self.root.name}.versions"

    @property
    def lock_path(self) -> Path:
        return self.root.parent / f".{self.root.name}.lock"

    def current(self) -> Path | None:
        """The directory of the committed version, or None before the first run."""
        if self.root.is_symlink() or self.root.is_dir():
            return self.root.resolve()
        return None

    def files(self, table: str) -> list[Path]:
        cur = self.current()
        if cur is None or not (cur / table).is_dir():
            return []
        return sorted((cur / table).rglob("*.parquet"))

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        files = self.files(table)
        if not files:
            return SCHEMAS[table].empty_table() if columns is None else SCHEMAS[table].empty_table().select(columns)
        parts = [pq.read_table(f, columns=columns) for f in files]
        return pa.concat_tables(parts, promote_options="default")

    def version_info(self) -> dict:
        cur = self.current()
        return read_version_info(cur) if cur is not None else {}

    @contextmanager
    def writer(self, wait: float = 0.0) -> Iterator["Writer"]:
        """Lock, write a new version, commit on success; on any exception nothing changes."""
        self.root.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.lock_path, wait, self.root):
            self._adopt_plain_directory()
            self.versions_dir.mkdir(exist_ok=True)
            for stale in self.versions_dir.glob(".tmp-*"):
                shutil.rmtree(stale, ignore_errors=True)  # left by a killed run; we hold the lock
            # microseconds: two runs in the same second must not share a version folder
            vid = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f") + f"-{os.getpid()}"
            tmp = self.versions_dir / f".tmp-{vid}"
            tmp.mkdir()
            w = Writer(self, tmp, vid)
            try:
                yield w
                if not w.abandoned:
                    w._commit()
            finally:
                if tmp.exists():
                    shutil.rmtree(tmp, ignore_errors=True)

    def _adopt_plain_directory(self) -> None:
        """A pre-existing real directory at <out> becomes the first version (once)."""
        if self.root.is_symlink() or not self.root.exists():
            return
        if not self.root.is_dir():
            raise DatasetError(f"{self.root}: exists and is not a directory")
        entries = [p for p in self.root.iterdir() if p.name != ".gitkeep"]
        if not entries:
            shutil.rmtree(self.root)
            return
        if not all(p.is_dir() and p.name in TABLES for p in entries if not p.name.startswith(".")):
            raise DatasetError(f"{self.root}: is a non-empty directory that is not a hyokasho dataset; "
                               "choose another --out")
        self.versions_dir.mkdir(exist_ok=True)
        target = self.versions_dir / "adopted"
        os.replace(self.root, target)
        _swap_link(self.root, target)

    def _gc(self, keep: Path) -> None:
        versions = sorted((p for p in self.versions_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
                          key=lambda p: p.stat().st_mtime)
        old = [p for p in versions if p != keep]
        for p in old[: max(0, len(old) - KEEP_OLD_VERSIONS)]:
            shutil.rmtree(p, ignore_errors=True)


@dataclass
class Writer:
    dataset: Dataset
    dir: Path
    vid: str
    flush_rows: int = 20_000
    _buffer: dict[str, list[dict]] = field(default_factory=dict)
    _buffered: int = 0
    _seq: int = 0
    replaced_docs: set[str] = field(default_factory=set)
    replaced_sources: set[str] = field(default_factory=set)
    documents_written: int = 0
    abandoned: bool = False

    def abandon(self) -> None:
        """Nothing to commit: leave the current version as it is (no new version is made)."""
        self.abandoned = True

    def note_written(self, source_file: str, doc_id: str | None) -> None:
        """A document whose parts someone else (a Dask worker) wrote into `self.dir`.

        Its earlier rows are replaced exactly as with `add`.
        """
        if doc_id:
            self.replaced_docs.add(doc_id)
        self.replaced_sources.add(source_file)
        self.documents_written += 1

    def add(self, tables: dict[str, list[dict]], source_file: str, doc_id: str | None) -> None:
        """Stage one document's rows. They replace any earlier rows of the same document."""
        if doc_id:
            self.replaced_docs.add(doc_id)
        self.replaced_sources.add(source_file)
        for table, rows in tables.items():
            if rows:
                self._buffer.setdefault(table, []).extend(rows)
                self._buffered += len(rows)
        self.documents_written += 1
        if self._buffered >= self.flush_rows:
            self.flush()

    def forget(self, doc_id: str) -> None:
        """Drop a document from the dataset (its rows are not carried over)."""
        self.replaced_docs.add(doc_id)

    def flush(self) -> None:
        # results stream to disk in parts so memory does not grow with the corpus
        for table, rows in self._buffer.items():
            if rows:
                self._write(table, to_table(table, rows))
        self._buffer.clear()
        self._buffered = 0

    def _write(self, table: str, data: pa.Table, name: str | None = None) -> Path:
        folder = self.dir / table
        folder.mkdir(exist_ok=True)
        if name is None:
            self._seq += 1
            name = f"part-{self.vid}-{self._seq:05d}.parquet"
        path = folder / name
        pq.write_table(data, path, compression="zstd")
        return path

    def _carry_over(self) -> None:
        """Bring the previous version's rows forward, minus the documents this run replaced."""
        base = self.dataset.current()
        if base is None:
            return
        for table in TABLES:
            for old in sorted((base / table).rglob("*.parquet")) if (base / table).is_dir() else []:
                if pq.ParquetFile(old).metadata.num_rows == 0:
                    continue  # an empty placeholder; _commit adds one again if still needed
                rel = old.relative_to(base / table)
                keep = self._kept_rows(table, old)
                if keep is None:  # untouched: hard link, no copy
                    dest = self.dir / table / rel
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    _link_or_copy(old, dest)
                elif keep.num_rows:
                    self._write(table, keep)

    def _kept_rows(self, table: str, path: Path) -> pa.Table | None:
        """None if no row of this file is replaced, else the rows to keep."""
        if table in DOC_TABLES:
            ids = pq.read_table(path, columns=["doc_id"]).column("doc_id")
            mask = pc.is_in(ids, value_set=pa.array(sorted(self.replaced_docs), pa.string()))
        else:  # ingest_errors: keyed by content and by path
            t = pq.read_table(path, columns=["sha256", "source_file"])
            mask = pc.or_(
                pc.fill_null(pc.is_in(t.column("sha256"), value_set=pa.array(sorted(self.replaced_docs), pa.string())), False),
                pc.is_in(t.column("source_file"), value_set=pa.array(sorted(self.replaced_sources), pa.string())))
        if not pc.any(mask).as_py():
            return None
        full = pq.read_table(path)
        return full.filter(pc.invert(mask))

    def _commit(self) -> None:
        self.flush()
        self._carry_over()
        counts = {}
        for table in TABLES:
            folder = self.dir / table
            if not folder.is_dir() or not any(folder.rglob("*.parquet")):
                # every table exists, even empty, so SQL over the dataset never fails on a missing glob
                self._write(table, SCHEMAS[table].empty_table(), name=f"empty-{self.vid}.parquet")
            counts[table] = sum(pq.ParquetFile(f).metadata.num_rows for f in folder.rglob("*.parquet"))
        info = {"version": self.vid, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "rows": counts}
        (self.dir / VERSION_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1))
        _fsync_tree(self.dir)
        final = self.dataset.versions_dir / self.vid
        os.rename(self.dir, final)
        _swap_link(self.dataset.root, final)
        self.dir = final
        self.dataset._gc(keep=final)


# ---------------------------------------------------------------- file-system helpers

def _swap_link(link: Path, target: Path) -> None:
    tmp = link.parent / f".{link.name}.link-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, link.parent), tmp)
    os.replace(tmp, link)  # rename(2) over the old link: atomic
    _fsync_dir(link.parent)


def _link_or_copy(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError as e:
        if e.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(src, dest)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


@contextmanager
def _locked(path: Path, wait: float, root: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
                if time.monotonic() >= deadline:
                    raise DatasetLocked(
                        f"{root}: another hyokasho run (pid {holder}) is writing this dataset; "
                        "try again when it has finished, or pass --wait SECONDS") from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock, also when the process is killed
