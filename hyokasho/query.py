"""SQL over the dataset: DuckDB with one view per table (queries/views.sql)."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

import duckdb

from hyokasho import csv_format
from hyokasho.paths import queries_dir
from hyokasho.plain import plain


class QueryError(Exception):
    pass


def connect(data_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB where every table of the dataset is a view."""
    data = Path(data_dir)
    if not (data / "documents").is_dir():
        raise QueryError(
            f"{data}: no hyokasho dataset here (no documents/ folder); run `hyokasho ingest` first or pass --data DIR"
        )
    con = duckdb.connect()
    con.execute("SET VARIABLE hyokasho_data = ?", [str(data.resolve())])
    _create_views(con, data)
    _add_missing_columns(con)
    # the comparison queries share macros and helper views (fold_company, assessment_docs …)
    macros = queries_dir() / "macros.sql"
    if macros.is_file():
        con.execute(macros.read_text())
    return con


_VIEW = re.compile(r"\s*CREATE OR REPLACE VIEW (\w+) AS", re.I)


def _create_views(con: duckdb.DuckDBPyConnection, data: Path) -> None:
    """queries/views.sql, statement by statement. A table an older hyokasho did not write (no
    files until the dataset is re-extracted) is an empty view of its schema: a view over no
    files would fail, and with it every query of the dataset."""
    from models.schema import SCHEMAS

    for stmt in (queries_dir() / "views.sql").read_text().split(";"):
        if not stmt.strip() or all(ln.strip().startswith("--") for ln in stmt.strip().splitlines()):
            continue
        m = _VIEW.match(re.sub(r"^(?:\s*--[^\n]*\n)*", "", stmt))
        if m and m[1] in SCHEMAS and next((data / m[1]).rglob("*.parquet"), None) is None:
            con.register(f"_hyokasho_empty_{m[1]}", SCHEMAS[m[1]].empty_table())
            con.execute(f"CREATE OR REPLACE VIEW {m[1]} AS SELECT * FROM _hyokasho_empty_{m[1]}")
            continue
        con.execute(stmt)


def _add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A dataset written by an older hyokasho lacks the columns added since (until its files are
    re-extracted): its views get them as NULLs, so every query of this version runs on it."""
    from models.schema import SCHEMAS

    for table, schema in SCHEMAS.items():
        have = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        missing = [name for name in schema.names if name not in have]
        if not missing:
            continue
        con.register("_hyokasho_schema", schema.empty_table())
        types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE _hyokasho_schema)").fetchall())
        con.unregister("_hyokasho_schema")
        extra = ", ".join(f'NULL::{types[n]} AS "{n}"' for n in missing)
        con.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT *, {extra} FROM read_parquet("
            f"getvariable('hyokasho_data') || '/{table}/**/*.parquet', union_by_name = true)"
        )


def load_sql(sql_or_file: str, stdin: IO[str] | None = None) -> str:
    """`-` (read standard input), a .sql path (as given, or a name under queries/) or the SQL text."""
    if sql_or_file == "-":
        sql = (stdin or sys.stdin).read()
        where = "standard input"
    elif sql_or_file.endswith(".sql"):
        for candidate in (Path(sql_or_file), queries_dir() / Path(sql_or_file).name):
            if candidate.is_file():
                sql, where = candidate.read_text(), str(candidate)
                break
        else:
            raise QueryError(f"{sql_or_file}: no such SQL file")
    else:
        sql, where = sql_or_file, "the command line"
    if not _COMMENTS.sub("", sql).strip(" \t\r\n;"):
        raise EmptySQL(f"no SQL in {where}: give a statement, a .sql file, or - to read standard input")
    return sql


_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)


class EmptySQL(QueryError):
    """Nothing to run: a usage error, not a failed query."""


@dataclass
class Result:
    columns: list[str]
    types: list[str]  # DuckDB type names, e.g. VARCHAR, DATE
    rows: list[tuple]

    @property
    def text_columns(self) -> list[bool]:
        return [t == "VARCHAR" for t in self.types]


def execute(con: duckdb.DuckDBPyConnection, sql: str) -> Result:
    try:
        rel = con.sql(sql)
        if rel is None:  # statements only (CREATE …): nothing to print
            return Result([], [], [])
        return Result(list(rel.columns), [str(t) for t in rel.types], rel.fetchall())
    except duckdb.Error as e:
        raise QueryError(str(e).strip()) from e


def run(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    r = execute(con, sql)
    return r.columns, r.rows


def write(
    columns: list[str],
    rows: list[tuple],
    fmt: str,
    out: IO[str] = sys.stdout,
    *,
    text_columns: list[bool] | None = None,
    encoding: str = "utf-8",
    bom: bool = False,
    excel: bool = False,
    binary: BinaryIO | None = None,
) -> int:
    """Print rows as a table, JSON or CSV; CSV goes out as bytes (`binary`, default the buffer
    under `out`) in `encoding`. Returns how many characters the encoding could not hold."""
    if fmt == "csv":
        out.flush()
        target = binary if binary is not None else out.buffer  # type: ignore[attr-defined]
        replaced = csv_format.write(
            target,
            columns,
            rows,
            encoding=encoding,
            bom=bom,
            excel=excel,
            text_columns=text_columns,
            lineterminator="\r\n" if excel or bom or encoding != "utf-8" else "\n",
        )
        target.flush()
        return sum(replaced.values())
    if fmt == "json":
        json.dump([dict(zip(columns, map(plain, r))) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        out.write(format_table(columns, rows) + "\n")
    return 0


def _width(s: str) -> int:
    # East Asian wide characters take two terminal cells
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(v, limit: int | None = 48) -> str:
    s = "" if v is None else str(plain(v)) if not isinstance(v, str) else v
    s = s.replace("\n", " ")
    if limit is not None and _width(s) > limit:
        out, w = [], 0
        for ch in s:
            w += _width(ch)
            if w > limit - 1:
                break
            out.append(ch)
        s = "".join(out) + "…"
    return s


def format_table(columns: list[str], rows: list[tuple], limit: int | None = 48) -> str:
    """A plain table that lines up with Japanese text (wide characters count double).

    Cells longer than `limit` terminal columns are cut with …; `limit=None` prints them whole."""
    cells = [[_cell(c, limit) for c in columns]] + [[_cell(v, limit) for v in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]

    def line(row):
        return " | ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    body = [line(cells[0]), sep] + [line(r) for r in cells[1:]]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body)
