"""`hyokasho ingest`: PDFs in, dataset out — incremental, parallel, fault-isolated.

1. discover (hyokasho.discover): files and folders (recursively) → candidate paths, each with
   the name its rows use (relative to its input folder); links leaving a folder are refused.
2. plan (under the dataset lock): the manifest of the current version says which content
   is already ingested by this extractor_version; a stat cache avoids re-hashing unchanged
   files; duplicates and renames are recognised by sha256 and extracted once.
3. execute: an executor (process pool or Dask) extracts the rest in isolated workers;
   results stream into the dataset writer as they complete.
4. reconcile (hyokasho.reconcile): contents no path holds any more lose their rows, renamed
   contents cite their new path, a worse re-upload keeps the better version, and
   `document_paths` records the history; with `sync`, paths gone from an input folder go.
5. commit: the new version (with its manifest) replaces the old one atomically — or, when
   nothing changed, no version is made at all.

Names are kept as the OS gives them (str with surrogates for bytes that are not UTF-8) and
shown escaped (hyokasho.names.display) in rows, events and log lines; their exact bytes go to
the `source_file_bytes` columns.
"""

from __future__ import annotations

import copy
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from hyokasho import __version__ as EXTRACTOR_VERSION  # = pipeline.EXTRACTOR_VERSION, without importing PyMuPDF
from hyokasho.dataset import Dataset
from hyokasho.discover import Candidate, discover
from hyokasho.executors import IsolatedPool, Outcome, Task
from hyokasho.manifest import DONE, Entry, Manifest, sha256_file
from hyokasho.names import display, to_bytes
from hyokasho.os_errors import cause
from hyokasho.progress import Progress
from hyokasho.reconcile import decide, worse_than_before
from hyokasho.segments import LAYOUT, LayoutSettings
from hyokasho.sidecar import SourceLists
from hyokasho.worker import error_tables
from models.schema import DOC_TABLES, HISTORY_TABLES, TABLES

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
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, why): links leaving the input folder
    removed: list[tuple[str, str]] = field(default_factory=list)  # (file, deleted | renamed)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (file, message): worse re-uploads
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    needs_ocr: list[tuple[str, str]] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same content as)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.needs_ocr else 0


