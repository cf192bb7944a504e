"""`hyokasho query SQL_OR_FILE.sql`"""

from __future__ import annotations

import sys

NAME = "query"
HELP = "Run SQL over the dataset (DuckDB; every table is a view)."
EXAMPLES = """\
examples:
  hyokasho query "SELECT doc_type, count(*) FROM documents GROUP BY ALL"
  hyokasho query queries/contractors.sql --format csv > contractors.csv
  hyokasho query queries/municipalities.sql --format csv --excel > overview.csv   # double-click in Excel
  hyokasho query queries/municipalities.sql --format csv --encoding cp932 --excel > overview-sjis.csv
  echo "SELECT count(*) FROM fields" | hyokasho query -
every table of the dataset is a view by its name (see queries/views.sql); CSV writes NULL as an
empty cell and booleans as true/false, like `hyokasho export`
exit status: 0 ok; 1 the query failed; 2 usage error (no SQL, bad options)"""


def add_arguments(p) -> None:
    p.add_argument(
        "sql",
        metavar="SQL_OR_FILE.sql",
        help="SQL text, a .sql file (or a name under queries/), or - to read the SQL from standard input",
    )
    p.add_argument("--data", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte-order mark (for Excel)")
    p.add_argument(
        "--encoding",
        choices=["utf-8", "cp932"],
        default="utf-8",
        help="CSV encoding (default utf-8); cp932 for older Excel, characters it lacks become ? "
        "and are counted on stderr",
    )
    p.add_argument(
        "--excel",
        action="store_true",
        help="CSV for double-clicking in Excel: a byte-order mark (UTF-8), and text Excel would turn "
        'into a number or a date (011002, 1-2) written as ="011002" so it stays as printed',
    )


def run(args) -> int:
    from hyokasho.query import EmptySQL, QueryError, connect, execute, load_sql, write

    if args.format != "csv" and (args.bom or args.excel or args.encoding != "utf-8"):
        print("hyokasho query: --bom, --encoding and --excel apply to --format csv only", file=sys.stderr)
        return 2
    if args.bom and args.encoding != "utf-8":
        print("hyokasho query: --bom is for UTF-8 CSV; cp932 files have no byte-order mark", file=sys.stderr)
        return 2
    try:
        sql = load_sql(args.sql)
        result = execute(connect(args.data), sql)
    except EmptySQL as e:
        print(f"hyokasho query: {e}", file=sys.stderr)
        return 2
    except QueryError as e:
        print(f"hyokasho query: {e}", file=sys.stderr)
        return 1
    if result.columns:
        bom = args.bom or (args.excel and args.encoding == "utf-8")
        replaced = write(
            result.columns,
            result.rows,
            args.format,
            text_columns=result.text_columns,
            encoding=args.encoding,
            bom=bom,
            excel=args.excel,
        )
        if replaced:
            print(
                f"warning: {replaced} character(s) not representable in {args.encoding} were replaced by '?'",
                file=sys.stderr,
            )
    return 0
