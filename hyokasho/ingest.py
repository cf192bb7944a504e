"""`hyokasho ingest`: PDFs in, dataset out.

Files are found recursively, extracted one by one (hyokasho.pipeline), and staged into a
new dataset version that replaces the old one atomically when the run ends.
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from hyokasho.dataset import Dataset
from hyokasho.pipeline import EXTRACTOR_VERSION, DocumentResult, error_result, process_file


@dataclass
class IngestReport:
    processed: int = 0
    unchanged: int = 0
    not_pdf: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    needs_ocr: list[tuple[str, str]] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.needs_ocr else 0


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """(pdfs, other files skipped, missing paths). Folders are searched recursively.

    A file named explicitly is taken whatever its extension, so a mislabelled PDF is not
    silently ignored; inside folders only *.pdf are taken and the rest reported.
    """
    pdfs: list[Path] = []
    others: list[Path] = []
    missing: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file():
                    (pdfs if f.suffix.lower() == ".pdf" else others).append(f)
        elif p.exists():
            pdfs.append(p)
        else:
            missing.append(p)
    seen: set[Path] = set()
    unique = [f for f in pdfs if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, others, missing


def sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def ingest(paths: list[str], out: str | Path, *, force: bool = False, wait: float = 0.0,
           log: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> IngestReport:
    report = IngestReport()
    pdfs, others, missing = discover(paths)
    for f in others:
        report.not_pdf.append(str(f))
        log(f"skip {f}: not a PDF file name")
    dataset = Dataset(Path(out))
    with dataset.writer(wait=wait) as writer:
        known = _known_documents(dataset)
        for f in missing:
            r = error_result(str(f), None, "unreadable", f"{f}: no such file or folder")
            writer.add(r.tables, r.source_file, None)
            report.failed.append((str(f), "no such file or folder"))
        total = len(pdfs)
        for i, f in enumerate(pdfs, 1):
            if not force:
                sha = sha256_file(f)
                if sha is not None and known.get(sha) == EXTRACTOR_VERSION:
                    report.unchanged += 1
                    continue
            result = process_file(f)
            writer.add(result.tables, result.source_file, result.doc_id)
            _account(report, result)
            log(f"[{i}/{total}] {_describe(result)}")
    return report


def _known_documents(dataset: Dataset) -> dict[str, str]:
    """doc_id → extractor_version of documents that need no new extraction."""
    docs = dataset.read("documents", columns=["doc_id", "extractor_version", "status"]).to_pylist()
    return {d["doc_id"]: d["extractor_version"] for d in docs if d["status"] in ("ok", "partial", "ocr")}


def _account(report: IngestReport, result: DocumentResult) -> None:
    report.processed += 1
    if result.error is not None:
        report.failed.append((result.source_file, result.error["message"]))
        return
    doc = result.document
    if doc["status"] == "needs_ocr":
        report.needs_ocr.append((result.source_file, "; ".join(doc["warnings"][-1:])))
    elif doc["status"] == "partial":
        report.partial.append(result.source_file)


def _describe(result: DocumentResult) -> str:
    if result.error is not None:
        return f"{result.source_file}: FAILED ({result.error['error_code']}) {result.error['message']}"
    d = result.document
    counts = ", ".join(f"{t} {len(rows)}" for t, rows in result.tables.items() if t != "documents" and rows)
    return f"{result.source_file}: {d['doc_type']} {d['status']} ({d['page_count']} pages{'; ' + counts if counts else ''})"
