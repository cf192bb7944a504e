"""Export the dataset for people who do not use DuckDB: Parquet, CSV (Excel-friendly) or JSONL.

An export is a folder: one file per table, `data_dictionary.md` (rendered from models/schema.py)
and `manifest.json` (row counts, dataset version, extractor versions, the sha256 and path of every
source PDF, export time and options, checksums of the written files) so a researcher can cite
exactly what they used. The folder is written beside the target under a temporary name and
renamed into place at the end: a reader never sees half an export, and a failed export leaves
nothing behind.

An export folder is hyokasho's only if its manifest.json says `exported_by: hyokasho …` and it
holds nothing but the files that manifest lists: only such a folder is replaced (--force).
Any other non-empty folder, a folder that contains the dataset or the PDFs it was read from,
a mount point and the current folder are refused with one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from hyokasho import __version__, csv_format
from hyokasho.csv_format import ENCODINGS, REPLACEMENT
from hyokasho.dataset import Dataset, read_version_info
from hyokasho.dictionary import render as render_dictionary
from hyokasho.export_batches import batches, columns
from hyokasho.manifest import MANIFEST_FILE
from hyokasho.os_errors import describe
from hyokasho.parquet_out import RowGroupWriter
from hyokasho.plain import plain
from hyokasho.segments import LAYOUT
from models.schema import SCHEMAS, TABLES

FORMATS = ("parquet", "csv", "jsonl", "xlsx", "sqlite")
# Formats that hold every table in one file, each written by its own module from a stream of
# batches: "module:class" with add(version_dir, table) -> rows, close() -> files, where(table),
# warnings
BUNDLES = {"xlsx": "hyokasho.export_xlsx:XlsxWriter", "sqlite": "hyokasho.export_sqlite:SqliteWriter"}
BATCH_ROWS = 5_000  # rows in memory at a time while a table streams into CSV or JSONL


MANIFEST = "manifest.json"
DICTIONARY = "data_dictionary.md"


class ExportError(Exception):
    """`status`: the exit status — 2 for a usage error or a refused --out, 1 for a write failure."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


@dataclass
class ExportOptions:
    fmt: str = "parquet"
    encoding: str = "utf-8"
    bom: bool = False
    tables: list[str] | None = None
    force: bool = False
    excel: bool = False  # CSV: text Excel would turn into numbers or dates kept as text (csv_format)


@dataclass
class ExportReport:
    out: Path
    manifest: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def export(data_dir: str | Path, out_dir: str | Path, options: ExportOptions) -> ExportReport:
    data = Path(data_dir)
    out = Path(os.path.abspath(out_dir))  # `--out .` is the current folder by name
    # Resolve the dataset link once: a concurrent `hyokasho ingest` swaps the link, and every
    # table of this export must come from the same version.
    version_dir = data.resolve()
    tables = _check(data, version_dir, out, options)
    version = read_version_info(version_dir)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = _fresh_dir(out.parent, f".{out.name}.tmp-")
    except OSError as e:
        raise ExportError(f"cannot write beside {out}: {describe(e)}", status=1) from e
    try:
        return _export(data, version_dir, version, tables, tmp, out, options)
    except OSError as e:
        raise ExportError(f"{describe(e)} (writing the export {out}); nothing was written", status=1) from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _export(
    data: Path,
    version_dir: Path,
    version: dict[str, Any],
    tables: list[str],
    tmp: Path,
    out: Path,
    options: ExportOptions,
) -> ExportReport:
    table_info: dict[str, Any] = {}
    replaced: dict[str, dict[str, Any]] = {}
    bundle_warnings: list[str] = []
    extra_files: dict[str, str] = {}
    if options.fmt in BUNDLES:
        table_info, bundle_warnings, extra_files = _write_bundle(version_dir, tmp, tables, options)
    for table in tables if options.fmt not in BUNDLES else ():
        path, rows, counter = _write(version_dir, tmp, table, options)
        table_info[table] = {"rows": rows, "file": path.name, "sha256": _sha256(path)}
        if counter:
            replaced[table] = {"count": sum(counter.values()), "characters": [ch for ch, _ in counter.most_common(20)]}
    (tmp / DICTIONARY).write_text(render_dictionary(tables), encoding="utf-8")
    warnings = [
        f"{t}: {r['count']} character(s) not representable in {options.encoding} were replaced "
        f"by {REPLACEMENT!r} (e.g. {' '.join(r['characters'][:5])})"
        for t, r in replaced.items()
    ]
    warnings += bundle_warnings
    manifest = _manifest(data, version, version_dir, table_info, replaced, warnings, options)
    if extra_files:
        manifest["files"] = extra_files  # written beside the tables' file, with their sha256
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _fsync_tree(tmp)
    _swap_into_place(tmp, out, options.force)
    return ExportReport(out, manifest, warnings)


# ---------------------------------------------------------------- checks and reading


