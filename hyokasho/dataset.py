"""The Parquet dataset on disk: `<out>/<table>/*.parquet`, replaced atomically.

`<out>` is a symbolic link to a complete version directory beside it
(`.<name>.versions/<version>/`). A run writes a whole new version (carrying unchanged files
over as hard links, so it costs little) and then swaps the link with one atomic rename.
A reader therefore sees either the old dataset or the new one, never half of a run, and a
run killed at any point leaves the previous version untouched.

Re-ingesting a document replaces its rows: rows are keyed by doc_id (sha256 of the
bytes), and ingest_errors rows by sha256 or source file.

Only hyokasho's own folders are ever moved or deleted. A version folder is hyokasho's when
its `_version.json` says so (`"format": "hyokasho-dataset-version"`; versions written before
that key existed are recognised by their `version`/`created`/`rows` keys), a staging folder
when it holds `.hyokasho-staging`. `<out>` itself may be missing, an empty folder, a link to a
version, or a version folder (a copy): anything else — a non-empty folder, hidden files
included, a link elsewhere, a mount point, the current folder — is refused with one line.
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

from hyokasho import __version__, segments
from hyokasho.os_errors import describe
from hyokasho.segments import LAYOUT, LayoutSettings, Segment
from models.schema import HISTORY_TABLES, SCHEMAS, TABLES, to_table

VERSION_FILE = "_version.json"
VERSION_FORMAT = "hyokasho-dataset-version"
STAGING_MARKER = ".hyokasho-staging"


def read_version_info(version_dir: Path) -> dict:
    """A version folder's `_version.json` (version id, creation time, rows per table), or {}
    for a folder hyokasho's writer did not make."""
    path = Path(version_dir) / VERSION_FILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if _is_version_info(info) else {}


def _is_version_info(info: object) -> bool:
    if not isinstance(info, dict):
        return False
    if info.get("format") == VERSION_FORMAT:
        return True
    # written before the marker was explicit (hyokasho ≤ 0.2.0): exactly these keys' shapes
    return (
        isinstance(info.get("version"), str)
        and isinstance(info.get("rows"), dict)
        and isinstance(info.get("created"), str)
    )


def is_version_dir(path: Path) -> bool:
    """A real folder (not a link) carrying hyokasho's version marker."""
    path = Path(path)
    return path.is_dir() and not path.is_symlink() and bool(read_version_info(path))


def _is_staging_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and (path / STAGING_MARKER).is_file()


class DatasetError(Exception):
    pass


class DatasetLocked(DatasetError):
    pass


