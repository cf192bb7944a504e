"""`hyokasho export --out DIR [--format parquet|csv|jsonl]`"""

from __future__ import annotations

import sys

NAME = "export"
HELP = "Copy the dataset to Parquet, CSV (Excel) or JSONL files, with a data dictionary and a citable manifest."
EXAMPLES = """\
examples:
  hyokasho export --out export/                          # Parquet, one file per table
  hyokasho export --out export-csv --format csv --bom    # UTF-8 CSV that Excel opens correctly
  hyokasho export --out export-xl --format csv --excel   # … and keeps codes such as 011002 as text
  hyokasho export --out export-sjis --format csv --encoding cp932   # for older Excel (Shift_JIS)
  hyokasho export --out ent --format jsonl --tables assessments,entrustments
the folder gets data_dictionary.md and manifest.json (row counts, dataset version, source sha256s);
characters cp932 cannot encode are replaced by '?' and counted in the manifest and on stderr"""


def add_arguments(p) -> None:
    p.add_argument("--data", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--out", required=True, help="export folder to create")
    p.add_argument(
        "--format",
        choices=["parquet", "csv", "jsonl", "xlsx", "sqlite"],
        default="parquet",
        help="parquet (default), csv, jsonl: one file per table; xlsx: one Excel workbook, a sheet per "
        "table; sqlite: one SQLite database with Datasette metadata",
    )
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte-order mark (for Excel)")
    p.add_argument("--encoding", choices=["utf-8", "cp932"], default="utf-8", help="CSV encoding (default utf-8)")
    p.add_argument(
        "--excel",
        action="store_true",
        help="CSV for double-clicking in Excel: a byte-order mark (UTF-8), and text Excel would turn "
        'into a number or a date (011002, 1-2) written as ="011002" so it stays as printed',
    )
    p.add_argument("--tables", metavar="T1,T2", help="only these tables (default: all)")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace --out if it is an earlier export (a folder hyokasho export wrote, holding only "
        "its files); any other folder is never replaced",
    )


def run(args) -> int:
    from hyokasho.export import ExportError, ExportOptions, export

    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    bom = args.bom or (args.excel and args.encoding == "utf-8")
    options = ExportOptions(
        fmt=args.format, encoding=args.encoding, bom=bom, tables=tables, force=args.force, excel=args.excel
    )
    try:
        report = export(args.data, args.out, options)
    except ExportError as e:
        print(f"hyokasho export: {e}", file=sys.stderr)
        return e.status
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    rows = sum(t["rows"] for t in report.manifest["tables"].values())
    print(
        f"{len(report.manifest['tables'])} tables, {rows} rows, {len(report.manifest['sources'])} source PDFs "
        f"→ {report.out} ({args.format})",
        file=sys.stderr,
    )
    return 0