def ingest(
    paths: list[str],
    out: str | Path,
    *,
    force: bool = False,
    wait: float = 0.0,
    jobs: int | None = None,
    timeout: float = 300.0,
    max_memory: int | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    retry_failed: bool = False,
    sync: bool = False,
    follow_links: bool = False,
    progress: Progress | None = None,
    events: Callable[[Event], None] | None = None,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
    target: str | None = None,
    settings: ExtractionSettings | None = None,
    layout: LayoutSettings | None = None,
) -> IngestReport:
    """Ingest `paths` into the dataset at `out`. Never raises for a bad input file.

    `max_memory`: resident MB per worker (None: the machine-derived budget of the whole run,
    hyokasho.memory); `sync`: paths gone from the input folders lose their rows;
    `follow_links`: read files behind links that leave an input folder.
    `settings` (extract.settings; None = the defaults) go to every worker process (in
    its environment); documents extracted with other settings than the dataset's are
    re-extracted, as after an upgrade (their extractor_version carries the settings' tag).
    `layout`: how the dataset's files are sized and merged (default hyokasho.segments.LAYOUT)."""
    t_start = time.monotonic()
    report = IngestReport()
    emit = events or (lambda e: None)
    progress = progress or Progress(log=log)
    version, settings_json = _version(settings)
    found = discover(paths, follow_links=follow_links)
    candidates = found.candidates
    for f in found.skipped:
        report.not_pdf.append(f)
        log(f"skip {f}: not a PDF file name")
    for f, why in found.refused:
        report.refused.append((f, why))
        log(f"skip {f}: {why}")
    dataset = Dataset(Path(out), layout or LAYOUT)
    with dataset.writer(wait=wait) as writer:
        manifest = Manifest.load(
            dataset.current(),
            None
            if _has_manifest(dataset)
            else dataset.read("documents", columns=["doc_id", "source_file", "extractor_version", "status"]),
        )
        before = copy.deepcopy(manifest)
        row_sources = _row_sources(dataset)
        lists = SourceLists()
        tasks = _plan(
            candidates,
            manifest,
            writer,
            report,
            emit,
            force,
            retry_failed,
            _OcrProbe(),
            lists,
            _listed(dataset),
            version,
        )
        for w in lists.warnings:
            log(f"warning: {w}")
        progress.start(len(tasks))
        by_path = {c.path: c for c in candidates}
        for outcome in _execute(
            tasks, executor, jobs, timeout, max_memory, scheduler, writer.dir, target, settings_json
        ):
            c = by_path[outcome.task.path]
            _apply(outcome, c, writer, manifest, before, report, emit, progress, lists, version)
            if c.sha:  # every task is a readable file whose sha is known
                row_sources[c.sha] = display(c.source)
        progress.close()
        _reconcile(
            dataset, before, manifest, candidates, found.folders if sync else [], row_sources, writer, report, log
        )
        if manifest.changed or writer.documents_written or writer.history or writer.replaced_docs:
            manifest.write(writer.dir)
            report.committed = True
        else:
            writer.abandon()  # an unchanged folder makes no new version
    report.seconds = time.monotonic() - t_start
    emit(
        {
            "event": "summary",
            "extracted": report.processed,
            "unchanged": report.unchanged,
            "duplicates": len(report.duplicates),
            "failed": len(report.failed),
            "needs_ocr": len(report.needs_ocr),
            "partial": len(report.partial),
            "not_pdf": len(report.not_pdf),
            "pages": report.pages,
            "seconds": round(report.seconds, 3),
            "committed": report.committed,
            "out": str(out),
            "exit_code": report.exit_code,
            "refused_links": len(report.refused),
            "removed": len(report.removed),
            "kept_better_versions": len(report.kept),
            "failures": [{"source_file": f, "message": m} for f, m in report.failed],
            "needs_ocr_files": [f for f, _ in report.needs_ocr],
        }
    )
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


def _row_sources(dataset: Dataset) -> dict[str, str]:
    """Content → the path its rows cite now (documents, else ingest_errors)."""
    out = {
        r["sha256"]: r["source_file"]
        for r in dataset.read("ingest_errors", columns=["sha256", "source_file"]).to_pylist()
        if r["sha256"]
    }
    out.update(
        (r["doc_id"], r["source_file"])
        for r in dataset.read("documents", columns=["doc_id", "source_file"]).to_pylist()
    )
    return out


def _reconcile(
    dataset: Dataset,
    before: Manifest,
    after: Manifest,
    candidates: list[Candidate],
    folders: list[str],
    row_sources: dict[str, str],
    writer,
    report: IngestReport,
    log: Callable[[str], None],
) -> None:
    """Apply hyokasho.reconcile's decisions to the writer and the manifest."""
    seen = {c.path for c in candidates}
    missing = [f for f in folders if not any(c.path.startswith(f.rstrip(os.sep) + os.sep) for c in candidates)]
    for f in missing:  # an unmounted share, an emptied folder: never read as "every file deleted"
        if any(p.startswith(f.rstrip(os.sep) + os.sep) for p in before.by_path):
            log(
                f"warning: {display(f)} holds no PDF now; --sync does not remove its earlier files' rows "
                "(an unmounted share?)"
            )
    folders = [f for f in folders if f not in missing]
    history = dataset.read("document_paths").to_pylist()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    d = decide(before, after, seen, folders, row_sources, history, now)
    for p, why in sorted(d.gone.items(), key=lambda kv: to_bytes(kv[0])):
        report.removed.append((display(before.by_path[p].source_file), why))
        if why == "deleted":
            log(f"removed {display(before.by_path[p].source_file)}: no longer in its input folder (--sync)")
    for sha in d.forget:
        writer.forget(sha)
    for src in d.forget_sources:
        writer.forget_source(src)
    if d.renames:
        _move_rows(
            dataset,
            writer,
            {sha: (holder.source_file, old_label, holder.label) for sha, (holder, old_label) in d.renames.items()},
        )
    if d.history is not None:
        writer.set_history("document_paths", d.history)
    if d.gone or d.forget or d.renames or after.kept != before.kept:
        after.changed = True