def _check(data: Path, version_dir: Path, out: Path, options: ExportOptions) -> list[str]:
    if options.fmt not in FORMATS:
        raise ExportError(f"unknown format {options.fmt!r}; choose one of {', '.join(FORMATS)}")
    if options.encoding not in ENCODINGS:
        raise ExportError(f"unknown encoding {options.encoding!r}; choose one of {', '.join(ENCODINGS)}")
    if options.fmt != "csv" and (options.encoding != "utf-8" or options.bom):
        raise ExportError("--encoding and --bom apply to --format csv only (Parquet and JSONL are always UTF-8)")
    if options.bom and options.encoding != "utf-8":
        raise ExportError("--bom is for UTF-8 CSV; cp932 files have no byte-order mark")
    if options.excel and options.fmt != "csv":
        raise ExportError("--excel applies to --format csv only (xlsx keeps codes as text by itself)")
    if not (data / "documents").is_dir():
        raise ExportError(
            f"{data}: no hyokasho dataset here (no documents/ folder); run `hyokasho ingest` first or pass --data DIR"
        )
    tables = list(options.tables or TABLES)
    unknown = [t for t in tables if t not in SCHEMAS]
    if unknown:
        raise ExportError(f"unknown table(s) {', '.join(unknown)}; the tables are: {', '.join(TABLES)}")
    _check_target(data, version_dir, out, options.force)
    return list(dict.fromkeys(tables))


def _check_target(data: Path, version_dir: Path, out: Path, force: bool) -> None:
    """Refuse an --out whose replacement could lose anything that is not an earlier export."""
    real = out.parent.resolve() / out.name
    if out.parent == out:
        raise ExportError(f"{out}: the file-system root cannot be an export folder")
    try:
        cwd = Path.cwd().resolve()
    except OSError:
        cwd = None
    if cwd is not None and (real == cwd or real in cwd.parents):
        raise ExportError(
            f"{out}: is {'the' if real == cwd else 'above the'} current folder; give a new folder "
            "name for --out, e.g. --out export"
        )
    if os.path.ismount(out):
        raise ExportError(
            f"{out}: is a mount point, which cannot be replaced; give a folder inside it, e.g. --out {out / 'export'}"
        )
    target = out.resolve()
    dataset = Dataset(data)
    for inner in (
        version_dir,
        data.parent.resolve() / data.name,
        dataset.versions_dir.parent.resolve() / dataset.versions_dir.name,
    ):
        if _within(inner, target) or _within(inner, real):
            raise ExportError(f"{out}: contains the dataset ({data}); export somewhere else")
    if _within(target, version_dir):
        raise ExportError(f"{out}: is inside the dataset; export somewhere else")
    inside = next((p for p in _input_paths(version_dir) if _within(p, target) or _within(p, real)), None)
    if inside is not None:
        raise ExportError(f"{out}: contains input PDFs of this dataset (e.g. {inside}); export somewhere else")
    if not (out.exists() or out.is_symlink()):
        return
    if not out.is_dir():
        raise ExportError(f"{out}: exists and is not a folder; choose another --out")
    names = sorted(os.listdir(out))
    if not names:
        return
    reason = _not_an_export(out, names)
    if reason:
        raise ExportError(f"{out}: {reason}; it is never replaced — choose another --out")
    if not force:
        raise ExportError(f"{out}: already exists; choose another --out or pass --force to replace it")


