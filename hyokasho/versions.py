"""`hyokasho diff`: what changed between two versions of an assessment, field by field.

Either side is a PDF (extracted on the spot, nothing written) or a document of the dataset
(its doc_id, or an unambiguous prefix of it). Both sides' rows are put in an in-memory DuckDB
with every table of models/schema.py and the macros of queries/macros.sql, and compared by
the same `form_changes` macro that queries/version_changes.sql runs over every consecutive
pair of the dataset: the command and the query cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from hyokasho.paths import queries_dir
from models.schema import SCHEMAS, TABLES, to_table

_ASSESSMENT_TYPES = ("kiso", "juten", "zenkomoku")
_HEX = re.compile(r"^[0-9a-f]{6,64}$")


class DiffError(Exception):
    pass


@dataclass
class Side:
    label: str  # as the user named it
    doc_id: str
    tables: dict[str, list[dict[str, Any]]]

    @property
    def document(self) -> dict[str, Any]:
        return (self.tables.get("documents") or [{}])[0]

    @property
    def assessment(self) -> dict[str, Any]:
        return (self.tables.get("assessments") or [{}])[0]


@dataclass
class Diff:
    old: Side
    new: Side
    columns: list[str]
    rows: list[dict[str, Any]]
    declarations: list[dict[str, Any]] = field(default_factory=list)  # 変更箇所 rows new in NEW

    def count(self, change: str) -> int:
        return sum(1 for r in self.rows if r["change"] == change)


def load_side(arg: str, data: str | Path | None) -> Side:
    path = Path(arg)
    if path.is_file():
        from hyokasho.pipeline import process_file

        result = process_file(str(path))
        if not result.ok:
            err = result.error
            raise DiffError(err["message"] if err else f"{arg}: nothing could be extracted")
        doc = result.document
        assert doc is not None and result.doc_id is not None  # ok: the file's documents row was made
        if doc["doc_type"] not in _ASSESSMENT_TYPES:
            raise DiffError(f"{arg}: is a {doc['doc_type']} document, not a 評価書; diff compares assessments")
        return Side(arg, result.doc_id, {t: rows for t, rows in result.tables.items()})
    if not _HEX.match(arg.lower()):
        raise DiffError(
            f"{arg}: no such file, and not a doc_id (the hex sha256 of a document, or 6+ of its first characters)"
        )
    return _from_dataset(arg.lower(), data)


def _from_dataset(prefix: str, data: str | Path | None) -> Side:
    from hyokasho.query import QueryError, connect

    try:
        con = connect(data or "data/parquet")
    except QueryError as e:
        raise DiffError(f"{prefix}: is not a file, so it is looked up as a doc_id — {e}") from e
    ids = [
        r[0]
        for r in con.execute(
            "SELECT doc_id FROM documents WHERE starts_with(doc_id, ?) ORDER BY 1", [prefix]
        ).fetchall()
    ]
    if not ids:
        raise DiffError(f"{prefix}: no document with this doc_id in {data}")
    if len(ids) > 1:
        raise DiffError(
            f"{prefix}: {len(ids)} documents start with it ({', '.join(i[:12] for i in ids[:5])} …); "
            "give more characters"
        )
    doc_id = ids[0]
    tables = {}
    for table in TABLES:
        if "doc_id" in SCHEMAS[table].names:
            rel = con.execute(f"SELECT * FROM {table} WHERE doc_id = ?", [doc_id])
            cols = [d[0] for d in rel.description]
            tables[table] = [dict(zip(cols, r)) for r in rel.fetchall()]
    doc = tables["documents"][0]
    if doc["doc_type"] not in _ASSESSMENT_TYPES:
        raise DiffError(f"{prefix}: is a {doc['doc_type']} document, not a 評価書; diff compares assessments")
    return Side(prefix, doc_id, tables)


def connection(sides: list[Side]) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB holding only these documents, every table of the schema, and the macros."""
    con = duckdb.connect()
    for table in TABLES:
        rows = [r for s in sides for r in s.tables.get(table, [])]
        rows = [{k: v for k, v in r.items() if k in SCHEMAS[table].names} for r in rows]
        arrow = to_table(table, rows) if rows else SCHEMAS[table].empty_table()
        con.register(f"_{table}_rows", arrow)
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM _{table}_rows")
        con.unregister(f"_{table}_rows")
    con.execute((queries_dir() / "macros.sql").read_text())
    return con