@dataclass
class Dataset:
    root: Path
    settings: LayoutSettings = LAYOUT

    def __post_init__(self) -> None:
        # absolute, so `--out .` is the current folder by name (not an empty name beside '.')
        self.root = Path(os.path.abspath(self.root))

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

    def segments(self) -> list[Segment]:
        """The current version's segments (reads only their index files)."""
        cur = self.current()
        return segments.load(cur) if cur is not None else []

    def compact(self, everything: bool = False, wait: float = 0.0) -> tuple[int, "CommitStats | None"]:
        """Merge every segment smaller than a full one (`everything`: every segment) now.

        Returns the number of segments before and what the commit did, or None for the latter
        when there was nothing to merge (then no version is made).
        """
        with self.writer(wait=wait, compact="all" if everything else "small") as w:
            sizes = {s.name: s.rows for s in self.segments()}
            if not (
                segments.compact_all(sizes, self.settings, everything) or segments.next_merge(sizes, self.settings)
            ):
                w.abandon()
        return len(sizes), (None if w.abandoned else w.stats)

    def version_info(self) -> dict:
        cur = self.current()
        return read_version_info(cur) if cur is not None else {}

    @contextmanager
    def writer(self, wait: float = 0.0, compact: str | None = None) -> Iterator["Writer"]:
        """Lock, write a new version, commit on success; on any exception nothing changes.

        Refuses (DatasetError, one line) an --out hyokasho must not replace, before anything is
        created beside it; a file-system error before the commit (no space, read-only …) becomes
        a DatasetError saying the dataset is unchanged.
        """
        self._refuse_unsafe_root()
        try:
            self.root.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatasetError(f"cannot create the folder that holds {self.root}: {describe(e)}") from e
        with _locked(self.lock_path, wait, self.root):
            self._refuse_unsafe_root()  # again, under the lock: the folder may have changed meanwhile
            try:
                self._adopt_version_directory()
                self.versions_dir.mkdir(exist_ok=True)
                self._remove_stale_staging()
                # microseconds: two runs in the same second must not share a version folder
                vid = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f") + f"-{os.getpid()}"
                tmp = self.versions_dir / f".tmp-{vid}"
                tmp.mkdir()
                (tmp / STAGING_MARKER).write_text(f"{os.getpid()}\n")
            except OSError as e:
                raise DatasetError(f"cannot prepare a new version of {self.root}: {describe(e)}") from e
            w = Writer(self, tmp, vid, self.settings, compact)
            try:
                yield w
                if not w.abandoned:
                    w._commit()
            except OSError as e:
                if w.committed:
                    raise
                raise DatasetError(
                    f"{describe(e)} (writing the new version in {self.versions_dir}); nothing was "
                    f"committed: the dataset at {self.root} is unchanged"
                ) from e
            finally:
                if tmp.exists():
                    shutil.rmtree(tmp, ignore_errors=True)

    def _refuse_unsafe_root(self) -> None:
        """Refuse an --out whose replacement by a link could lose or hide someone's files."""
        root = self.root
        if root.parent == root:
            raise DatasetError(
                f"{root}: the file-system root cannot be the dataset; give a folder such as {root}dataset"
            )
        try:
            cwd = Path.cwd().resolve()
        except OSError:
            cwd = None
        real = root.parent.resolve() / root.name  # where the link (or folder) itself lives
        if cwd is not None and real == cwd:
            raise DatasetError(
                f"{root}: is the current folder; hyokasho replaces --out by a link to its version "
                "folders, so give a new folder name, e.g. --out dataset"
            )
        if cwd is not None and real in cwd.parents:
            raise DatasetError(f"{root}: contains the current folder; give a new folder name for --out")
        if os.path.ismount(root):
            raise DatasetError(
                f"{root}: is a mount point, which cannot be replaced by a link; give a folder inside "
                f"it, e.g. --out {root / 'dataset'} (the lock and versions live beside --out)"
            )
        reason = self._foreign_reason()
        if reason:
            raise DatasetError(f"{root}: {reason}")
        lock = self.lock_path
        if lock.is_symlink() or (lock.exists() and not lock.is_file()):
            raise DatasetError(
                f"{lock}: is not hyokasho's lock file (not a regular file); move it away or choose another --out"
            )
        if lock.is_file():
            try:
                with open(lock, "rb") as f:
                    held = f.read(65).strip()
            except OSError as e:
                raise DatasetError(f"{lock}: cannot read hyokasho's lock file ({describe(e)})") from e
            if held and not held.isdigit():
                raise DatasetError(
                    f"{lock}: exists and is not hyokasho's lock file (it holds other content); "
                    "move it away or choose another --out"
                )

    def _foreign_reason(self) -> str | None:
        """Why <out> is not something hyokasho may replace, or None."""
        root = self.root
        if root.is_symlink():
            target = Path(os.path.realpath(root))
            if not target.exists():
                if target.parent == Path(os.path.realpath(self.versions_dir)):
                    return None  # a link to one of our versions that someone deleted: a fresh start
                return f"is a symbolic link to {target}, which does not exist; remove the link or choose another --out"
            if not is_version_dir(target):
                return (
                    f"is a symbolic link to {target}, which is not a hyokasho dataset version (no _version.json "
                    "written by hyokasho); choose another --out"
                )
            return None
        if not root.exists():
            return None
        if not root.is_dir():
            return "exists and is not a folder; choose another --out"
        if is_version_dir(root):
            return None
        try:
            names = sorted(os.listdir(root))
        except OSError as e:
            return f"cannot be examined ({describe(e)})"
        if not names:
            return None
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        return (
            f"is a folder hyokasho did not create ({len(names)} entr{'y' if len(names) == 1 else 'ies'}: "
            f"{shown}); it is never adopted or replaced — choose a new or empty folder for --out"
        )

    def _adopt_version_directory(self) -> None:
        """An empty folder at <out> is removed; a version folder (a copy) becomes a version."""
        root = self.root
        if root.is_symlink() or not root.exists():
            return
        if not is_version_dir(root):
            os.rmdir(root)  # _refuse_unsafe_root made sure it is empty; rmdir fails on anything else
            return
        self.versions_dir.mkdir(exist_ok=True)
        name = read_version_info(root).get("version") or "adopted"
        target = self.versions_dir / name
        if target.exists():
            target = self.versions_dir / f"adopted-{datetime.now(timezone.utc):%Y%m%dT%H%M%S.%f}"
        os.rename(root, target)
        _swap_link(root, target)

    def _remove_stale_staging(self) -> None:
        """Staging folders of killed runs (we hold the lock, so none is in use)."""
        for stale in self.versions_dir.glob(".tmp-*"):
            if _is_staging_dir(stale):
                shutil.rmtree(stale, ignore_errors=True)
            elif stale.is_dir() and not stale.is_symlink():
                try:
                    os.rmdir(stale)  # killed between mkdir and the marker; anything else stays
                except OSError:
                    pass

    def _gc(self, keep: Path, previous: Path | None) -> None:
        """Delete every hyokasho version but the new one and the one it replaced (a reader that
        resolved the old link keeps working for one more run). Which version was replaced is
        known, not guessed from times: a version a killed run renamed into place but never
        linked is newer than the one replaced, and is the one to go."""
        keep_names = {keep.name} | ({previous.name} if previous is not None else set())
        for p in self.versions_dir.iterdir():
            if p.name not in keep_names and not p.name.startswith(".") and is_version_dir(p):
                shutil.rmtree(p, ignore_errors=True)


