"""The isolated extraction worker: a child process that extracts one file at a time.

Why a plain subprocess (`python -m hyokasho.worker`) and not multiprocessing: the parent
must be able to kill a stuck or bloated worker at any moment and start another without
breaking a pool, and the same worker must be startable from inside a Dask worker (a
daemonic process, which multiprocessing forbids to have children).

Protocol over the worker's stdin/stdout: length-prefixed pickles. Request
`(path, source, label, source_bytes)`, reply `WorkerReply`. The real stdout is moved to stderr first,
so a library that prints cannot corrupt the protocol.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import pickle
import resource
import signal
import struct
import sys
import time
from dataclasses import dataclass
from typing import IO, Any, cast

_HEADER = struct.Struct("!Q")
DEFAULT_TARGET = "hyokasho.worker:extract"


@dataclass
class WorkerReply:
    source_file: str
    doc_id: str | None
    tables: dict[str, list[dict[str, Any]]]
    pages: int
    seconds: float


def send(stream: IO[bytes], obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def recv(stream: IO[bytes]) -> object:
    head = _read_exact(stream, _HEADER.size)
    (n,) = _HEADER.unpack(head)
    return pickle.loads(_read_exact(stream, n))


def _read_exact(stream: IO[bytes], n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            raise EOFError("worker pipe closed")
        buf += chunk
    return bytes(buf)


def error_tables(
    source: str, sha256: str | None, code: str, message: str, source_bytes: bytes | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The one ingest_errors row of a file that produced nothing else.

    Same row as hyokasho.pipeline.error_result, without importing the PDF stack: the ingest
    parent reports unreadable files and dead workers without paying for PyMuPDF.
    """
    from datetime import datetime, timezone

    at = datetime.now(timezone.utc).replace(microsecond=0)
    return {
        "ingest_errors": [
            {
                "source_file": source,
                "sha256": sha256,
                "error_code": code,
                "message": message,
                "at": at,
                "source_file_bytes": source_bytes,
            }
        ]
    }


def stamp_source(tables: dict[str, list[dict[str, Any]]], source: str, source_bytes: bytes | None) -> None:
    """The file's name as the user gave it, shown and as bytes, on its documents/error rows."""
    for table in ("documents", "ingest_errors"):
        for row in tables.get(table, []):
            row["source_file"] = source
            row["source_file_bytes"] = source_bytes


# ---------------------------------------------------------------- the default target

_OCR: Any = None
_SETTINGS: Any = None
SETTINGS_ENV = "HYOKASHO_EXTRACTION_SETTINGS"  # JSON of ExtractionSettings.changes(), set by ingest


def extract(path: str, source: str, label: str | None = None) -> Any:
    """Default target: hyokasho.pipeline.process_file with OCR when Tesseract is present.

    `label` names the file in warnings and messages (relative to the input folder, so identical
    inputs give identical rows wherever they lie); `source` is its source_file."""
    global _OCR, _SETTINGS
    from extract.settings import ExtractionSettings
    from hyokasho.ocr import make_ocr
    from hyokasho.pipeline import process_file

    if _OCR is None:
        _OCR = make_ocr() or False  # probed once per worker: `tesseract --list-langs` costs a process
    if _SETTINGS is None:
        _SETTINGS = ExtractionSettings.from_json(os.environ.get(SETTINGS_ENV) or "{}", SETTINGS_ENV)
    result = process_file(path, ocr=_OCR or None, name=label or source, settings=_SETTINGS)
    result.source_file = source
    for rows in result.tables.values():
        for row in rows:
            if "source_file" in row:
                row["source_file"] = source
    return result


def _warm_up() -> None:
    global _OCR
    import hyokasho.pipeline  # noqa: F401 — PyMuPDF and the classifier: seconds on a busy machine
    from hyokasho.ocr import make_ocr

    if _OCR is None:
        _OCR = make_ocr() or False


_MEMORY_WORDS = ("malloc", "out of memory", "memoryerror", "cannot allocate")


def _reclassify(tables: dict[str, list[dict[str, Any]]]) -> None:
    """MuPDF reports an allocation refused by RLIMIT_AS as a parse error; call it what it is."""
    for row in tables.get("ingest_errors", []):
        if row["error_code"] in ("parser_crash", "truncated", "extractor_error") and any(
            w in row["message"].lower() for w in _MEMORY_WORDS
        ):
            row["error_code"] = "too_large"
            row["message"] += " — the file needs more memory than a worker may use (see --max-memory)"


def _die_with_parent() -> None:
    # a SIGKILLed ingest cannot stop its workers; the kernel does it for us (Linux only)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main() -> int:
    # run as `python -m hyokasho.worker` this module is __main__; replies must pickle as
    # hyokasho.worker.WorkerReply so the parent can load them
    from hyokasho.worker import WorkerReply as Reply

    target = os.environ.get("HYOKASHO_WORKER_TARGET", DEFAULT_TARGET)
    limit_mb = int(os.environ.get("HYOKASHO_WORKER_MAX_MB", "0") or 0)
    _die_with_parent()
    proto_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by a library goes to stderr, not into the protocol
    sys.stdout = sys.stderr
    proto_in = sys.stdin.buffer
    module, func_name = target.split(":")
    func = getattr(importlib.import_module(module), func_name)
    # imports and the Tesseract probe happen before "ready", not on a file's clock; on the
    # hyokasho.worker module (this file runs as __main__, a separate copy of its globals)
    importlib.import_module("hyokasho.worker")._warm_up()
    if limit_mb > 0:
        # set after imports: the ceiling is for the file being extracted, and the address space
        # of the loaded libraries is counted in it (see --max-memory's help)
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, hard))
    send(proto_out, "ready")
    while True:
        try:
            path, source, label, source_bytes = cast("tuple[str, str, str | None, bytes | None]", recv(proto_in))
        except EOFError:
            return 0
        t0 = time.perf_counter()
        name = label or source
        try:
            result = func(path, source, label)
            source_file, doc_id, tables = result.source_file, result.doc_id, result.tables
        except MemoryError:
            source_file, doc_id = source, None
            tables = error_tables(
                source, None, "too_large", f"{name}: extraction ran out of memory (address-space ceiling {limit_mb} MB)"
            )
        except BaseException as e:  # noqa: BLE001 — the worker must answer, whatever happened
            source_file, doc_id = source, None
            tables = error_tables(source, None, "parser_crash", f"{name}: extraction crashed ({type(e).__name__}: {e})")
        stamp_source(tables, source, source_bytes)
        _reclassify(tables)
        doc = (tables.get("documents") or [None])[0]
        pages = int(doc["page_count"] or 0) if doc else 0
        send(proto_out, Reply(source_file, doc_id, tables, pages, time.perf_counter() - t0))


if __name__ == "__main__":
    sys.exit(main())
