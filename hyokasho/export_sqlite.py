"""`hyokasho export --format sqlite`: one SQLite database and the Datasette metadata to browse it.

    hyokasho export --out site --format sqlite
    datasette site/hyokasho.db --metadata site/metadata.json      # pip install 'hyokasho[datasette]'

The database holds every table of models/schema.py with the same columns (TEXT, INTEGER,
REAL; booleans 0/1, dates ISO text, lists and maps JSON text), `doc_id` a foreign key to
`documents` (Datasette then shows each row's file name and links to it). So that a table can
be browsed and faceted on its own, every per-document table also carries the document's
context, taken from documents and assessments (or, for minutes and comment rounds, their own
municipality and subject): `doc_type`, `prefecture`, `municipality_name`, `jimu`,
`source_file`; a table with a `page` gets `source_page`, where the row was read (the file or
its source URL, `#page=N`, which PDF viewers open at that page).

metadata.json gives each table and column its description (models/schema.py, the data
dictionary), facets on prefecture / 事務 / doc_type where a table has them, `documents`
labelled by its file name, and a sort order.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from hyokasho import __version__
from hyokasho.dictionary import TABLE_NOTES
from hyokasho.export_batches import BATCH_ROWS, columns, part_files
from models.schema import SCHEMAS, describe

FILE = "hyokasho.db"
METADATA = "metadata.json"
DATABASE = "hyokasho"  # Datasette names a database after its file

# the context every per-document table gets, and what each added column means
CONTEXT: dict[str, str] = {
    "doc_type": "documents.doc_type of the row's document (kiso | juten | zenkomoku | minutes | public_comment …)",
    "prefecture": "都道府県 of the body (assessments.prefecture), for faceting",
    "municipality_name": "the body (assessments.municipality_name or 評価実施機関名; for minutes and comment "
    "rounds their own municipality), for faceting",
    "jimu": "事務 of the document (assessments.jimu; meetings.subject / comment_rounds.subject), for faceting",
    "source_file": "documents.source_file of the row's document",
    "source_page": "where the row was read: source file (or URL) #page=N, as PDF viewers open it",
}
FACETS = ("prefecture", "jimu", "doc_type")
SORT = {
    "documents": "source_file",
    "assessments": "municipality_name",
    "meetings": "held_on",
    "utterances": "seq",
    "meeting_items": "seq",
    "comments": "no",
    "changes": "changed_on",
}


class SqliteWriter:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / FILE
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode = OFF")  # a fresh file in a staging folder: nothing to recover
        self.db.execute("PRAGMA synchronous = OFF")  # the export is fsynced and swapped into place as a whole
        self.tables: dict[str, list[str]] = {}
        self.warnings: list[str] = []
        self._version_dir: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def where(self, table: str) -> dict:
        return {"table": table}

    def add(self, version_dir: Path, table: str) -> int:
        con = self._duck(version_dir)
        fields = columns(version_dir, table)
        own = [f.name for f in fields]
        context = [c for c in CONTEXT if c not in own and "doc_id" in own and table != "documents"]
        if "page" not in own:
            context = [c for c in context if c != "source_page"]
        cols = own + context
        types = {f.name: _sqlite_type(f.type) for f in fields} | {c: "TEXT" for c in context}
        ddl = ", ".join(
            f'"{c}" {types[c]}'
            + (
                " REFERENCES documents(doc_id)"
                if c == "doc_id" and table != "documents"
                else " PRIMARY KEY"
                if c == "doc_id" and table == "documents"
                else ""
            )
            for c in cols
        )
        self.db.execute(f'CREATE TABLE "{table}" ({ddl})')
        self.tables[table] = cols
        rel = con.sql(self._select(table, own, context))
        insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(cols))})'
        json_cols = [i for i, f in enumerate(fields) if _is_json(f.type)]
        bool_cols = [i for i, f in enumerate(fields) if pa.types.is_boolean(f.type)]
        # dates and times as ISO text (what SQLite's date functions read); timestamps in UTC
        time_cols = [
            i
            for i, f in enumerate(fields)
            if pa.types.is_date(f.type) or pa.types.is_time(f.type) or pa.types.is_timestamp(f.type)
        ]
        n = 0
        for batch in rel.to_arrow_reader(BATCH_ROWS):
            rows = [list(r) for r in zip(*(batch.column(i).to_pylist() for i in range(batch.num_columns)))]
            for r in rows:
                for i in json_cols:
                    if r[i] is not None:
                        r[i] = json.dumps(_plain_json(r[i]), ensure_ascii=False)
                for i in bool_cols:
                    if r[i] is not None:
                        r[i] = int(r[i])
                for i in time_cols:
                    if r[i] is not None:
                        r[i] = _iso(r[i])
            self.db.executemany(insert, rows)
            n += len(rows)
        for c in ("doc_id", *FACETS, "municipality_name"):
            if c in cols and not (table == "documents" and c == "doc_id"):
                self.db.execute(f'CREATE INDEX "{table}_{c}" ON "{table}" ("{c}")')
        self.db.commit()
        return n

    def close(self) -> list[Path]:
        self.db.execute("ANALYZE")
        self.db.commit()
        self.db.close()
        if self._con is not None:
            self._con.close()
        meta = self.folder / METADATA
        meta.write_text(json.dumps(metadata(self.tables), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return [self.path, meta]

    # ------------------------------------------------------------ reading with context

    def _duck(self, version_dir: Path) -> duckdb.DuckDBPyConnection:
        """DuckDB over the version's files: the context join streams, batch by batch."""
        if self._con is None or self._version_dir != version_dir:
            self._con = duckdb.connect()
            self._version_dir = version_dir
            for t in SCHEMAS:
                paths = part_files(version_dir, t)
                files = [str(p).replace("'", "''") for p in paths]
                if files:
                    listed = ", ".join(f"'{f}'" for f in files)
                    present = {n for p in paths for n in pq.read_schema(p).names}
                    # a column newer than the dataset's files (added to the schema since) is NULL
                    cols = ", ".join(
                        f'"{f.name}"' if f.name in present else f'NULL::{_duck_type(f.type)} AS "{f.name}"'
                        for f in columns(version_dir, t)
                    )
                    self._con.execute(
                        f"CREATE VIEW {t} AS SELECT {cols} FROM read_parquet([{listed}], union_by_name = true)"
                    )
                else:
                    self._con.register(f"_{t}_empty", SCHEMAS[t].empty_table())
                    self._con.execute(f"CREATE VIEW {t} AS SELECT * FROM _{t}_empty")
            self._con.execute("""
                CREATE TEMP TABLE doc_context AS
                SELECT d.doc_id, d.doc_type, d.source_file,
                       coalesce(a.prefecture, NULL) AS prefecture,
                       coalesce(a.municipality_name, a.organization, m.municipality_name, c.municipality_name)
                           AS municipality_name,
                       coalesce(a.jimu, m.subject, c.subject) AS jimu
                  FROM documents d
                  LEFT JOIN (SELECT doc_id, any_value(prefecture) AS prefecture, any_value(municipality_name)
                                    AS municipality_name, any_value(organization) AS organization,
                                    any_value(jimu) AS jimu FROM assessments GROUP BY 1) a USING (doc_id)
                  LEFT JOIN (SELECT doc_id, any_value(municipality_name) AS municipality_name,
                                    any_value(subject) AS subject FROM meetings GROUP BY 1) m USING (doc_id)
                  LEFT JOIN (SELECT doc_id, any_value(municipality_name) AS municipality_name,
                                    any_value(subject) AS subject FROM comment_rounds GROUP BY 1) c USING (doc_id)""")
        return self._con

    @staticmethod
    def _select(table: str, own: list[str], context: list[str]) -> str:
        cols = [f't."{c}"' for c in own]
        for c in context:
            if c == "source_page":
                cols.append("x.source_file || '#page=' || t.page AS source_page")
            else:
                cols.append(f'x."{c}"')
        join = "LEFT JOIN doc_context x USING (doc_id)" if context else ""
        return f'SELECT {", ".join(cols)} FROM "{table}" t {join}'