def _move_rows(dataset: Dataset, writer, moves: dict[str, tuple[str, str | None, str | None]]) -> None:
    """Contents whose rows cite another path now (sha → (path, old label, new label)): their
    rows are read back and staged again, citing the new path, so they replace the old ones.
    Warnings and messages that began with the old label begin with the new one, as a fresh
    ingest of the renamed file would write them. Only rows carried from the previous version
    move: a content read in this run cites a path it was read from, which is still there."""
    ids = pa.array(sorted(moves), pa.string())
    staged: dict[str, dict[str, list[dict]]] = {sha: {} for sha in moves}
    for table in TABLES:
        if table in HISTORY_TABLES:
            continue
        key = "doc_id" if table in DOC_TABLES else "sha256"
        data = dataset.read(table)
        if key not in data.column_names or not data.num_rows:
            continue
        for row in data.filter(pc.fill_null(pc.is_in(data.column(key), value_set=ids), False)).to_pylist():
            source, old_label, new_label = moves[row[key]]
            if "source_file" in row:
                row["source_file"] = display(source)
            if "source_file_bytes" in row:
                row["source_file_bytes"] = to_bytes(source)
            if old_label and new_label and old_label != new_label:
                for col in ("warnings", "message"):
                    if isinstance(row.get(col), list):
                        row[col] = [_relabelled(w, old_label, new_label) for w in row[col]]
                    elif isinstance(row.get(col), str):
                        row[col] = _relabelled(row[col], old_label, new_label)
            staged[row[key]].setdefault(table, []).append(row)
    for sha, tables in staged.items():
        if tables:
            writer.add(tables, display(moves[sha][0]), sha)


def _relabelled(text: str, old: str, new: str) -> str:
    # warnings and messages name their file first: "<label>: …"
    return new + text[len(old) :] if text.startswith(old + ":") else text


def _listed(dataset: Dataset) -> dict[str, tuple]:
    """doc_id → what the source lists said of it when it was last ingested."""
    t = dataset.read("sources", columns=["doc_id", "municipality_code", "municipality_name", "source_url", "listed_in"])
    return {
        r["doc_id"]: (r["municipality_code"], r["municipality_name"], r["source_url"], r["listed_in"])
        for r in t.to_pylist()
    }


def _plan(
    candidates: list[Candidate],
    manifest: Manifest,
    writer,
    report: IngestReport,
    emit: Callable[[Event], None],
    force: bool,
    retry_failed: bool,
    ocr_now: _OcrProbe,
    lists: SourceLists | None = None,
    listed: dict[str, tuple] | None = None,
    version: str = EXTRACTOR_VERSION,
) -> list[Task]:
    """Decide per file: extract, skip as unchanged, or report as duplicate/unreadable."""
    tasks: list[Task] = []
    first_of_sha: dict[str, str] = {}

    # paths the manifest already knows go first: they keep their identity, and a new path
    # with the same bytes is the copy or the rename, whatever the order of the names; new paths
    # in the order of their bytes, so of several with the same new bytes the first is extracted
    for c in sorted(candidates, key=lambda c: (c.path not in manifest.by_path, to_bytes(c.path))):
        if c.problem is None:
            try:
                c.sha = (manifest.cached_sha(c.path, c.st) if c.st is not None else None) or sha256_file(c.path)
            except OSError as e:
                c.problem = f"cannot be read ({cause(e)})"
        if c.problem is not None:
            _unreadable(c, manifest, writer, report, emit, version)
            continue
        sha = c.sha
        assert sha is not None  # set just above for every readable file
        shown = display(c.source)
        if sha in first_of_sha:  # the same bytes twice in this run: extract once
            report.duplicates.append((shown, first_of_sha[sha]))
            manifest.record(_entry(c, version, "duplicate"))
            emit({"event": "duplicate", "source_file": shown, "sha256": sha, "same_as": first_of_sha[sha]})
            continue
        first_of_sha[sha] = shown
        known = manifest.by_sha.get(sha)
        if (
            not force
            and known is not None
            and known.extractor_version == version
            and not _retry(known.outcome, retry_failed, ocr_now)
            and not _source_changed(c, sha, known, lists, listed)
        ):
            prev = manifest.by_path.get(c.path)
            manifest.record(_entry(c, known.extractor_version, known.outcome))
            others = [display(s) for s in manifest.sources_of(sha) if s != c.source] or [
                display(s) for s in (known.source_file,) if s != c.source
            ]
            if (prev is None or prev.sha256 != sha) and others:  # renamed or copied: same content, new path
                report.duplicates.append((shown, others[0]))
                emit({"event": "renamed", "source_file": shown, "sha256": sha, "same_as": others[0]})
            else:
                report.unchanged += 1
                emit({"event": "unchanged", "source_file": shown, "sha256": sha, "outcome": known.outcome})
            _report_known_failure(shown, known, report)
            continue
        tasks.append(Task(c.path, shown, sha, c.label, to_bytes(c.source)))
    return tasks


