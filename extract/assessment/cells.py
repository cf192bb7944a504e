"""Ruled-table cells per page: the layout layer between page content and form structure.

A page becomes a list of `Row`s, top to bottom. A row holds the cells whose top edge lies
on the same horizontal band of the ruling grid; a cell spanning several bands (rowspan)
belongs to its first band. Text outside every cell (headings printed above a table, a page
without rulings) becomes one-cell rows marked `free`.

Why our own grid and not a generic table finder: the forms need every cell with its exact
column position (indentation tells sub-rows from items), generic finders drop or merge
cells, and they are an order of magnitude slower than this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from extract.pdf import Char, Columns, Line, Page, Segment, char_columns, group_lines, join_chars, lines_in_order
from extract.settings_context import current
from normalize.ocr_noise import fix_cell

BOX_MIN, BOX_MAX = 3.0, 14.0  # size of a drawn check box


@dataclass
class Cell:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    chars: list[Char] = field(default_factory=list)
    free: bool = False  # text outside any ruled cell
    tracking: float = 0.0  # the page's letter-spacing, in em (extract.pdf.letter_spacing)
    ocr: bool = False  # text from OCR: the form's markers are read through normalize.ocr_noise
    _lines: list[Line] | None = None

    @property
    def lines(self) -> list[Line]:
        if self._lines is None:
            self._lines = group_lines(self.chars)
        return self._lines

    _text: str | None = None

    @property
    def text(self) -> str:
        # read many times by the structure pass; cells are built once, so cache
        if self._text is None:
            self._text = "\n".join(line_text(ln.chars, self.tracking) for ln in self.lines)
            if self.ocr and self._text:
                self._text = fix_cell(self._text)
        return self._text

    @property
    def empty(self) -> bool:
        return not self.chars

    @property
    def bbox(self) -> list[float]:
        return [round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2)]

    @property
    def text_x0(self) -> float:
        return min((c.x0 for c in self.chars), default=self.x0)


@dataclass
class Row:
    page: int
    y0: float
    y1: float
    cells: list[Cell]
    table: tuple[float, float] | None = None  # left/right edge of the ruled table, None for free text
    loose: bool = False  # unruled text given the table's columns (extract.assessment.loose)

    @property
    def filled(self) -> list[Cell]:
        return [c for c in self.cells if not c.empty]

    @property
    def free(self) -> bool:
        return all(c.free for c in self.cells)


# ---------------------------------------------------------------- letter-spacing


def line_text(chars, tracking: float = 0.0) -> str:
    """Text of one line; on a letter-spaced page the tracking is taken out of every gap
    first, so only gaps markedly larger than the typical one become spaces ("1 0人" → "10人")."""
    if not tracking or len(chars) < 2:
        return join_chars(chars)
    shifted = []
    shift = 0.0
    prev = None
    for c in chars:
        if c.text == " ":
            continue  # a literal space glyph between spaced-out characters
        if prev is not None:
            gap = c.x0 - prev.x1
            t = tracking * max(c.size, prev.size)
            # take out the tracking, but never more than the gap itself
            shift += min(t, max(gap, 0.0))
        shifted.append(c._replace(x0=c.x0 - shift, x1=c.x1 - shift))
        prev = c
    return join_chars(shifted)


# ---------------------------------------------------------------- drawn check boxes


def _vector_marks(page: Page) -> tuple[list[Segment], list[Char]]:
    """Find check boxes drawn as small squares; return the remaining rules and a □/■ char
    per box, so drawn marks reach the text exactly like glyph marks do."""
    small_h = [s for s in page.segments if s.horizontal and BOX_MIN <= s.x1 - s.x0 <= BOX_MAX]
    if not small_h:
        return page.segments, []
    small_v = [s for s in page.segments if not s.horizontal and BOX_MIN <= s.y1 - s.y0 <= BOX_MAX]
    used: set[int] = set()
    marks: list[Char] = []
    by_x: dict[tuple[int, int], list[Segment]] = {}
    for s in small_h:
        by_x.setdefault((round(s.x0), round(s.x1)), []).append(s)
    for group in by_x.values():
        group.sort(key=lambda s: s.y0)
        for i, top in enumerate(group):
            if id(top) in used:
                continue
            w = top.x1 - top.x0
            for bot in group[i + 1 :]:
                h = bot.y0 - top.y0
                if h > BOX_MAX:
                    break
                if abs(h - w) <= 0.35 * w and h >= BOX_MIN:
                    sides = [
                        v
                        for v in small_v
                        if abs(v.y0 - top.y0) < 1.5
                        and abs(v.y1 - bot.y0) < 1.5
                        and (abs(v.x0 - top.x0) < 1.5 or abs(v.x0 - top.x1) < 1.5)
                    ]
                    if len(sides) < 2:
                        continue
                    used.update((id(top), id(bot), *map(id, sides)))
                    x0, y0, x1, y1 = top.x0, top.y0, top.x1, bot.y0
                    on = any(
                        f.gray < 0.5
                        and x0 - 0.5 <= (f.x0 + f.x1) / 2 <= x1 + 0.5
                        and y0 - 0.5 <= (f.y0 + f.y1) / 2 <= y1 + 0.5
                        and (f.x1 - f.x0) <= w + 1
                        for f in page.fills
                    )
                    marks.append(Char("■" if on else "□", x0, y0, x1, y1, y1 - y0, "vector"))
                    break
    if not marks:
        return page.segments, []
    return [s for s in page.segments if id(s) not in used], marks


def _place_marks(marks: list[Char], chars: list[Char]) -> list[Char]:
    """A drawn box placed imprecisely over its option's text ("外□部監査": the box overlaps
    the option's first glyphs) belongs before the word it overlaps most: it moves to just
    left of that word's first glyph, so the text reads "□外部監査"."""
    out = []
    for m in marks:
        cy = (m.y0 + m.y1) / 2
        line = sorted((c for c in chars if c.y0 <= cy <= c.y1 and c.text.strip()), key=lambda c: c.x0)
        best, best_ov = None, 0.0
        for i, c in enumerate(line):
            ov = min(c.x1, m.x1) - max(c.x0, m.x0)
            if ov > best_ov:
                best, best_ov = i, ov
        if best is None or best_ov < 0.15 * (m.x1 - m.x0):
            out.append(m)
            continue
        i = best
        while i > 0 and line[i].x0 - line[i - 1].x1 < 0.3 * line[i].size:
            i -= 1  # back to the start of the word
        x = line[i].x0
        w = m.x1 - m.x0
        out.append(m._replace(x0=x - w - 0.01, x1=x - 0.01))
    return out