def metadata(tables: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for table, cols in tables.items():
        desc = {name: d for name, _, d in describe(table)} if table in SCHEMAS else {}
        entry: dict[str, Any] = {
            "description": TABLE_NOTES.get(table, ""),
            "columns": {c: desc.get(c) or CONTEXT.get(c, "") for c in cols},
        }
        facets = [c for c in FACETS if c in cols]
        if table == "meetings":
            facets = [c for c in ("municipality_name", "body") if c in cols] + facets
        if facets:
            entry["facets"] = facets
        if table == "documents":
            entry["label_column"] = "source_file"
        if table in SORT and SORT[table] in cols:
            entry["sort"] = SORT[table]
        out[table] = entry
    return {
        "title": "hyokasho: 特定個人情報保護評価書, 審査会の議事録, 意見募集結果",
        "description": "Exported by hyokasho " + __version__ + " (`hyokasho export --format sqlite`). Each table's "
        "columns are described on its page; every row names its document and page.",
        "databases": {DATABASE: {"tables": out}},
    }


def _duck_type(t: pa.DataType) -> str:
    return {
        pa.string(): "VARCHAR",
        pa.int32(): "INTEGER",
        pa.int64(): "BIGINT",
        pa.bool_(): "BOOLEAN",
        pa.float64(): "DOUBLE",
        pa.date32(): "DATE",
    }.get(t, "VARCHAR")


def _sqlite_type(t: pa.DataType) -> str:
    if pa.types.is_integer(t) or pa.types.is_boolean(t):
        return "INTEGER"
    if pa.types.is_floating(t):
        return "REAL"
    return "TEXT"


def _is_json(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t) or pa.types.is_struct(t)


def _iso(v: Any) -> str:
    if isinstance(v, datetime) and v.tzinfo is not None:
        v = v.astimezone(timezone.utc)
        return v.replace(tzinfo=None).isoformat(sep=" ") + "Z"
    return v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()


def _plain_json(v: Any) -> Any:
    from hyokasho.plain import plain

    return plain(v)