def _source_changed(
    c: Candidate, sha: str, known: Entry, lists: SourceLists | None, listed: dict[str, tuple] | None
) -> bool:
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
    if outcome == "worker_killed":
        return True  # killed from outside: says nothing about the file, so it is read again
    if outcome in ("timeout", "too_large", "parser_crash"):
        return retry_failed  # may depend on the limits or the machine, not only on the file
    return retry_failed and outcome not in DONE


def _report_known_failure(source: str, known: Entry, report: IngestReport) -> None:
    # an unchanged broken file is still broken: a scheduler should keep hearing about it
    if known.outcome == "needs_ocr":
        report.needs_ocr.append((source, "unchanged since the last run, still needs OCR"))
    elif known.outcome not in DONE:
        report.failed.append(
            (
                source,
                f"{source}: unchanged since the last run, which failed ({known.outcome}); "
                "pass --retry-failed to try again",
            )
        )


def _unreadable(
    c: Candidate, manifest: Manifest, writer, report: IngestReport, emit, version: str = EXTRACTOR_VERSION
) -> None:
    shown = display(c.source)
    message = f"{c.label}: {c.problem}"
    report.failed.append((shown, message))
    emit(
        {
            "event": "file",
            "source_file": shown,
            "sha256": None,
            "status": "failed",
            "error_code": "unreadable",
            "message": message,
        }
    )
    prev = manifest.by_path.get(c.path)
    if prev is not None and prev.outcome == "unreadable" and prev.sha256 is None:
        return  # already recorded as unreadable: nothing new to write
    writer.add(error_tables(shown, None, "unreadable", message, to_bytes(c.source)), shown, None)
    manifest.record(Entry(c.path, c.source, None, None, None, None, version, "unreadable", c.label))


def _version(settings: ExtractionSettings | None) -> tuple[str, str | None]:
    """(extractor_version the rows will carry, settings JSON for the workers or None)."""
    if settings is None or not settings.changes():
        return EXTRACTOR_VERSION, None
    from hyokasho.pipeline import extractor_version  # PyMuPDF: paid only when settings are given

    return extractor_version(settings), settings.as_json()


def _entry(c: Candidate, version: str | None, outcome: str, label: str | None = None) -> Entry:
    st = c.st
    size, mtime, inode = (st.st_size, st.st_mtime_ns, st.st_ino) if st is not None else (None, None, None)
    return Entry(c.path, c.source, size, mtime, inode, c.sha, version, outcome, label or c.label)


