"""One PDF in, one DocumentResult out: the rows it contributes to every table.

This is the only place that knows which extractor handles which document type. It never
raises for bad input: a file that cannot be read becomes an ingest_errors row, so a batch
can always go on.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from extract.classify import classify
from extract.pdf import Document, PdfError, gc_paused, read_pdf_bytes
from extract.provenance import is_synthetic
from extract.result import Extraction
from extract.settings import DEFAULT, ExtractionSettings, using
from extract.settings_context import current
from extract.text_layer import assess_text_layer
from hyokasho import __version__
from models.schema import validate_rows

EXTRACTOR_VERSION = __version__


def extractor_version(settings: ExtractionSettings = DEFAULT) -> str:
    """What `documents.extractor_version` says: the package version, plus a fingerprint of
    the settings when they are not the defaults (`0.3.0+s.1a2b3c4d`), so a dataset made with
    other thresholds is never mistaken for (or kept instead of) a default extraction."""
    tag = settings.tag()
    return f"{EXTRACTOR_VERSION}+s.{tag}" if tag else EXTRACTOR_VERSION


# doc_type → "module:function". Imported on first use so that one broken extractor does
# not stop the others, and `inspect` on a minutes PDF does not load the form parser.
EXTRACTORS: dict[str, str] = {
    "kiso": "extract.assessment:extract_assessment",
    "juten": "extract.assessment:extract_assessment",
    "zenkomoku": "extract.assessment:extract_assessment",
    "minutes": "extract.minutes:extract_minutes",
    "public_comment": "extract.public_comment:extract_public_comment",
}


@dataclass
class DocumentResult:
    source_file: str
    doc_id: str | None
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def document(self) -> dict[str, Any] | None:
        rows = self.tables.get("documents")
        return rows[0] if rows else None

    @property
    def error(self) -> dict[str, Any] | None:
        rows = self.tables.get("ingest_errors")
        return rows[0] if rows else None

    @property
    def ok(self) -> bool:
        doc = self.document
        return self.error is None and doc is not None and doc["status"] in ("ok", "partial", "ocr")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _load(spec: str) -> Callable[[Document], Extraction]:
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def error_result(source_file: str, sha256: str | None, code: str, message: str) -> DocumentResult:
    row = {
        "source_file": source_file,
        "sha256": sha256,
        "error_code": code,
        "message": message,
        "at": _now(),
        "source_file_bytes": os.fsencode(source_file),
    }  # ingest stamps the name's exact bytes
    return DocumentResult(source_file, None, {"ingest_errors": [row]})


def process_file(
    path: str | Path,
    *,
    ocr: Callable[[bytes, str], Document] | None = None,
    name: str | None = None,
    settings: ExtractionSettings = DEFAULT,
) -> DocumentResult:
    """Extract one file. `ocr`, when given, turns the bytes into an OCR'd Document; `name` is how
    warnings and messages name the file (default: the path)."""
    source = name or str(path)
    try:
        data = Path(path).read_bytes()
    except PermissionError as e:
        return error_result(source, None, "unreadable", f"{source}: permission denied ({e.strerror})")
    except OSError as e:
        return error_result(source, None, "unreadable", f"{source}: cannot read file ({e.strerror or e})")
    return process_bytes(data, source, ocr=ocr, settings=settings)


def process_bytes(
    data: bytes,
    source: str,
    *,
    ocr: Callable[[bytes, str], Document] | None = None,
    settings: ExtractionSettings = DEFAULT,
) -> DocumentResult:
    # One pause of the cyclic garbage collector over reading and extraction: the pages'
    # characters (tens of thousands of tuples, no cycles) are freed by reference counting
    # before it resumes, so it never traverses them (see extract.pdf.gc_paused).
    with gc_paused(), using(settings):
        return _process_bytes(data, source, ocr)


def _process_bytes(data: bytes, source: str, ocr: Callable[[bytes, str], Document] | None) -> DocumentResult:
    doc_id = hashlib.sha256(data).hexdigest()
    try:
        doc = read_pdf_bytes(data, source)
    except PdfError as e:
        return error_result(source, doc_id if data else None, e.code, str(e))

    synthetic = is_synthetic(doc.metadata)  # read before OCR replaces the document
    health = assess_text_layer(doc)
    text_source = "text_layer"
    # a repaired file that was found whole says so (extract.pdf._repair_warnings)
    warnings: list[str] = list(doc.metadata.get("read_warnings", [])) + list(health.warnings)
    if health.needs_ocr:
        if ocr is None:
            return _document_only(
                doc,
                doc_id,
                data,
                "needs_ocr",
                "text_layer",
                warnings
                + [
                    f"{source}: no usable text layer on {health.describe()}; OCR is needed "
                    "(install tesseract-ocr and tesseract-ocr-jpn, then ingest again)"
                ],
                synthetic=synthetic,
            )
        try:
            doc = ocr(data, source)
            text_source = "ocr"
            warnings += doc.metadata.get("ocr_warnings", [])  # e.g. what the glyph map learned
        except Exception as e:  # OCR failing must not lose the document row
            return _document_only(
                doc,
                doc_id,
                data,
                "needs_ocr",
                "text_layer",
                warnings + [f"{source}: OCR failed ({type(e).__name__}: {e})"],
                synthetic=synthetic,
            )

    doc_type, form_label = classify(doc)
    extraction = Extraction(doc_type=doc_type, form_label=form_label)
    if doc_type in EXTRACTORS:
        try:
            extraction = _load(EXTRACTORS[doc_type])(doc)
            extraction.form_label = extraction.form_label or form_label
        except Exception as e:
            tb = traceback.extract_tb(e.__traceback__)[-1]
            message = (
                f"{source}: the {doc_type} extractor failed: {type(e).__name__}: {e} "
                f"(at {Path(tb.filename).name}:{tb.lineno})"
            )
            result = _document_only(
                doc, doc_id, data, "failed", text_source, warnings + [message], doc_type, synthetic=synthetic
            )
            result.tables["ingest_errors"] = [
                {
                    "source_file": source,
                    "sha256": doc_id,
                    "error_code": "extractor_error",
                    "message": message,
                    "at": _now(),
                }
            ]
            return result
    else:
        extraction.status = "partial"
        extraction.warn(f"{source}: document type not recognised (not an assessment, minutes or public-comment result)")

    status = extraction.status
    if text_source == "ocr" and status == "ok":
        # `ocr`: complete, but read by OCR (review it); an OCR'd document that yields nothing
        # recognisable stays `partial` — text_source says it was OCR'd, so both stay visible
        status = "ocr"
    result = _document_only(
        doc,
        doc_id,
        data,
        status,
        text_source,
        warnings + extraction.warnings,
        extraction.doc_type,
        extraction.form_label,
        extraction.title,
        synthetic,
    )
    for table, rows in extraction.tables.items():
        validate_rows(table, rows, complete=True, supplied=("doc_id",))
        result.tables[table] = [{"doc_id": doc_id, **row} for row in rows]
    return result


def _document_only(
    doc: Document,
    doc_id: str,
    data: bytes,
    status: str,
    text_source: str,
    warnings: list[str],
    doc_type: str = "unknown",
    form_label: str | None = None,
    title: str | None = None,
    synthetic: bool = False,
) -> DocumentResult:
    row = {
        "doc_id": doc_id,
        "source_file": doc.path,
        "file_size": len(data),
        "page_count": doc.page_count,
        "doc_type": doc_type,
        "form_label": form_label,
        "status": status,
        "text_source": text_source,
        "extractor_version": extractor_version(current()),
        "extraction_settings": current().as_json(),
        "ingested_at": _now(),
        "warnings": warnings,
        "title": title,
        "synthetic": synthetic,
        "source_file_bytes": os.fsencode(doc.path),  # ingest stamps the exact bytes
    }
    return DocumentResult(doc.path, doc_id, {"documents": [row]})
