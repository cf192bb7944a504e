"""`hyokasho ingest`: PDFs in, dataset out — incremental, parallel, fault-isolated.

1. discover: files and folders (recursively) → candidate paths; non-regular "*.pdf" entries
   (directories, FIFOs, dangling links) are kept so they are reported, not silently dropped.
2. plan (under the dataset lock): the manifest of the current version says which content
   is already ingested by this extractor_version; a stat cache avoids re-hashing unchanged
   files; duplicates and renames are recognised by sha256 and extracted once.
3. execute: an executor (process pool or Dask) extracts the rest in isolated workers;
   results stream into the dataset writer as they complete.
4. commit: the new version (with its manifest) replaces the old one atomically — or, when
   nothing changed, no version is made at all.
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from hyokasho.dataset import Dataset
from hyokasho.executors import IsolatedPool, Outcome, Task
from hyokasho.manifest import DONE, Entry, Manifest, kind_of, sha256_file
from hyokasho.os_errors import cause
from hyokasho import __version__ as EXTRACTOR_VERSION  # = pipeline.EXTRACTOR_VERSION, without importing PyMuPDF
from hyokasho.progress import Progress
from hyokasho.segments import LAYOUT, LayoutSettings
from hyokasho.sidecar import FILE as SOURCE_LIST, SourceLists
from hyokasho.worker import error_tables

if TYPE_CHECKING:
    from extract.settings import ExtractionSettings

Event = dict


@dataclass
class IngestReport:
    processed: int = 0
    unchanged: int = 0
    pages: int = 0
    seconds: float = 0.0
    committed: bool = False
    not_pdf: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    needs_ocr: list[tuple[str, str]] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same content as)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.needs_ocr else 0


@dataclass
class Candidate:
    source: str                     # as given / as found
    path: str                       # absolute
    problem: str | None = None      # why it cannot be read (then no sha)
    st: os.stat_result | None = None
    sha: str | None = None
    replaces: str | None = None     # sha256 this path held before, when its content changed


def discover(paths: Iterable[str | Path]) -> tuple[list[Candidate], list[Path]]:
    """(candidates, other files skipped). Folders are searched recursively.

    A path named explicitly is taken whatever its extension, so a mislabelled PDF is not
    silently ignored; inside folders only *.pdf are taken and the rest reported.
    """
    found: list[Candidate] = []
    others: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir() and p.suffix.lower() != ".pdf":
            for f in sorted(p.rglob("*")):
                if f.suffix.lower() == ".pdf":
                    found.append(_candidate(f))
                elif f.is_file() and f.name != SOURCE_LIST:  # a source list is read, not skipped
                    others.append(f)
        else:
            found.append(_candidate(p))
    seen: set[str] = set()
    return [c for c in found if not (c.path in seen or seen.add(c.path))], others


def _candidate(p: Path) -> Candidate:
    path = os.path.abspath(p)
    try:
        st = os.stat(p)  # follows symlinks: a dangling link fails here, as reading it would
    except FileNotFoundError:
        why = "is a dangling symbolic link" if p.is_symlink() else "no such file or folder"
        return Candidate(str(p), path, why)
    except OSError as e:
        return Candidate(str(p), path, f"cannot be examined ({cause(e)})")
    return Candidate(str(p), path, kind_of(st.st_mode), st)


def ingest(paths: list[str], out: str | Path, *, force: bool = False, wait: float = 0.0,
           jobs: int | None = None, timeout: float = 300.0, max_memory: int = 3072,
           executor: str = "process", scheduler: str | None = None, retry_failed: bool = False,
           progress: Progress | None = None, events: Callable[[Event], None] | None = None,
           log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
           target: str | None = None, settings: ExtractionSettings | None = None,
           layout: LayoutSettings | None = None) -> IngestReport:
    """Ingest `paths` into the dataset at `out`. Never raises for a bad input file.

    `settings` (extract.settings; None = the defaults) go to every worker process (in
    its environment); documents extracted with other settings than the dataset's are
    re-extracted, as after an upgrade (their extractor_version carries the settings' tag).
    `layout`: how the dataset's files are sized and merged (default hyokasho.segments.LAYOUT)."""
    t_start = time.monotonic()
    report = IngestReport()
    emit = events or (lambda e: None)
    progress = progress or Progress(log=log)
    version, settings_json = _version(settings)
    candidates, others = discover(paths)
    for f in others:
        report.not_pdf.append(str(f))
        log(f"skip {f}: not a PDF file name")
    dataset = Dataset(Path(out), layout or LAYOUT)
    with dataset.writer(wait=wait) as writer:
        manifest = Manifest.load(dataset.current(), None if _has_manifest(dataset) else
                                 dataset.read("documents", columns=["doc_id", "source_file", "extractor_version", "status"]))
        lists = SourceLists()
        tasks = _plan(candidates, manifest, writer, report, emit, force, retry_failed, _OcrProbe(),
                      lists, _listed(dataset), version)
        for w in lists.warnings:
            log(f"warning: {w}")
        progress.start(len(tasks))
        by_source = {c.source: c for c in candidates}
        for outcome in _execute(tasks, executor, jobs, timeout, max_memory, scheduler, writer.dir, target,
                                settings_json):
            _apply(outcome, by_source[outcome.task.source], writer, manifest, report, emit, progress, lists,
                   version)
        progress.close()
        if manifest.changed or writer.documents_written:
            manifest.write(writer.dir)
            report.committed = True
        else:
            writer.abandon()  # an unchanged folder makes no new version
    report.seconds = time.monotonic() - t_start
    emit({"event": "summary", "extracted": report.processed, "unchanged": report.unchanged,
          "duplicates": len(report.duplicates), "failed": len(report.failed), "needs_ocr": len(report.needs_ocr),
          "partial": len(report.partial), "not_pdf": len(report.not_pdf), "pages": report.pages,
          "seconds": round(report.seconds, 3), "committed": report.committed, "out": str(out),
          "exit_code": report.exit_code,
          "failures": [{"source_file": f, "message": m} for f, m in report.failed],
          "needs_ocr_files": [f for f, _ in report.needs_ocr]})
    return report


def _has_manifest(dataset: Dataset) -> bool:
    from hyokasho.manifest import MANIFEST_FILE
    cur = dataset.current()
    return cur is not None and (cur / MANIFEST_FILE).exists()


class _OcrProbe:
    """Asked only when a needs_ocr file comes up: probing Tesseract costs a process start."""

    def __init__(self) -> None:
        self._ok: bool | None = None

    def __bool__(self) -> bool:
        if self._ok is None:
            from hyokasho.ocr import tesseract_status
            self._ok = tesseract_status()[0]
        return self._ok


def _listed(dataset: Dataset) -> dict[str, tuple]:
    """doc_id → what the source lists said of it when it was last ingested."""
    t = dataset.read("sources", columns=["doc_id", "municipality_code", "municipality_name", "source_url",
                                         "listed_in"])
    return {r["doc_id"]: (r["municipality_code"], r["municipality_name"], r["source_url"], r["listed_in"])
            for r in t.to_pylist()}


def _plan(candidates: list[Candidate], manifest: Manifest, writer, report: IngestReport,
          emit: Callable[[Event], None], force: bool, retry_failed: bool, ocr_now: _OcrProbe,
          lists: SourceLists | None = None, listed: dict[str, tuple] | None = None,
          version: str = EXTRACTOR_VERSION) -> list[Task]:
    """Decide per file: extract, skip as unchanged, or report as duplicate/unreadable."""
    tasks: list[Task] = []
    first_of_sha: dict[str, str] = {}
    _refs: list[Counter] = []

    def refs() -> Counter:  # how many known paths hold each content; built only if a file changed
        if not _refs:
            _refs.append(Counter(e.sha256 for e in manifest.by_path.values() if e.sha256))
        return _refs[0]

    # paths the manifest already knows go first: they keep their identity, and a new path
    # with the same bytes is the copy or the rename, whatever the alphabetical order
    for c in sorted(candidates, key=lambda c: c.path not in manifest.by_path):
        if c.problem is None:
            try:
                c.sha = manifest.cached_sha(c.path, c.st) or sha256_file(c.path)
            except OSError as e:
                c.problem = f"cannot be read ({cause(e)})"
        if c.problem is not None:
            _unreadable(c, manifest, writer, report, emit, version)
            continue
        sha = c.sha
        if sha in first_of_sha:  # the same bytes twice in this run: extract once
            report.duplicates.append((c.source, first_of_sha[sha]))
            manifest.record(_entry(c, version, "duplicate"))
            emit({"event": "duplicate", "source_file": c.source, "sha256": sha, "same_as": first_of_sha[sha]})
            continue
        first_of_sha[sha] = c.source
        known = manifest.by_sha.get(sha)
        if not force and known is not None and known.extractor_version == version \
                and not _retry(known.outcome, retry_failed, ocr_now) \
                and not _source_changed(c, sha, known, lists, listed):
            prev = manifest.by_path.get(c.path)
            manifest.record(_entry(c, known.extractor_version, known.outcome))
            others = [s for s in manifest.sources_of(sha) if s != c.source] or \
                [s for s in (known.source_file,) if s != c.source]
            if (prev is None or prev.sha256 != sha) and others:  # renamed or copied: same content, new path
                report.duplicates.append((c.source, others[0]))
                emit({"event": "renamed", "source_file": c.source, "sha256": sha, "same_as": others[0]})
            else:
                report.unchanged += 1
                emit({"event": "unchanged", "source_file": c.source, "sha256": sha, "outcome": known.outcome})
            _report_known_failure(c.source, known, report)
            continue
        prev = manifest.by_path.get(c.path)
        if prev is not None and prev.sha256 and prev.sha256 != sha and refs().get(prev.sha256, 0) <= 1:
            c.replaces = prev.sha256  # an edited file: its old version goes once the new one is read
        tasks.append(Task(c.path, c.source, sha))
    return tasks


def _source_changed(c: Candidate, sha: str, known: Entry, lists: SourceLists | None,
                    listed: dict[str, tuple] | None) -> bool:
    """Whether the source list now says something else of an unchanged file: its document is
    read again so that its `sources` row is replaced with the rest of its rows."""
    if lists is None or listed is None or known.outcome not in DONE:
        return False
    src = lists.lookup(c.path)
    now = (src.municipality_code, src.municipality_name, src.source_url, src.listed_in) if src else None
    return now != listed.get(sha)


def _retry(outcome: str, retry_failed: bool, ocr_now: _OcrProbe) -> bool:
    if outcome == "needs_ocr":
        return bool(ocr_now)  # Tesseract was installed since: read the scanned pages now
    if outcome in ("timeout", "too_large", "parser_crash"):
        return retry_failed  # may depend on the limits or the machine, not only on the file
    return retry_failed and outcome not in DONE


def _report_known_failure(source: str, known: Entry, report: IngestReport) -> None:
    # an unchanged broken file is still broken: a scheduler should keep hearing about it
    if known.outcome == "needs_ocr":
        report.needs_ocr.append((source, "unchanged since the last run, still needs OCR"))
    elif known.outcome not in DONE:
        report.failed.append((source, f"{source}: unchanged since the last run, which failed ({known.outcome}); "
                                      "pass --retry-failed to try again"))


def _unreadable(c: Candidate, manifest: Manifest, writer, report: IngestReport, emit,
                version: str = EXTRACTOR_VERSION) -> None:
    message = f"{c.source}: {c.problem}"
    report.failed.append((c.source, message))
    emit({"event": "file", "source_file": c.source, "sha256": None, "status": "failed",
          "error_code": "unreadable", "message": message})
    prev = manifest.by_path.get(c.path)
    if prev is not None and prev.outcome == "unreadable" and prev.sha256 is None:
        return  # already recorded as unreadable: nothing new to write
    writer.add(error_tables(c.source, None, "unreadable", message), c.source, None)
    manifest.record(Entry(c.path, c.source, None, None, None, None, version, "unreadable"))


def _version(settings: ExtractionSettings | None) -> tuple[str, str | None]:
    """(extractor_version the rows will carry, settings JSON for the workers or None)."""
    if settings is None or not settings.changes():
        return EXTRACTOR_VERSION, None
    from hyokasho.pipeline import extractor_version  # PyMuPDF: paid only when settings are given
    return extractor_version(settings), settings.as_json()


def _entry(c: Candidate, version: str | None, outcome: str) -> Entry:
    return Entry(c.path, c.source, c.st.st_size, c.st.st_mtime_ns, c.st.st_ino, c.sha, version, outcome)


def _execute(tasks: list[Task], executor: str, jobs: int | None, timeout: float, max_memory: int,
             scheduler: str | None, staging: Path, target: str | None,
             settings_json: str | None = None) -> Iterator[Outcome]:
    if not tasks:
        return iter(())
    kw: dict = {"target": target} if target else {}
    kw["settings_json"] = settings_json
    if executor == "dask":
        from hyokasho.dask_executor import DaskExecutor
        return DaskExecutor(jobs=jobs, timeout=timeout, max_memory_mb=max_memory, scheduler=scheduler,
                            staging=staging, **kw).run(tasks)
    return IsolatedPool(jobs=jobs, timeout=timeout, max_memory_mb=max_memory, **kw).run(tasks)


def _apply(outcome: Outcome, c: Candidate, writer, manifest: Manifest, report: IngestReport,
           emit: Callable[[Event], None], progress: Progress, lists: SourceLists | None = None,
           version: str = EXTRACTOR_VERSION) -> None:
    r = outcome.reply
    src = lists.lookup(c.path) if lists is not None and r.doc_id and r.tables.get("documents") else None
    extra = {"sources": [src.row(r.doc_id, r.source_file)]} if src else {}
    if outcome.written:
        writer.note_written(r.source_file, r.doc_id)
        if extra:  # the worker wrote the document's rows; the source list is read here
            writer.add(extra, r.source_file, r.doc_id)
    else:
        writer.add({**r.tables, **extra}, r.source_file, r.doc_id)
    report.processed += 1
    report.pages += r.pages
    doc = (r.tables.get("documents") or [None])[0]
    err = (r.tables.get("ingest_errors") or [None])[0]
    if doc is not None and doc["status"] != "failed" and err is None:
        outcome_name = doc["status"]
    else:
        outcome_name = err["error_code"] if err else "failed"
    manifest.record(_entry(c, version, outcome_name))
    if c.replaces and outcome_name in DONE:
        # only when the new bytes were read: a broken re-upload must not lose the good old version
        writer.forget(c.replaces)
        manifest.by_sha.pop(c.replaces, None)
    if err is not None:
        report.failed.append((r.source_file, err["message"]))
    elif doc["status"] == "needs_ocr":
        report.needs_ocr.append((r.source_file, (doc["warnings"] or [""])[-1]))
    elif doc["status"] == "partial":
        report.partial.append(r.source_file)
    event = {"event": "file", "source_file": r.source_file, "sha256": outcome.task.sha256,
             "status": doc["status"] if doc else "failed", "error_code": err["error_code"] if err else None,
             "doc_type": doc["doc_type"] if doc else None, "pages": r.pages, "seconds": round(r.seconds, 3),
             "message": err["message"] if err else None}
    emit(event)
    progress.update(r.pages, _describe(event, r.tables))


def _describe(event: Event, tables: dict) -> str:
    if event["error_code"]:
        return f"{event['source_file']}: FAILED ({event['error_code']}) {event['message']}"
    counts = ", ".join(f"{t} {len(rows)}" for t, rows in tables.items() if t != "documents" and rows)
    return (f"{event['source_file']}: {event['doc_type']} {event['status']} "
            f"({event['pages']} pages{'; ' + counts if counts else ''})")