def _execute(
    tasks: list[Task],
    executor: str,
    jobs: int | None,
    timeout: float,
    max_memory: int | None,
    scheduler: str | None,
    staging: Path,
    target: str | None,
    settings_json: str | None = None,
) -> Iterator[Outcome]:
    if not tasks:
        return iter(())
    kw: dict = {"target": target} if target else {}
    kw["settings_json"] = settings_json
    if executor == "dask":
        from hyokasho.dask_executor import DaskExecutor

        return DaskExecutor(
            jobs=jobs, timeout=timeout, max_memory_mb=max_memory, scheduler=scheduler, staging=staging, **kw
        ).run(tasks)
    return IsolatedPool(jobs=jobs, timeout=timeout, max_memory_mb=max_memory, **kw).run(tasks)


def _apply(
    outcome: Outcome,
    c: Candidate,
    writer,
    manifest: Manifest,
    before: Manifest,
    report: IngestReport,
    emit: Callable[[Event], None],
    progress: Progress,
    lists: SourceLists | None = None,
    version: str = EXTRACTOR_VERSION,
) -> None:
    r = outcome.reply
    _warn_if_worse(c, r.tables, before, report)
    src = lists.lookup(c.path) if lists is not None and r.doc_id and r.tables.get("documents") else None
    extra = {"sources": [src.row(r.doc_id, r.source_file)]} if src and r.doc_id else {}
    if outcome.written:
        writer.note_written(r.source_file, r.doc_id)
        if extra:  # the worker wrote the document's rows; the source list is read here
            writer.add(extra, r.source_file, r.doc_id)
    else:
        writer.add({**r.tables, **extra}, r.source_file, r.doc_id)
    report.processed += 1
    report.pages += r.pages
    doc = next(iter(r.tables.get("documents") or []), None)
    err = next(iter(r.tables.get("ingest_errors") or []), None)
    if doc is not None and doc["status"] != "failed" and err is None:
        outcome_name = doc["status"]
    else:
        outcome_name = err["error_code"] if err else "failed"
    manifest.record(_entry(c, version, outcome_name))
    if err is not None:
        report.failed.append((r.source_file, err["message"]))
    elif doc is not None and doc["status"] == "needs_ocr":
        report.needs_ocr.append((r.source_file, (doc["warnings"] or [""])[-1]))
    elif doc is not None and doc["status"] == "partial":
        report.partial.append(r.source_file)
    event = {
        "event": "file",
        "source_file": r.source_file,
        "sha256": outcome.task.sha256,
        "status": doc["status"] if doc else "failed",
        "error_code": err["error_code"] if err else None,
        "doc_type": doc["doc_type"] if doc else None,
        "pages": r.pages,
        "seconds": round(r.seconds, 3),
        "message": err["message"] if err else None,
    }
    emit(event)
    progress.update(r.pages, _describe(event, r.tables))


def _warn_if_worse(c: Candidate, tables: dict, before: Manifest, report: IngestReport) -> None:
    """The replacement rule (hyokasho.reconcile): a worse new version says that the better one
    is kept, on its own row, before it is written."""
    doc = next(iter(tables.get("documents") or []), None)
    err = next(iter(tables.get("ingest_errors") or []), None)
    outcome = err["error_code"] if err is not None else (doc["status"] if doc else "failed")
    better = worse_than_before(c.path, outcome, before)
    if better is None or better.sha256 == c.sha:
        return
    kept_id = (better.sha256 or "")[:12]
    note = (
        f"{c.label}: this version reads worse ({outcome}) than the version it replaces "
        f"(doc_id {kept_id}…, {better.outcome}), which is kept: both are in the dataset "
        "(document_paths.kept)"
    )
    if err is not None:
        err["message"] += f"; the earlier version (doc_id {kept_id}…, {better.outcome}) is kept"
    if doc is not None:
        doc["warnings"] = list(doc["warnings"] or []) + [note]
    report.kept.append((display(c.source), note))


def _describe(event: Event, tables: dict) -> str:
    if event["error_code"]:
        return f"{event['source_file']}: FAILED ({event['error_code']}) {event['message']}"
    counts = ", ".join(f"{t} {len(rows)}" for t, rows in tables.items() if t != "documents" and rows)
    return (
        f"{event['source_file']}: {event['doc_type']} {event['status']} "
        f"({event['pages']} pages{'; ' + counts if counts else ''})"
    )
