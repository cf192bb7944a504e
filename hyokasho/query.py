"""SQL over the dataset: DuckDB with one view per table (queries/views.sql)."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import IO

import duckdb

from hyokasho.paths import queries_dir
from hyokasho.plain import plain


class QueryError(Exception):
    pass


def connect(data_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB where every table of the dataset is a view."""
    data = Path(data_dir)
    if not (data / "documents").is_dir():
        raise QueryError(f"{data}: no hyokasho dataset here (no documents/ folder); run `hyokasho ingest` first "
                         "or pass --data DIR")
    con = duckdb.connect()
    con.execute("SET VARIABLE hyokasho_data = ?", [str(data.resolve())])
    con.execute((queries_dir() / "views.sql").read_text())
    # the comparison queries share macros and helper views (fold_company, assessment_docs …)
    macros = queries_dir() / "macros.sql"
    if macros.is_file():
        con.execute(macros.read_text())
    return con


def load_sql(sql_or_file: str) -> str:
    """A .sql path (as given, or a name under queries/) or the SQL text itself."""
    if sql_or_file.endswith(".sql"):
        for candidate in (Path(sql_or_file), queries_dir() / Path(sql_or_file).name):
            if candidate.is_file():
                return candidate.read_text()
        raise QueryError(f"{sql_or_file}: no such SQL file")
    return sql_or_file


def run(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    try:
        rel = con.sql(sql)
    except duckdb.Error as e:
        raise QueryError(str(e).strip()) from e
    if rel is None:  # statements only (CREATE …): nothing to print
        return [], []
    return list(rel.columns), rel.fetchall()


def write(columns: list[str], rows: list[tuple], fmt: str, out: IO[str] = sys.stdout) -> None:
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if v is None else json.dumps(plain(v), ensure_ascii=False) if isinstance(v, (list, dict))
                        else plain(v) for v in r])
    elif fmt == "json":
        json.dump([dict(zip(columns, map(plain, r))) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        out.write(format_table(columns, rows) + "\n")


def _width(s: str) -> int:
    # East Asian wide characters take two terminal cells
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(v, limit: int = 48) -> str:
    s = "" if v is None else str(plain(v)) if not isinstance(v, str) else v
    s = s.replace("\n", " ")
    if _width(s) > limit:
        out, w = [], 0
        for ch in s:
            w += _width(ch)
            if w > limit - 1:
                break
            out.append(ch)
        s = "".join(out) + "…"
    return s


def format_table(columns: list[str], rows: list[tuple]) -> str:
    """A plain table that lines up with Japanese text (wide characters count double)."""
    cells = [[_cell(c) for c in columns]] + [[_cell(v) for v in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]
    def line(row):
        return " | ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()
    sep = "-+-".join("-" * w for w in widths)
    body = [line(cells[0]), sep] + [line(r) for r in cells[1:]]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body)