def _ticked_glyphs(chars: list[Char], fills) -> list[Char]:
    """An empty-box glyph (□ ☐) with a drawn tick or dot over it is a checked box."""
    marks = [f for f in fills if f.gray < 0.5 and (f.x1 - f.x0) <= BOX_MAX and (f.y1 - f.y0) <= BOX_MAX]
    if not marks:
        return chars
    out = []
    for c in chars:
        if c.text in "□☐" and any(
            c.x0 - 1 <= (f.x0 + f.x1) / 2 <= c.x1 + 1 and c.y0 - 1 <= (f.y0 + f.y1) / 2 <= c.y1 + 1 for f in marks
        ):
            c = c._replace(text="■")
        out.append(c)
    return out


# ---------------------------------------------------------------- grid


def _cluster(values: list[float], snap: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= snap:
            continue
        out.append(v)
    return out


def _covers_v(segs: list[Segment], x: float, y0: float, y1: float, snap: float) -> bool:
    # a vertical rule at x runs through the band (y0, y1)
    mid = (y0 + y1) / 2
    for s in segs:
        if abs(s.x0 - x) <= snap and s.y0 - snap <= mid <= s.y1 + snap:
            return True
    return False


def _covers_h(segs: list[Segment], y: float, x0: float, x1: float, snap: float) -> bool:
    mid = (x0 + x1) / 2
    for s in segs:
        if abs(s.y0 - y) <= snap and s.x0 - snap <= mid <= s.x1 + snap:
            return True
    return False


def page_rows(page: Page) -> list[Row]:
    segments, marks = _vector_marks(page)
    chars = page.chars + _place_marks(marks, page.chars) if marks else page.chars
    # ticked glyphs change a character's text, never its box: the page's columns still hold
    columns = char_columns(chars) if marks else page.columns
    if page.fills:
        chars = _ticked_glyphs(chars, page.fills)
    tracking = page.tracking
    ocr = page.meta.get("text_source") == "ocr"
    snap, min_rule = current().layout.snap, current().layout.min_rule
    hs = [s for s in segments if s.horizontal and s.x1 - s.x0 >= min_rule]
    vs = [s for s in segments if not s.horizontal and s.y1 - s.y0 >= min_rule]
    cells: list[Cell] = []
    bands: list[tuple[float, float, list[Cell]]] = []
    if hs and vs:
        # a row split by a page break has no closing rule on the page: the vertical
        # rules' ends close the grid
        ys = _cluster([s.y0 for s in hs] + [min(s.y0 for s in vs), max(s.y1 for s in vs)], snap)
        xs = _cluster([s.x0 for s in vs], snap)
        prev: list[Cell] = []
        for y0, y1 in zip(ys, ys[1:]):
            if y1 - y0 < 2.5:
                prev = []
                continue
            seps = [x for x in xs if _covers_v(vs, x, y0, y1, snap)]
            row_cells: list[Cell] = []
            for x0, x1 in zip(seps, seps[1:]):
                # a cell whose top edge is not ruled continues the cell above (rowspan)
                above = next((c for c in prev if abs(c.x0 - x0) <= snap and abs(c.x1 - x1) <= snap), None)
                if above is not None and abs(above.y1 - y0) <= snap and not _covers_h(hs, y0, x0, x1, snap):
                    above.y1 = y1
                    row_cells.append(above)
                    continue
                c = Cell(page.number, x0, y0, x1, y1, tracking=tracking)
                cells.append(c)
                row_cells.append(c)
            bands.append((y0, y1, row_cells))
            prev = row_cells
    loose = _assign(chars, columns, bands, cells, page.height)
    rows: list[Row] = []
    seen: set[int] = set()
    for y0, _y1, row_cells in bands:
        own = [c for c in row_cells if id(c) not in seen and abs(c.y0 - y0) <= snap]
        seen.update(id(c) for c in own)
        if own:
            table = (min(c.x0 for c in row_cells), max(c.x1 for c in row_cells))
            rows.append(Row(page.number, y0, max(c.y1 for c in own), own, table))
    free = _free_rows(page.number, loose, tracking, split_headings=bool(bands))
    if not bands:
        # no ruling at all: recover the table's columns from the text itself
        free = _column_rows(free, tracking, split_rows=ocr) or free
    rows.extend(free)
    rows.sort(key=lambda r: (r.y0, r.cells[0].x0))
    if ocr:
        for r in rows:
            for c in r.cells:
                c.ocr = True
                # a free row's text may have been read (and cached) before it was known to be
                # OCR'd: read it again through normalize.ocr_noise
                c._text = None
    return rows


def _assign(
    chars: list[Char], columns: Columns, bands: list[tuple[float, float, list[Cell]]], cells: list[Cell], height: float
) -> list[Char]:
    """Put each character into the cell that holds its centre; return the others (outside
    every cell) in page order. The cell: the band whose top is the last at or above the
    centre, then the first of its cells (left to right) spanning the centre; a glyph that
    overflows the table's outer border by up to its size belongs to the edge cell. Characters
    centred off the page are dropped: a label centred in a row that a page break split is
    drawn on both pages, only one copy is visible."""
    cx = (columns.x0 + columns.x1) / 2
    cy = (columns.y0 + columns.y1) / 2
    visible = (cy >= 0) & (cy <= height)
    target = np.full(len(chars), -1)
    if bands:
        index = {id(c): k for k, c in enumerate(cells)}
        width = max(len(b[2]) for b in bands) or 1
        edge0 = np.full((len(bands), width), np.nan)
        edge1 = np.full((len(bands), width), np.nan)
        cell_no = np.full((len(bands), width), -1)
        count = np.zeros(len(bands), dtype=int)
        for b, (_y0, _y1, row_cells) in enumerate(bands):
            count[b] = len(row_cells)
            for k, c in enumerate(row_cells):
                edge0[b, k], edge1[b, k], cell_no[b, k] = c.x0, c.x1, index[id(c)]
        band = np.searchsorted(np.array([b[0] for b in bands]), cy, side="right") - 1
        inside = band >= 0
        band = np.where(inside, band, 0)
        inside &= visible & (cy <= np.array([b[1] for b in bands])[band])
        for k in range(width):  # NaN edges of absent cells never compare true
            hit = inside & (target < 0) & (edge0[band, k] <= cx) & (cx <= edge1[band, k])
            target[hit] = cell_no[band[hit], k]
        rest = inside & (target < 0) & (count[band] > 0)
        last = np.maximum(count[band] - 1, 0)
        right = edge1[band, last]
        over = rest & (right < cx) & (cx <= right + columns.size)
        target[over] = cell_no[band[over], last[over]]
        left = edge0[band, 0]
        under = rest & ~over & (left - columns.size <= cx) & (cx < left)
        target[under] = cell_no[band[under], 0]
    loose: list[Char] = []
    for ch, t, v in zip(chars, target.tolist(), visible.tolist()):
        if t >= 0:
            cells[t].chars.append(ch)
        elif v:
            loose.append(ch)
    # every cell's lines from one sort of the page: by cell, centre y, x0, page order (the
    # order group_lines sorts each cell's characters in)
    order = np.lexsort((np.arange(len(chars)), columns.x0, cy, target))
    order = order[target[order] >= 0]
    cell_of, cys = target[order], cy[order].tolist()
    ordered = [chars[i] for i in order.tolist()]
    bounds = [0, *(np.flatnonzero(np.diff(cell_of)) + 1).tolist(), len(ordered)]
    for a, b in zip(bounds, bounds[1:]):
        if b > a:
            cells[int(cell_of[a])]._lines = lines_in_order(cys[a:b], ordered[a:b])
    return loose


def _free_rows(page_no: int, chars: list[Char], tracking: float = 0.0, split_headings: bool = True) -> list[Row]:
    """Text outside the grid: one row per paragraph of consecutive lines. split_headings: a
    heading line stands alone even without a gap (off for an unruled table, whose rows are
    told apart by the gaps alone: a choices cell starts with ＜選択肢＞ beside its label)."""
    rows: list[Row] = []
    cur: list[Line] = []

    def flush():
        if cur:
            cs = [c for ln in cur for c in ln.chars]
            cell = Cell(
                page_no,
                min(c.x0 for c in cs),
                min(c.y0 for c in cs),
                max(c.x1 for c in cs),
                max(c.y1 for c in cs),
                cs,
                free=True,
                tracking=tracking,
            )
            cell._lines = list(cur)
            rows.append(Row(page_no, cell.y0, cell.y1, [cell]))
            cur.clear()

    for ln in group_lines(chars):
        if cur:
            last = cur[-1].bbox
            b = ln.bbox
            gap = b[1] - last[3]
            # a heading line stands alone; wrapped prose continues with a small gap
            if (
                gap > 0.6 * (last[3] - last[1])
                or split_headings
                and (
                    _HEADING.match(line_text(ln.chars, tracking)) or _HEADING.match(line_text(cur[-1].chars, tracking))
                )
            ):
                flush()
        cur.append(ln)
    flush()
    return rows


# ---------------------------------------------------------------- tables without rulings


def _segments(line: Line, tracking: float) -> list[list[Char]]:
    col_gap = current().layout.col_gap
    segs: list[list[Char]] = []
    prev = None
    for c in line.chars:
        if not c.text.strip():
            continue
        if prev is None or c.x0 - prev.x1 > (col_gap + tracking) * max(c.size, prev.size, 1.0):
            segs.append([])
        segs[-1].append(c)
        prev = c
    return segs


def _column_rows(paragraphs: list[Row], tracking: float, split_rows: bool = False) -> list[Row] | None:
    """A page printed without rulings (or whose rulings were lost): the columns are where
    many line segments start (segments = runs of text separated by a wide gap), each
    paragraph (lines without a vertical gap, as for free text) becomes one row, and each of
    its segments goes to the column it starts in. None when the page has no columns.
    split_rows: rows are not told apart by vertical gaps (OCR'd scans), see _row_lines."""
    segs = [(row, seg) for row in paragraphs for ln in row.cells[0].lines for seg in _segments(ln, tracking)]
    if not segs:
        return None
    em = sorted(seg[0].size for _, seg in segs)[len(segs) // 2] or 1.0
    starts: list[list[float]] = []
    for x in sorted(seg[0].x0 for _, seg in segs):
        if starts and x - starts[-1][-1] <= 0.6 * em:
            starts[-1].append(x)
        else:
            starts.append([x])
    cols = [min(g) for g in starts if len(g) >= current().layout.min_support]
    if len(cols) < 2:
        return None
    right = max(c.x1 for _, seg in segs for c in seg)
    left = cols[0]
    col_of = lambda seg: max((k for k, x in enumerate(cols) if x <= seg[0].x0 + 0.5 * em), default=0)  # noqa: E731
    out: list[Row] = []
    for para in paragraphs:
        groups = _row_lines(para.cells[0].lines, tracking, col_of) if split_rows else [para.cells[0].lines]
        for lines in groups:
            by_col: dict[int, list[Char]] = {}
            for ln in lines:
                for seg in _segments(ln, tracking):
                    by_col.setdefault(col_of(seg), []).extend(seg)
            cs_all = [c for ln in lines for c in ln.chars]
            y0, y1 = min(c.y0 for c in cs_all), max(c.y1 for c in cs_all)
            if len(by_col) < 2:
                cell = Cell(
                    para.page,
                    min(c.x0 for c in cs_all),
                    y0,
                    max(c.x1 for c in cs_all),
                    y1,
                    cs_all,
                    free=True,
                    tracking=tracking,
                )
                cell._lines = list(lines)
                out.append(Row(para.page, y0, y1, [cell]))
                continue
            cells = []
            for i in sorted(by_col):
                x1 = cols[i + 1] if i + 1 < len(cols) else right
                cs = by_col[i]
                cells.append(Cell(para.page, cols[i], y0, max(x1, max(c.x1 for c in cs)), y1, cs, tracking=tracking))
            out.append(Row(para.page, y0, y1, cells, (left, right)))
    return out


_OPENER = re.compile(r"^\s*[(（]?\s*[\u2460-\u2473\u3251-\u325f]")


def _row_lines(lines: list[Line], tracking: float, col_of) -> list[list[Line]]:
    """A paragraph of an unruled table split into its rows: where row spacing equals line
    spacing (OCR'd scans), a row starts at a line with text in the label column that opens
    an item (circled number, heading) or that follows lines without label text."""
    groups: list[list[Line]] = []
    prev_label = False
    for ln in lines:
        segs = _segments(ln, tracking)
        label = next((s for s in segs if col_of(s) == 0), None)
        text = line_text(label, tracking) if label else ""
        if not groups or label is not None and (not prev_label or _OPENER.match(text) or _HEADING.match(text)):
            groups.append([])
        groups[-1].append(ln)
        prev_label = label is not None
    return groups


_HEADING = re.compile(
    r"^\s*(?:[ⅠⅡⅢⅣⅤⅥ]|(?:VI|IV|V|I{1,3})(?=[^A-Za-z])|[(（]\s*別[添紙]|\d{1,2}\s*[.．]|リスク\s*\d|システム\s*\d"
    r"|委託事項\s*\d|提供先\s*\d|移転先\s*\d|変更箇所|＜|<|\(備考|（備考)"
)


# ---------------------------------------------------------------- page furniture