def diff(old: Side, new: Side) -> Diff:
    if old.doc_id == new.doc_id:
        raise DiffError(f"{old.label} and {new.label} are the same document ({old.doc_id[:12]}…): nothing to compare")
    con = connection([old, new])
    con.register("_pair", pa.table({"old_id": [old.doc_id], "new_id": [new.doc_id]}))
    con.execute("CREATE TEMP TABLE diff_pair AS SELECT * FROM _pair")
    rel = con.sql("""SELECT change, kind, file_no, key, label, old_value, new_value, old_page, new_page,
                            declared, declared_by
                       FROM form_changes('diff_pair')
                      ORDER BY coalesce(new_page, old_page), file_no NULLS FIRST, key""")
    columns = list(rel.columns)
    rows = [dict(zip(columns, r)) for r in rel.fetchall()]
    decl = con.sql(
        """SELECT c.changed_on, c.item, c.before, c.after, c.page FROM changes c
                       WHERE c.doc_id = $new AND NOT EXISTS (
                             SELECT 1 FROM changes c0 WHERE c0.doc_id = $old
                                AND c0.changed_on IS NOT DISTINCT FROM c.changed_on
                                AND ws_fold(c0.item) = ws_fold(c.item) AND ws_fold(c0.after) = ws_fold(c.after))
                       ORDER BY c.changed_on, c.item""",
        params={"old": old.doc_id, "new": new.doc_id},
    )
    dcols = list(decl.columns)
    return Diff(old, new, columns, rows, [dict(zip(dcols, r)) for r in decl.fetchall()])


# ---------------------------------------------------------------- printing


def describe(side: Side) -> str:
    d, a = side.document, side.assessment
    parts = [
        d.get("doc_type") or "?",
        a.get("organization") or "評価実施機関 unknown",
        f"評価書番号 {a['assessment_no']}" if a.get("assessment_no") is not None else "評価書番号 ?",
        f"公表日 {a['published_on']}" if a.get("published_on") else "公表日 -",
    ]
    return f"{side.label}  ({', '.join(parts)}; doc_id {side.doc_id[:12]})"


def format_text(d: Diff, width: int = 100) -> str:
    out = [f"OLD  {describe(d.old)}", f"NEW  {describe(d.new)}", ""]
    if (d.old.document.get("doc_type"), d.old.assessment.get("jimu")) != (
        d.new.document.get("doc_type"),
        d.new.assessment.get("jimu"),
    ):
        out.insert(2, "note: the two documents differ in form or 事務; they may not be versions of one assessment")
    for r in d.rows:
        key = f"[{r['file_no']}] {r['key']}" if r["file_no"] is not None else r["key"]
        pages = f"p.{r['old_page'] or '-'} → p.{r['new_page'] or '-'}"
        flag = (
            ""
            if r["declared"] is None
            else ("  declared: " + r["declared_by"] if r["declared"] else "  NOT in 変更箇所")
        )
        out.append(f"{r['change']:<8} {r['kind']:<6} {key}  {pages}{flag}")
        if r["change"] != "added":
            out.append(f"    - {_one_line(r['old_value'], width)}")
        if r["change"] != "removed":
            out.append(f"    + {_one_line(r['new_value'], width)}")
    undeclared = sum(1 for r in d.rows if r["declared"] is False)
    out.append("")
    out.append(
        f"{d.count('changed')} changed, {d.count('added')} added, {d.count('removed')} removed; "
        f"{undeclared} not declared in the 変更箇所 of NEW ({len(d.declarations)} new 変更箇所 row"
        f"{'s' if len(d.declarations) != 1 else ''})"
    )
    for c in d.declarations:
        out.append(f"  変更箇所 {c['changed_on'] or '-'}  {c['item']}  (p.{c['page']})")
    return "\n".join(out)


def _one_line(v: Any, width: int) -> str:
    s = "" if v is None else str(v).replace("\n", " ⏎ ")
    return s if len(s) <= width else s[: width - 1] + "…"
