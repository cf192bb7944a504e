"""The `hyokasho` command. Each subcommand is a thin wrapper over one module."""
from __future__ import annotations

import argparse
import sys
from textwrap import dedent

from hyokasho import __version__

EXAMPLES = {
    "ingest": """\
        examples:
          hyokasho ingest data/raw                       # every PDF below data/raw → data/parquet
          hyokasho ingest new/*.pdf --out /srv/pia       # add or replace these documents only
          hyokasho ingest data/raw --force               # extract again even if unchanged
        exit status: 0 every file ok; 1 some files failed or need OCR (listed at the end); 2 usage error""",
    "query": """\
        examples:
          hyokasho query "SELECT doc_type, count(*) FROM documents GROUP BY ALL"
          hyokasho query queries/contractors.sql --format csv > contractors.csv
        every table of the dataset is a view by its name (see queries/views.sql)""",
    "inspect": """\
        examples:
          hyokasho inspect data/raw/samples/kitakyushu_kokuho_kiso__calc.pdf
          hyokasho inspect some.pdf --table choices --table checks
          hyokasho inspect some.pdf --format json | jq '.fields[0]'""",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hyokasho",
        description="Turn 特定個人情報保護評価書 PDFs, review minutes and public-comment results into a Parquet dataset.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run `hyokasho COMMAND --help` for each command's examples.")
    p.add_argument("--version", action="version", version=f"hyokasho {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, epilog=dedent(EXAMPLES.get(name, "")),
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    ing = add("ingest", "Extract PDFs (files or folders, recursively) into the dataset.")
    ing.add_argument("paths", nargs="+", metavar="PATH", help="PDF files or folders")
    ing.add_argument("--out", default="data/parquet", help="dataset folder (default: data/parquet)")
    ing.add_argument("--force", action="store_true", help="re-extract files already in the dataset")
    ing.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="wait this long for another run on the same --out to finish (default: refuse at once)")

    q = add("query", "Run SQL over the dataset (DuckDB; every table is a view).")
    q.add_argument("sql", metavar="SQL_OR_FILE.sql")
    q.add_argument("--data", default="data/parquet", help="dataset folder (default: data/parquet)")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")

    ins = add("inspect", "Show what one PDF yields, with page numbers, without writing anything.")
    ins.add_argument("file", metavar="FILE.pdf")
    ins.add_argument("--format", choices=["text", "json"], default="text")
    ins.add_argument("--table", action="append", metavar="TABLE", help="only these tables (repeatable)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted; the dataset is unchanged", file=sys.stderr)
        return 130


def _ingest(args) -> int:
    from hyokasho.dataset import DatasetError
    from hyokasho.ingest import ingest

    try:
        report = ingest(args.paths, args.out, force=args.force, wait=args.wait)
    except DatasetError as e:
        print(f"hyokasho ingest: {e}", file=sys.stderr)
        return 1
    print(f"{report.processed} extracted, {report.unchanged} unchanged, {len(report.failed)} failed, "
          f"{len(report.needs_ocr)} need OCR, {len(report.not_pdf)} non-PDF skipped → {args.out}", file=sys.stderr)
    # messages already name their file
    for _f, msg in report.failed:
        print(f"FAILED    {msg}", file=sys.stderr)
    for f, msg in report.needs_ocr:
        print(f"NEEDS OCR {f}: {msg}", file=sys.stderr)
    return report.exit_code


def _query(args) -> int:
    from hyokasho.query import QueryError, connect, load_sql, run, write

    try:
        con = connect(args.data)
        columns, rows = run(con, load_sql(args.sql))
    except QueryError as e:
        print(f"hyokasho query: {e}", file=sys.stderr)
        return 1
    if columns:
        write(columns, rows, args.format)
    return 0


def _inspect(args) -> int:
    from hyokasho.inspect_cmd import print_result
    from hyokasho.pipeline import process_file

    result = process_file(args.file)
    print_result(result, sys.stdout, args.format, args.table)
    return 0 if result.ok else 1


COMMANDS = {"ingest": _ingest, "query": _query, "inspect": _inspect}

if __name__ == "__main__":
    sys.exit(main())
