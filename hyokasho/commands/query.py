"""`hyokasho query SQL_OR_FILE.sql`"""
from __future__ import annotations

import sys

NAME = "query"
HELP = "Run SQL over the dataset (DuckDB; every table is a view)."
EXAMPLES = """\
examples:
  hyokasho query "SELECT doc_type, count(*) FROM documents GROUP BY ALL"
  hyokasho query queries/contractors.sql --format csv > contractors.csv
every table of the dataset is a view by its name (see queries/views.sql)"""


def add_arguments(p) -> None:
    p.add_argument("sql", metavar="SQL_OR_FILE.sql")
    p.add_argument("--data", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")


def run(args) -> int:
    from hyokasho.query import QueryError, connect, load_sql, run as run_sql, write

    try:
        con = connect(args.data)
        columns, rows = run_sql(con, load_sql(args.sql))
    except QueryError as e:
        print(f"hyokasho query: {e}", file=sys.stderr)
        return 1
    if columns:
        write(columns, rows, args.format)
    return 0
