"""`hyokasho export --format xlsx`: one workbook, one sheet per table, cells typed for Excel.

Why xlsxwriter, in constant_memory mode: it only writes (an export never reads a workbook
back), each row goes to a temporary file as soon as the next begins, so memory stays flat
whatever the table's size, and every cell is written with an explicit type. openpyxl's
write-only mode also streams, but is about half as fast and gives a string cell no way to stay
a string other than the default guess, which is where codes lose their leading zeros.

What a reader gets:
* a `data_dictionary` sheet first (table, column, type, description, from models/schema.py),
  and on every table sheet a header row of column names, each with that description as a
  cell comment, frozen, with an autofilter;
* text as text (`011002` stays `011002`; nothing is taken as a number, a formula or a URL),
  dates as Excel dates (yyyy-mm-dd), timestamps as date-times in UTC, times as times, counts
  and bounds as numbers, booleans as TRUE/FALSE, lists and maps as JSON text;
* a table longer than a sheet (1,048,576 rows) continues on `<table> (2)`, `<table> (3)`…;
  text longer than a cell (32,767 characters) is cut, and counted in the manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa

from hyokasho.dictionary import TABLE_NOTES
from hyokasho.export_batches import batches, columns
from hyokasho.plain import plain
from models.schema import describe

FILE = "hyokasho.xlsx"
MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header included
MAX_CELL = 32_767  # Excel's characters per cell
DICTIONARY_SHEET = "data_dictionary"


@dataclass
class XlsxSettings:
    widths: dict[str, float] = field(
        default_factory=lambda: {
            "text": 40,
            "code": 12,
            "number": 10,
            "date": 11,
            "datetime": 19,
            "bool": 8,
            "json": 30,
        }
    )


DEFAULT_SETTINGS = XlsxSettings()


class XlsxWriter:
    """Write tables into one workbook; `add(table)` streams its batches, `close()` finishes."""

    def __init__(self, folder: Path, settings: XlsxSettings = DEFAULT_SETTINGS):
        import xlsxwriter

        self.path = Path(folder) / FILE
        self.settings = settings
        self._tmp = Path(folder) / ".xlsx-tmp"
        self._tmp.mkdir()
        # constant_memory: rows stream to temporary files in the export's own staging folder
        self.book = xlsxwriter.Workbook(
            str(self.path),
            {
                "constant_memory": True,
                "tmpdir": str(self._tmp),
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        self.f_head = self.book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1})
        self.f_date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.f_datetime = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.f_time = self.book.add_format({"num_format": "hh:mm:ss"})
        self.truncated: dict[str, int] = {}
        self.sheets: dict[str, list[str]] = {}
        self._dictionary_rows: list[tuple[str, str, str, str]] = []
        self._dictionary = self.book.add_worksheet(DICTIONARY_SHEET)  # first sheet; filled at close

    def add(self, version_dir: Path, table: str) -> int:
        fields = columns(version_dir, table)
        notes = {name: desc for name, _, desc in describe(table)}
        self._dictionary_rows += [(table, f.name, str(f.type), notes.get(f.name, "")) for f in fields]
        writers = [self._cell_writer(f) for f in fields]
        sheet = self._new_sheet(table, fields, notes, 1)
        row, part, total = 1, 1, 0
        for batch in batches(version_dir, table, fields=fields):
            cols = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for r in range(batch.num_rows):
                if row >= MAX_ROWS:
                    part += 1
                    sheet, row = self._new_sheet(table, fields, notes, part), 1
                for c, write in enumerate(writers):
                    v = cols[c][r]
                    if v is not None:
                        write(sheet, row, c, v, table)
                row += 1
            total += batch.num_rows
        return total

    @property
    def warnings(self) -> list[str]:
        return [
            f"{t}: {n} text cell(s) longer than Excel's {MAX_CELL} characters were cut (the full text is in "
            "the Parquet and CSV exports)"
            for t, n in self.truncated.items()
        ] + [
            f"{t}: {len(s)} sheets ({', '.join(s)}): more rows than one Excel sheet holds"
            for t, s in self.sheets.items()
            if len(s) > 1
        ]

    def where(self, table: str) -> dict:
        return {"sheets": self.sheets.get(table, [])}

    def close(self) -> list[Path]:
        ws = self._dictionary
        for c, (name, width) in enumerate((("table", 16), ("column", 20), ("type", 16), ("description", 80))):
            ws.set_column(c, c, width)
            ws.write_string(0, c, name, self.f_head)
        for r, row in enumerate(self._dictionary_rows, 1):
            for c, v in enumerate(row):
                ws.write_string(r, c, v)
        ws.freeze_panes(1, 0)
        self.book.close()
        for p in self._tmp.iterdir():
            p.unlink()
        self._tmp.rmdir()
        return [self.path]

    # ------------------------------------------------------------ sheets and cells

    def _new_sheet(self, table: str, fields: list[pa.Field], notes: dict[str, str], part: int):
        name = table if part == 1 else f"{table} ({part})"
        ws = self.book.add_worksheet(name[:31])
        self.sheets.setdefault(table, []).append(ws.get_name())
        for c, f in enumerate(fields):
            ws.set_column(c, c, self.settings.widths[_kind(f)])
            ws.write_string(0, c, f.name, self.f_head)
            desc = notes.get(f.name)
            if desc:
                ws.write_comment(
                    0,
                    c,
                    f"{table}.{f.name}: {desc}"
                    + (f"\n({TABLE_NOTES[table]})" if c == 0 and TABLE_NOTES.get(table) else ""),
                )
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, 0, len(fields) - 1)
        return ws

    def _cell_writer(self, f: pa.Field):
        kind = _kind(f)
        if pa.types.is_time(f.type):
            return lambda ws, r, c, v, t: ws.write_datetime(r, c, v, self.f_time)
        if kind in ("text", "code"):
            return self._text
        if kind == "number":
            return lambda ws, r, c, v, t: ws.write_number(r, c, v)
        if kind == "bool":
            return lambda ws, r, c, v, t: ws.write_boolean(r, c, v)
        if kind == "date":
            return lambda ws, r, c, v, t: ws.write_datetime(r, c, datetime(v.year, v.month, v.day), self.f_date)
        if kind == "datetime":
            return self._datetime
        return lambda ws, r, c, v, t: self._text(ws, r, c, json.dumps(plain(v), ensure_ascii=False), t)

    def _text(self, ws, r: int, c: int, v: Any, table: str) -> None:
        s = v if isinstance(v, str) else str(v)
        if len(s) > MAX_CELL:
            self.truncated[table] = self.truncated.get(table, 0) + 1
            s = s[: MAX_CELL - 1] + "…"
        ws.write_string(r, c, s)

    def _datetime(self, ws, r: int, c: int, v: datetime, table: str) -> None:
        # Excel has no time zones: the instant in UTC, as the column's description says
        if v.tzinfo is not None:
            v = v.astimezone(timezone.utc).replace(tzinfo=None)
        ws.write_datetime(r, c, v, self.f_datetime)


def _kind(f: pa.Field) -> str:
    t = f.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "code" if f.name.endswith(("_code", "doc_id", "sha256")) else "text"
    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        return "number"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_timestamp(t):
        return "datetime"
    if pa.types.is_time(t):
        return "number"  # width only; written as a time
    return "json"