@dataclass
class CommitStats:
    """What a commit did with the part files (for logs, `hyokasho compact` and bench/)."""

    linked: int = 0  # segments carried forward as hard links, untouched
    rewritten: int = 0  # segments rewritten without the documents this run replaced
    merged_in: int = 0  # segments merged away …
    merged_out: int = 0  # … into this many
    segments: int = 0  # segments in the new version
    files: dict[str, int] = field(default_factory=dict)  # part files per table in the new version


@dataclass
class Writer:
    dataset: Dataset
    dir: Path
    vid: str
    settings: LayoutSettings = LAYOUT
    compact: str | None = None  # "small" | "all": merge beyond the automatic policy (`hyokasho compact`)
    _buffer: dict[str, list[dict]] = field(default_factory=dict)
    _buffered: int = 0
    _seq: int = 0
    replaced_docs: set[str] = field(default_factory=set)
    replaced_sources: set[str] = field(default_factory=set)
    history: dict[str, list[dict]] = field(default_factory=dict)  # HISTORY_TABLES rewritten whole
    documents_written: int = 0
    abandoned: bool = False
    committed: bool = False
    stats: CommitStats = field(default_factory=CommitStats)

    def abandon(self) -> None:
        """Nothing to commit: leave the current version as it is (no new version is made)."""
        self.abandoned = True

    def note_written(self, source_file: str, doc_id: str | None) -> None:
        """A document whose segment someone else (a Dask worker) wrote into `self.dir`.

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
        if self._buffered >= self.settings.flush_rows:
            self.flush()

    def add_tables(self, tables: dict[str, pa.Table]) -> None:
        """Stage many documents' rows at once, as Arrow tables in the contract's columns (bulk
        loads, bench/): they replace earlier rows of the same documents, as `add` does."""
        seg = segments.write_segment(self.dir, self._name(""), tables, self.settings)
        if seg is None:
            return
        self.replaced_docs.update(d for d in seg.keys.column("doc_id").to_pylist() if d)
        self.replaced_sources.update(s for s in seg.keys.column("source_file").to_pylist() if s)
        for t in ("documents",):
            if t in tables:
                self.replaced_sources.update(s for s in tables[t].column("source_file").to_pylist() if s)
                self.documents_written += tables[t].num_rows

    def _write(self, table: str, data: pa.Table) -> None:
        # kept for callers written against hyokasho <= 0.2 (bench scripts writing one table at a
        # time): a segment of one table, merged with the run's others at commit
        segments.write_segment(self.dir, self._name(""), {table: data}, self.settings)

    def forget(self, doc_id: str) -> None:
        """Drop a document from the dataset (its rows are not carried over)."""
        self.replaced_docs.add(doc_id)

    def forget_source(self, source_file: str) -> None:
        """Drop the error rows of a path that is gone (an unreadable file has no content to key them)."""
        self.replaced_sources.add(source_file)

    def set_history(self, table: str, rows: list[dict]) -> None:
        """The whole new content of a history table (it replaces the old one at commit)."""
        self.history[table] = rows

    def flush(self) -> None:
        # results stream to disk as segments so memory does not grow with the corpus
        tables = {t: to_table(t, rows) for t, rows in self._buffer.items() if rows}
        if tables:
            segments.write_segment(self.dir, self._name(""), tables, self.settings)
        self._buffer.clear()
        self._buffered = 0

    def _name(self, kind: str) -> str:
        self._seq += 1
        return f"part-{self.vid}-{kind}{self._seq:05d}"

    def _names(self, kind: str) -> Iterator[str]:
        while True:
            yield self._name(kind)

    def _carry_over(self, base: Path | None) -> list[Segment]:
        """The previous version's segments, minus the documents this run replaced.

        The index says which segments hold a replaced document: only those are read, and of
        them only the tables holding it are rewritten; every other file is hard-linked.
        """
        if base is None:
            return []
        docs = pa.array(sorted(self.replaced_docs), pa.string())
        sources = pa.array(sorted(self.replaced_sources), pa.string())
        kept = []
        moved: segments.Segment | None
        for seg in segments.load(base):
            hit = segments.key_match(seg.keys, docs, sources)
            if not pc.any(hit).as_py():
                moved, written = segments.link(seg, self.dir, _link_or_copy)
                self.stats.linked += 1
                self._new.update(written)
            else:
                moved, written = segments.rewrite(
                    seg, hit, docs, sources, self.dir, self._name("r"), self.settings, _link_or_copy
                )
                self.stats.rewritten += 1
                self._new.update(written)
            if moved is not None:
                kept.append(moved)
        return kept

    def _compact(self, run: list[Segment], carried: list[Segment]) -> list[Segment]:
        """Merge segments by the policy of `LayoutSettings` (and `compact`, if asked)."""
        by_name = {s.name: s for s in carried + run}

        def merge(names: list[str]) -> None:
            outs, written = segments.merge([by_name.pop(n) for n in names], self.dir, self._names("m"), self.settings)
            self.stats.merged_in += len(names)
            self.stats.merged_out += len(outs)
            self._new.update(written)
            by_name.update((s.name, s) for s in outs)

        # a run's own rows first, as one whole: the pool's flushes and Dask's chunks then give
        # the same segments
        if len(run) > 1 or any(s.rows > self.settings.segment_rows for s in run):
            merge([s.name for s in run])
        if self.compact:
            group = segments.compact_all(
                {n: s.rows for n, s in by_name.items()}, self.settings, everything=self.compact == "all"
            )
            if group:
                merge(group)
        while group := segments.next_merge({n: s.rows for n, s in by_name.items()}, self.settings):
            merge(group)
        return sorted(by_name.values(), key=lambda s: s.name)

    def _history(self, table: str, base: Path | None) -> tuple[int, int]:
        """A history table (models.schema.HISTORY_TABLES) into the new version: this run's whole
        new content (`set_history`), or the previous version's files hard-linked. (rows, files)"""
        folder = self.dir / table
        if table in self.history:
            rows = self.history[table]
            if not rows:
                return 0, 0
            folder.mkdir(exist_ok=True)
            path = folder / f"history-{self.vid}.parquet"
            pq.write_table(to_table(table, rows), path, compression=self.settings.compression)
            self._new.add(path)
            return len(rows), 1
        old = (
            [p for p in sorted((base / table).glob("*.parquet")) if not p.name.startswith(segments.EMPTY_PREFIX)]
            if base is not None and (base / table).is_dir()
            else []
        )
        n = 0
        for p in old:
            folder.mkdir(exist_ok=True)
            _link_or_copy(p, folder / p.name)
            n += pq.ParquetFile(p).metadata.num_rows
        return n, len(old)

    def _commit(self) -> None:
        self.flush()
        self._new: set[Path] = set()
        run, orphans = segments.load_staged(self.dir)
        for path in orphans:  # a Dask chunk that died half-way: rows no index covers never count
            path.unlink()
        self._new.update(p for s in run for p in [*s.paths(), s.index_file()])
        base = self.dataset.current()
        final = self._compact(run, self._carry_over(base))
        counts = {t: 0 for t in TABLES}
        files = {t: 0 for t in TABLES}
        for table in HISTORY_TABLES:  # not in segments: rewritten whole by a run that sets it, else linked
            counts[table], files[table] = self._history(table, base)
        for seg in final:
            for t, (rows, _size) in seg.stats.items():
                if t in counts:
                    counts[t] += rows
                    files[t] += 1
        for table in TABLES:
            if not files[table]:
                # every table exists, even empty, so SQL over the dataset never fails on a missing glob
                path = self.dir / table / f"{segments.EMPTY_PREFIX}{self.vid}.parquet"
                path.parent.mkdir(exist_ok=True)
                pq.write_table(SCHEMAS[table].empty_table(), path, compression=self.settings.compression)
                self._new.add(path)
        self.stats.segments, self.stats.files = len(final), files
        info = {
            "format": VERSION_FORMAT,
            "written_by": f"hyokasho {__version__}",
            "version": self.vid,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "rows": counts,
            "previous": read_version_info(base).get("version") if base is not None else None,
        }
        (self.dir / VERSION_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1))
        _fsync_new(self.dir, self._new)
        final_dir = self.dataset.versions_dir / self.vid
        os.rename(self.dir, final_dir)
        _swap_link(self.dataset.root, final_dir)
        self.committed = True
        self.dir = final_dir
        self.dataset._gc(
            keep=final_dir, previous=base if base is not None and base.parent == final_dir.parent else None
        )


# ---------------------------------------------------------------- file-system helpers


def _swap_link(link: Path, target: Path) -> None:
    tmp = link.parent / f".{link.name}.link-{os.getpid()}"
    if tmp.is_symlink():
        tmp.unlink()  # ours, left by a killed run with the same pid
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


def _fsync_new(root: Path, new: set[Path]) -> None:
    """Make the new version durable: the files this run wrote, the files of the version folder
    itself (manifest, _version.json), and every folder's entries (the hard links). Files linked
    from the previous version are already on disk: they are not fsynced again."""
    for path in sorted(new):
        if path.exists():
            _fsync_file(path)
    for entry in os.scandir(root):
        if entry.is_file(follow_symlinks=False):
            _fsync_file(Path(entry.path))
    for dirpath, _dirs, _files in os.walk(root):
        _fsync_dir(Path(dirpath))


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _locked(path: Path, wait: float, root: Path) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as e:
        raise DatasetError(
            f"cannot create hyokasho's lock file {path} ({describe(e)}); the lock and the dataset "
            f"versions live beside --out, so {path.parent} must be writable"
        ) from e
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
                        "try again when it has finished, or pass --wait SECONDS"
                    ) from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock, also when the process is killed