def _not_an_export(folder: Path, names: list[str]) -> str | None:
    """Why `folder` is not an earlier export that --force may replace, or None."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if (
        not isinstance(manifest, dict)
        or not str(manifest.get("exported_by", "")).startswith("hyokasho ")
        or not isinstance(manifest.get("tables"), dict)
    ):
        return f"is a folder not written by hyokasho export (no {MANIFEST} with exported_by: hyokasho)"
    written = {MANIFEST, DICTIONARY} | {t.get("file") for t in manifest["tables"].values() if isinstance(t, dict)}
    if isinstance(manifest.get("files"), dict):  # bundles: files beside the tables' file (xlsx, sqlite)
        written |= set(manifest["files"])
    extra = [n for n in names if n not in written or not (folder / n).is_file() or (folder / n).is_symlink()]
    if extra:
        return (
            f"holds files the export did not write ({', '.join(extra[:3])}{', …' if len(extra) > 3 else ''}); "
            "move them away first"
        )
    return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _input_paths(version_dir: Path) -> list[Path]:
    """The absolute paths of the PDFs this dataset was read from (as its manifest recorded them)."""
    manifest = version_dir / MANIFEST_FILE
    if not manifest.is_file():
        return []
    paths = pq.ParquetFile(manifest).read(columns=["path"]).column("path").to_pylist()
    return [Path(os.path.realpath(p)) for p in paths if p and os.path.isabs(p)]


# ---------------------------------------------------------------- writers


def _write_bundle(
    version_dir: Path, folder: Path, tables: list[str], options: ExportOptions
) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    import importlib

    module, name = BUNDLES[options.fmt].split(":")
    writer = getattr(importlib.import_module(module), name)(folder)
    rows = {t: writer.add(version_dir, t) for t in tables}
    files = writer.close()
    digest = _sha256(files[0])
    info = {t: {"rows": n, "file": files[0].name, "sha256": digest, **writer.where(t)} for t, n in rows.items()}
    extra = {f.name: _sha256(f) for f in files[1:]}  # e.g. Datasette's metadata.json beside the database
    return info, list(writer.warnings), extra


def _write(version_dir: Path, folder: Path, table: str, options: ExportOptions) -> tuple[Path, int, Counter]:
    """One table's file, streamed batch by batch from the version's part files: memory holds a
    batch (a row group for Parquet), whatever the table's size. Returns (file, rows, replaced)."""
    fields = columns(version_dir, table)
    stream = batches(version_dir, table, BATCH_ROWS, fields)
    if options.fmt == "parquet":
        path = folder / f"{table}.parquet"
        w = RowGroupWriter(path, fields, LAYOUT.row_group_rows, LAYOUT.compression)
        for batch in stream:
            w.write(batch)
        if not w.close():
            pq.write_table(pa.schema(fields).empty_table(), path, compression=LAYOUT.compression)
        return path, w.rows, Counter()
    counted = _Counted(stream)
    if options.fmt == "jsonl":
        path = folder / f"{table}.jsonl"
        with path.open("w", encoding="utf-8", newline="\n") as out:
            for row in _rows(counted):
                out.write(json.dumps({k: plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
        return path, counted.rows, Counter()
    path = folder / f"{table}.csv"
    text_columns = [pa.types.is_string(f.type) or pa.types.is_large_string(f.type) for f in fields]
    with path.open("wb") as f:
        replaced = csv_format.write(
            f,
            [f.name for f in fields],
            (tuple(r.values()) for r in _rows(counted)),
            encoding=options.encoding,
            bom=options.bom,
            excel=options.excel,
            text_columns=text_columns,
        )
    return path, counted.rows, replaced


class _Counted:
    """Batches passed through, their rows counted."""

    def __init__(self, stream: Iterator[pa.RecordBatch]):
        self.stream, self.rows = stream, 0

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        for batch in self.stream:
            self.rows += batch.num_rows
            yield batch


def _rows(stream: Iterable[pa.RecordBatch]) -> Iterator[dict[str, Any]]:
    for batch in stream:
        yield from batch.to_pylist()


# ---------------------------------------------------------------- manifest and swap


def _manifest(
    data: Path,
    version: dict[str, Any],
    version_dir: Path,
    table_info: dict[str, Any],
    replaced: dict[str, Any],
    warnings: list[str],
    options: ExportOptions,
) -> dict[str, Any]:
    # only the columns the manifest cites are read; one row per document is what it lists
    docs = [
        r
        for b in batches(
            version_dir,
            "documents",
            only=["doc_id", "source_file", "doc_type", "status", "extractor_version", "extraction_settings"],
        )
        for r in b.to_pylist()
    ]
    errors = [
        r
        for b in batches(version_dir, "ingest_errors", only=["source_file", "sha256", "error_code"])
        for r in b.to_pylist()
    ]
    return {
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "exported_by": f"hyokasho {__version__}",
        "format": options.fmt,
        "encoding": ("utf-8-sig" if options.bom else options.encoding) if options.fmt == "csv" else "utf-8",
        "dataset": {"path": str(data), "version": version.get("version"), "created": version.get("created")},
        "extractor_versions": sorted({d["extractor_version"] for d in docs if d["extractor_version"]}),
        # how the rows were made: extractor_version → the settings that differed from the defaults
        "extraction_settings": {
            v: json.loads(x or "{}")
            for v, x in sorted(
                {(d["extractor_version"], d["extraction_settings"]) for d in docs if d["extractor_version"]}
            )
        },
        "tables": table_info,
        "sources": sorted(
            (
                {
                    "sha256": d["doc_id"],
                    "source_file": d["source_file"],
                    "doc_type": d["doc_type"],
                    "status": d["status"],
                    "extractor_version": d["extractor_version"],
                }
                for d in docs
            ),
            key=lambda s: (s["source_file"] or "", s["sha256"]),
        ),
        "failed_sources": sorted(errors, key=lambda e: e["source_file"] or ""),
        "replaced_characters": replaced,
        "warnings": warnings,
    }


def _swap_into_place(tmp: Path, out: Path, force: bool) -> None:
    if out.is_dir() and not out.is_symlink() and not any(out.iterdir()):
        out.rmdir()  # an empty folder the user made for us (rmdir fails if anything appeared)
    if out.exists() or out.is_symlink():
        # _check_target let only an earlier export through, and only with --force; look again,
        # since the folder may have changed since then
        names = sorted(os.listdir(out))
        if not force or _not_an_export(out, names):
            raise ExportError(f"{out}: changed while exporting and is no longer an earlier export; nothing replaced")
        # move the old export aside first, so a crash between the renames never leaves neither
        old = _fresh_dir(out.parent, f".{out.name}.old-")
        os.rename(out, old)  # a folder onto an empty folder: atomic
        os.rename(tmp, out)
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
        return
    os.rename(tmp, out)


def _fresh_dir(parent: Path, prefix: str) -> Path:
    """A new folder that did not exist before (so nothing of anyone else's is ever reused)."""
    while True:
        path = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def _fsync_tree(root: Path) -> None:
    for name in os.listdir(root):
        fd = os.open(root / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
