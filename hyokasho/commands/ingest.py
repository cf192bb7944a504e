"""`hyokasho ingest PATH... --out DIR`"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Callable

from hyokasho.commands.settings_option import add_settings_argument, load_settings

NAME = "ingest"
HELP = "Extract PDFs (files or folders, recursively) into the dataset."
EXAMPLES = """\
examples:
  hyokasho ingest data/raw                       # every PDF below data/raw → data/parquet
  hyokasho ingest new/*.pdf --out /srv/pia       # add or replace these documents only
  hyokasho ingest data/raw --force               # extract again even if unchanged
  hyokasho ingest /srv/inbox --jobs 8 --timeout 120 --json-log > run.jsonl
  hyokasho ingest /srv/all --executor dask --scheduler tcp://10.0.0.5:8786
  hyokasho ingest /srv/inbox --sync              # mirror the folder: files deleted from it lose their rows
  hyokasho ingest data/raw --out trial --settings my.toml   # other thresholds (see `hyokasho settings`)
Unchanged files (same sha256, same extractor version) are skipped; renamed or copied files
are recognised by content and not extracted again. An input edited in place loses its old
rows; a new version that reads worse than the one it replaces (failed, partial … vs ok) keeps
the better one visible too (document_paths.kept). Without --sync, a file deleted from the
folder keeps its rows; links leaving the folder are not read unless --follow-links.
exit status: 0 every file ok; 1 some files failed or need OCR (listed at the end), or the
dataset is locked by another run; 2 usage error"""


def _with_path(source: str, message: str) -> str:
    """A message names its file relative to the input folder (`sub/x.pdf: …`); the summary
    line names it as given, so a log says which of two same-named files failed."""
    name, sep, rest = message.partition(": ")
    if sep and name != source and source.endswith(name):
        return f"{source}: {rest}"
    return message


def _budget() -> int:
    from hyokasho.memory import tree_budget_mb

    return tree_budget_mb()


def _positive_int(s: str) -> int:
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return v


def _positive_float(s: str) -> float:
    v = float(s)
    if v <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return v


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="PDF files or folders")
    p.add_argument("--out", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--force", action="store_true", help="re-extract files already in the dataset")
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="re-extract unchanged files whose last run failed (timeouts, crashes, errors)",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another run on the same --out to finish (default: refuse at once)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help=f"worker processes (default: all cores, here {os.cpu_count()})",
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=300.0,
        metavar="SECONDS",
        help="per-file time limit; a file over it becomes an ingest_errors row `timeout` (default 300)",
    )
    p.add_argument(
        "--max-memory",
        type=_positive_int,
        default=None,
        metavar="MB",
        help="resident memory one worker may use with its children (e.g. Tesseract); a file over it "
        "becomes `too_large`. Default: no per-worker ceiling, but the whole run's process tree "
        f"is held under {_budget()} MB here (half the memory, at most 480 MB per core): a file "
        "that would pass it is tried again alone, then `too_large`",
    )
    p.add_argument(
        "--sync",
        action="store_true",
        help="mirror the input folders: files that are gone from them lose their rows (and their "
        "path history says so); a folder that is missing or holds no PDF removes nothing",
    )
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="read files behind symbolic links that point outside the input folder (refused by default)",
    )
    p.add_argument(
        "--executor",
        choices=("process", "dask"),
        default="process",
        help="process: a local pool (default); dask: a dask.distributed cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --executor dask: an existing scheduler (default: start a local cluster). "
        "Workers write Parquet parts next to --out, so it must be on a shared file system",
    )
    p.add_argument(
        "--json-log",
        action="store_true",
        help="one JSON object per file event and a final summary on stdout (for schedulers)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    add_settings_argument(p)


def run(args) -> int:
    from hyokasho.streams import Tolerant

    if args.scheduler and args.executor != "dask":
        print("hyokasho ingest: --scheduler needs --executor dask", file=sys.stderr)
        return 2
    # a reader closing stdout or stderr early (`--json-log | head -1`) must not throw the run away
    saved = sys.stdout, sys.stderr
    out, err = Tolerant(sys.stdout), Tolerant(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        return _run(args)
    finally:
        if out.closed_by_reader:
            print(
                f"hyokasho ingest: stdout was closed by its reader after {out.lines_written} line(s); the run "
                "went on without it (the exit status and the dataset are complete)",
                file=sys.stderr,
                flush=True,
            )
        sys.stdout, sys.stderr = saved


def _run(args) -> int:
    from hyokasho.dataset import DatasetError
    from hyokasho.executors import WorkerStartError
    from hyokasho.ingest import ingest
    from hyokasho.progress import Progress

    settings = load_settings(args, NAME)
    events: Callable[[dict], None] | None = None
    if args.json_log:

        def log_event(e: dict) -> None:
            print(json.dumps(e, ensure_ascii=False, default=str), flush=True)

        events = log_event
    progress = Progress(bar=False if (args.no_progress or not sys.stderr.isatty()) else True, lines=not args.json_log)
    try:
        report = ingest(
            args.paths,
            args.out,
            force=args.force,
            wait=args.wait,
            jobs=args.jobs,
            timeout=args.timeout,
            max_memory=args.max_memory,
            executor=args.executor,
            scheduler=args.scheduler,
            retry_failed=args.retry_failed,
            sync=args.sync,
            follow_links=args.follow_links,
            progress=progress,
            events=events,
            settings=settings,
        )
    except (DatasetError, WorkerStartError) as e:
        print(f"hyokasho ingest: {e}", file=sys.stderr)
        if events:
            events({"event": "summary", "error": str(e), "exit_code": 1})
        return 1
    rate = report.pages / report.seconds if report.seconds else 0.0
    print(
        f"{report.processed} extracted ({report.pages} pages, {rate:.1f} pages/s), {report.unchanged} unchanged, "
        f"{len(report.duplicates)} duplicate/renamed, {len(report.failed)} failed, "
        f"{len(report.needs_ocr)} need OCR, {len(report.not_pdf)} non-PDF skipped → {args.out}"
        f"{'' if report.committed else ' (nothing changed; dataset version kept)'}",
        file=sys.stderr,
    )
    for f, same in report.duplicates:
        print(f"SAME AS   {f} has the same content as {same}; not extracted again", file=sys.stderr)
    for f, why in report.removed:
        print(f"REMOVED   {f}: {why}", file=sys.stderr)
    for f, why in report.refused:
        print(f"REFUSED   {f} {why}", file=sys.stderr)
    for _f, msg in report.kept:
        print(f"KEPT      {msg}", file=sys.stderr)
    for f, msg in report.failed:
        print(f"FAILED    {_with_path(f, msg)}", file=sys.stderr)
    for f, msg in report.needs_ocr:
        print(f"NEEDS OCR {f}: {msg}", file=sys.stderr)
    return report.exit_code
