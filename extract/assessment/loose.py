"""Loose text inside a table: rows taller than a page that a producer prints without rulings
on the continuation (or middle) page.

LibreOffice Writer and Chromium split a tall table row across pages and sometimes draw no
rules around the part on the next page, so its text reaches `extract.assessment.cells` as free text
between or below the ruled rows. Here such a run of free rows gets the column model of the
table around it (the x positions of that table's cells): each line segment goes to the
column it starts in, the whole run becomes ONE table row (`Row.loose`), and a loose row
continued on the next page joins its other half.

A run is converted only where it lies inside the table: between two rows of the same table,
or between a table row and the page edge (the table continues across the break), and only
when its text sits in the table's columns (label + value, or value only). Headings printed
between tables start at the table's left edge in a single column and stay free.
"""

from __future__ import annotations

from extract.assessment.cells import _HEADING, Cell, Row, _segments, line_text
from extract.settings_context import current


class _Model:
    """The column edges of the ruled table being read."""

    def __init__(self, row: Row) -> None:
        assert row.table is not None  # only a ruled row opens a model
        self.left, self.right = row.table
        self.edges: list[float] = []
        self.add(row)

    def same(self, row: Row) -> bool:
        snap = current().layout.snap
        return (
            row.table is not None
            and abs(row.table[0] - self.left) <= 2 * snap
            and abs(row.table[1] - self.right) <= 2 * snap
        )

    def add(self, row: Row) -> None:
        snap = current().layout.snap
        for c in row.cells:
            if c.x1 - c.x0 > 2 * snap and not any(abs(c.x0 - e) <= 2 * snap for e in self.edges):
                self.edges.append(c.x0)
        self.edges.sort()

    def column(self, x: float, em: float) -> int:
        return max((k for k, e in enumerate(self.edges) if e <= x + 0.5 * em), default=0)


def attach_loose(per_page: list[list[Row]]) -> None:
    """Replace, in place, runs of free rows that lie inside a ruled table by table rows."""
    model: _Model | None = None
    for rows in per_page:
        out: list[Row] = []
        i = 0
        while i < len(rows):
            r = rows[i]
            if not r.free:
                if r.table is not None and not r.loose:
                    if model is not None and model.same(r):
                        model.add(r)
                    else:
                        model = _Model(r)
                out.append(r)
                i += 1
                continue
            j = i
            while j < len(rows) and rows[j].free:
                j += 1
            run = rows[i:j]
            before = rows[i - 1] if i > 0 else None
            after = rows[j] if j < len(rows) else None
            inside = (
                model is not None and (before is None or model.same(before)) and (after is None or model.same(after))
            )
            row = _as_table_row(run, model) if model is not None and inside else None
            if row is None:
                out.extend(run)
                model = None  # text between tables: the next table has its own columns
            else:
                out.append(row)
            i = j
        rows[:] = out


def _as_table_row(run: list[Row], model: _Model) -> Row | None:
    lines = [ln for r in run for ln in r.cells[0].lines]
    tracking = run[0].cells[0].tracking
    segs = [seg for ln in lines for seg in _segments(ln, tracking)]
    if not segs:
        return None
    em = sorted(s[0].size for s in segs)[len(segs) // 2] or 1.0
    if min(c.x0 for s in segs for c in s) < model.left - em or max(c.x1 for s in segs for c in s) > model.right + em:
        return None
    by_col: dict[int, list] = {}
    for ln in lines:
        for seg in _segments(ln, tracking):
            k = model.column(seg[0].x0, em)
            if k == 0 and _HEADING.match(line_text(seg, tracking)):
                return None  # a heading of the form, not table content
            by_col.setdefault(k, []).extend(seg)
    if len(by_col) < 2 and 0 in by_col:
        return None  # one column at the table's left edge: a heading or note, not a cell
    page = run[0].page
    y0, y1 = min(r.y0 for r in run), max(r.y1 for r in run)
    cols = sorted(by_col)
    cells = []
    for n, k in enumerate(cols):
        x1 = model.edges[cols[n + 1]] if n + 1 < len(cols) else model.right
        cs = by_col[k]
        cells.append(Cell(page, model.edges[k], y0, max(x1, max(c.x1 for c in cs)), y1, cs, tracking=tracking))
    return Row(page, y0, y1, cells, (model.left, model.right), loose=True)


def join_loose(last: Row, first: Row) -> bool:
    """The two halves of a loose row split by a page break (both loose), or a ruled row whose
    continuation on the next page has no rulings and no label: joined into `last` column by
    column. True when joined."""
    if not first.loose or last.table is None or first.table is None:
        return False
    snap = current().layout.snap
    if abs(last.table[0] - first.table[0]) > 2 * snap or abs(last.table[1] - first.table[1]) > 2 * snap:
        return False
    if not last.loose:
        left, right = last.table
        if any(c.text_x0 < left + 0.3 * (right - left) for c in first.filled):
            return False  # the loose half carries a label: a row of its own
    for b in first.filled:
        x = b.text_x0
        a = next((c for c in last.cells if c.x0 - snap <= x < c.x1), None)
        if a is None:
            last.cells.append(b)
            continue
        a._lines = a.lines + b.lines
        a.chars = a.chars + b.chars
        a._text = None
    last.cells.sort(key=lambda c: c.x0)
    last.y1 = max(last.y1, first.y1)
    return True
