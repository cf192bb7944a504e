"""Render a small declarative document model to a form-like A4 PDF, the way a spreadsheet
printout looks: ruled tables (line segments or per-cell rectangles), grey label cells, text
wrapped inside cells, tables flowing over pages with rows split across the break, running
headers/footers.  Content streams are written by hand (not page.insert_text) so that each messy
variant is under our control: where every glyph goes, how many text operations, which font
resource reports which Unicode.

Model:  Document(blocks=[Para | Table | Spacer | PageBreak], decor=[Decor])
        Table(widths=[...relative...], rows=[[Cell, ...], ...], header_rows=n)
        Cell(text, role="label"|"value"|"choices"|"head"|"title", colspan, rowspan, align)
In cell/para text, CHECKED / UNCHECKED stand for a check box; how it is printed depends on
Messy.mark / Messy.brackets.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

import pymupdf

from .messy import CLEAN, GLYPH_STANDIN, KANGXI, Messy, break_tounicode, finish, rasterise, rewrite_tounicode

CHECKED = "\ue001"
UNCHECKED = "\ue000"

A4 = (595.28, 841.89)
GREY_HEAD = 0.85  # section header rows, as in the LibreOffice printouts of the official Excel forms
GREY_LABEL = 0.93  # label cells


@dataclass
class Cell:
    text: str = ""
    role: str = "value"  # label | value | choices | head | blank
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left | center | right


@dataclass
class Table:
    widths: list[float]  # relative column widths, scaled to the text area
    rows: list[list[Cell]]
    header_rows: int = 0  # repeated at the top of each continuation page
    size: float = 8.8


@dataclass
class Para:
    text: str
    size: float = 10.5
    align: str = "left"  # left | center | right
    indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 3.0
    hang: float = 0.0  # extra indent of the wrapped lines (hanging-indent speaker turns)


@dataclass
class Spacer:
    height: float = 8.0


@dataclass
class PageBreak:
    pass


@dataclass
class Decor:
    """Text printed on every page outside the body (page numbers, running titles, 様式 marker)."""

    text: str  # may use {page} and {pages}
    where: str = "bottom-center"  # top-left | top-center | top-right | bottom-left | bottom-center | bottom-right
    pages: str = "all"  # all | first | rest
    size: float = 7.4
    line: int = 0  # two-line headers/footers: 0 is nearest the body, 1 the line beyond it


@dataclass
class Document:
    blocks: list
    decor: list[Decor] = field(default_factory=list)
    margins: tuple[float, float, float, float] = (36.0, 46.0, 36.0, 52.0)  # left, top, right, bottom
    page_size: tuple[float, float] = A4
    meta: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------- fonts / glyphs


@functools.lru_cache(maxsize=1)
def _font() -> pymupdf.Font:
    # PyMuPDF's built-in CJK font (Droid Sans Fallback): present on every machine with pymupdf,
    # embedded and subset into the PDF, so nothing depends on system fonts.
    return pymupdf.Font("japan")


@functools.lru_cache(maxsize=8192)
def _gid(ch: str) -> int:
    return _font().has_glyph(ord(ch))


@functools.lru_cache(maxsize=8192)
def _adv(ch: str) -> float:
    """advance of ch at size 1"""
    return _font().glyph_advance(ord(ch)) if _gid(ch) else 1.0


@dataclass
class Glyph:
    draw: str  # character whose glyph is painted
    report: str  # character the text layer should yield
    kind: str = "g"  # g glyph | v vector check box (no glyph) ; tick: overlay a drawn tick
    checked: bool = False
    tick: bool = False


class Writer:
    """Turns text into Glyph items according to the Messy flags."""

    def __init__(self, messy: Messy):
        self.m = messy
        self.rnd = random.Random(messy.seed)

    def mark(self, checked: bool) -> list[Glyph]:
        out = self._mark(checked)
        for g in out:  # ✔ is not in the font: paint ✓, report ✔
            if g.draw in GLYPH_STANDIN and g.draw != "☑":
                g.draw = GLYPH_STANDIN[g.draw]
        return out

    def _mark(self, checked: bool) -> list[Glyph]:
        m, br = self.m.mark, self.m.brackets
        if m == "vector":
            return [Glyph(" ", "", kind="v", checked=checked)]
        if m == "☑":
            # a ballot box is its own bracket
            return [Glyph("□", "☑" if checked else "☐", tick=checked)]
        if not br:
            return [Glyph(m if checked else "□", m if checked else "□")]
        inner = [Glyph(" ", " "), Glyph(m, m), Glyph(" ", " ")] if checked else [Glyph(" ", " ")]
        return [Glyph(br[0], br[0]), *inner, Glyph(br[1], br[1])]

    def glyphs(self, text: str) -> list[Glyph]:
        out: list[Glyph] = []
        k = self.m.kangxi
        for ch in text:
            if ch == CHECKED or ch == UNCHECKED:
                out.extend(self.mark(ch == CHECKED))
                continue
            g = Glyph(ch, ch)
            if ch in KANGXI and k and (k is True or self.rnd.random() < float(k)):
                g.report = KANGXI[ch]
            if ch in GLYPH_STANDIN:
                g.draw = GLYPH_STANDIN[ch]
                g.tick = ch == "☑"
            elif ch not in "\n" and not _gid(ch):
                g.draw = "〓"  # no glyph in the font: paint a geta mark, still report the char
            out.append(g)
        return out


# ----------------------------------------------------------------------------- line breaking

NO_LINE_START = set("、。，．）」』】〕］｝〉》ー’”：；？！ゃゅょっャュョッぁぃぅぇぉァィゥェォ々,.)]}:;%")


def _width(g: Glyph, size: float, messy: Messy) -> float:
    if g.kind == "v":
        w = size
    else:
        w = _adv(g.draw) * size
    if messy.spaced:
        w += size * (0.25 if messy.spaced is True else 0.5)
    return w


def wrap(glyphs: list[Glyph], width: float, size: float, messy: Messy) -> list[list[Glyph]]:
    lines: list[list[Glyph]] = [[]]
    x = 0.0
    for g in glyphs:
        if g.draw == "\n":
            lines.append([])
            x = 0.0
            continue
        w = _width(g, size, messy)
        if x + w > width and lines[-1] and g.draw not in NO_LINE_START:
            lines.append([])
            x = 0.0
        if (
            not lines[-1]
            and g.draw in " \u3000"
            and g.kind == "g"
            and len(lines) > 1
            and x == 0.0
            and g.report == g.draw
        ):
            continue  # a wrapped line does not start with a space
        lines[-1].append(g)
        x += w
    return lines


# ----------------------------------------------------------------------------- page canvas


class Page:
    def __init__(self, h: float):
        self.h = h
        self.fills: list[tuple] = []  # (x0, y0, x1, y1, grey)
        self.rects: list[tuple] = []  # (x0, y0, x1, y1)
        self.segs: set[tuple] = set()  # ((x0, y0), (x1, y1)) deduplicated like a spreadsheet
        self.text: list[tuple] = []  # (x, baseline, size, [Glyph])
        self.vec: list[tuple] = []  # drawn check boxes: (x, baseline, size, checked)

    def box(self, x0, y0, x1, y1, messy: Messy, edges=(True, True, True, True)):
        top, right, bottom, left = edges
        if messy.rules == "rects":
            self.rects.append((x0, y0, x1, y1))
            return
        r = lambda v: round(v, 2)  # noqa: E731
        if top:
            self.segs.add(((r(x0), r(y0)), (r(x1), r(y0))))
        if bottom:
            self.segs.add(((r(x0), r(y1)), (r(x1), r(y1))))
        if left:
            self.segs.add(((r(x0), r(y0)), (r(x0), r(y1))))
        if right:
            self.segs.add(((r(x1), r(y0)), (r(x1), r(y1))))


class Renderer:
    def __init__(self, doc: Document, messy: Messy = CLEAN):
        self.d = doc
        self.m = messy
        self.w = Writer(messy)
        self.W, self.H = doc.page_size
        l, t, r, b = doc.margins
        self.x0, self.x1 = l, self.W - r
        self.top, self.bottom = t, self.H - b
        self.pages: list[Page] = []
        self.y = 0.0
        self.forced_splits = 0
        self.new_page()

    # -- flow
    def new_page(self):
        self.pages.append(Page(self.H))
        self.y = self.top

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def line_h(self, size: float) -> float:
        return size * 1.32

    def draw_line(self, glyphs: list[Glyph], x: float, y_top: float, size: float, width: float, align: str):
        if not glyphs:
            return
        lw = sum(_width(g, size, self.m) for g in glyphs)
        if align == "center":
            x += max(0.0, (width - lw) / 2)
        elif align == "right":
            x += max(0.0, width - lw)
        self.page.text.append((x, y_top + size * 1.0, size, glyphs))

    # -- blocks
    def run(self) -> list[Page]:
        for b in self.d.blocks:
            if isinstance(b, PageBreak):
                self.new_page()
            elif isinstance(b, Spacer):
                self.y += b.height
                if self.y > self.bottom:
                    self.new_page()
            elif isinstance(b, Para):
                self.para(b)
            elif isinstance(b, Table):
                self.table(b)
            else:
                raise TypeError(b)
        return self.pages

    def para(self, p: Para):
        self.y += p.space_before
        width = self.x1 - self.x0 - p.indent
        lh = self.line_h(p.size)
        # hanging indent: every line is wrapped to the narrower width, the first one starts further left
        for i, line in enumerate(wrap(self.w.glyphs(p.text), width - p.hang, p.size, self.m)):
            if self.y + lh > self.bottom:
                self.new_page()
            x = self.x0 + p.indent + (p.hang if i else 0.0)
            self.draw_line(line, x, self.y, p.size, width - (p.hang if i else 0.0), p.align)
            self.y += lh
        self.y += p.space_after

    def table(self, t: Table):
        tw = self.x1 - self.x0
        scale = tw / sum(t.widths)
        colx = [self.x0]
        for w in t.widths:
            colx.append(colx[-1] + w * scale)
        pad_x, pad_y = 2.0, 2.0
        lh = self.line_h(t.size)

        # place cells on the grid (rowspans occupy columns of the rows below)
        occupied: dict[tuple[int, int], bool] = {}
        placed = []  # per row: list of (cell, c0, c1, lines)
        for ri, row in enumerate(t.rows):
            c = 0
            prow = []
            for cell in row:
                while occupied.get((ri, c)):
                    c += 1
                c1 = min(c + cell.colspan, len(t.widths))
                for rr in range(ri, ri + cell.rowspan):
                    for cc in range(c, c1):
                        occupied[(rr, cc)] = True
                width = colx[c1] - colx[c] - 2 * pad_x
                lines = wrap(self.w.glyphs(cell.text), width, t.size, self.m) if cell.text else [[]]
                prow.append((cell, c, c1, lines))
                c = c1
            placed.append(prow)
        heights = []
        for prow in placed:
            n = max([len(li) for cell, _, _, li in prow if cell.rowspan == 1] or [1])
            heights.append(n * lh + 2 * pad_y)
        for ri, prow in enumerate(placed):  # a tall rowspan cell stretches its last row
            for cell, _, _, lines in prow:
                if cell.rowspan > 1:
                    need = len(lines) * lh + 2 * pad_y
                    have = sum(heights[ri : ri + cell.rowspan])
                    if need > have:
                        heights[min(ri + cell.rowspan, len(heights)) - 1] += need - have

        frags: dict[int, list[tuple[int, float, float]]] = {}  # row -> [(page, y0, y1)]

        def emit(ri: int, y0: float, y1: float, spans: dict[int, tuple[int, int]], first: bool, last: bool):
            frags.setdefault(ri, []).append((len(self.pages) - 1, y0, y1))
            for k, (cell, c0, c1, lines) in enumerate(placed[ri]):
                if cell.rowspan > 1:
                    continue
                x0, x1 = colx[c0], colx[c1]
                if cell.role in ("label", "head"):
                    self.page.fills.append((x0, y0, x1, y1, GREY_HEAD if cell.role == "head" else GREY_LABEL))
                self.page.box(x0, y0, x1, y1, self.m)
                a, b = spans[k]
                sub = lines[a:b]
                # unsplit rows: text vertically centred as in the spreadsheet printouts;
                # fragments of a split row: top-aligned so the text flows on
                ty = y0 + pad_y
                if first and last:
                    ty = y0 + max(pad_y, (y1 - y0 - len(sub) * lh) / 2)
                for i, line in enumerate(sub):
                    self.draw_line(line, x0 + pad_x, ty + i * lh, t.size, x1 - x0 - 2 * pad_x, cell.align)

        def header():
            for hi in range(min(t.header_rows, len(placed))):
                h = heights[hi]
                spans = {k: (0, len(li)) for k, (_, _, _, li) in enumerate(placed[hi])}
                emit_hdr(hi, h, spans)

        def emit_hdr(hi, h, spans):
            y0 = self.y
            emit(hi, y0, y0 + h, spans, True, True)
            frags[hi].pop()  # header repeats do not count as fragments of row hi
            self.y += h

        for ri, prow in enumerate(placed):
            h = heights[ri]
            all_head = all(c.role == "head" for c, *_ in prow)
            nxt = heights[ri + 1] if ri + 1 < len(heights) else 0
            if all_head and self.y + h + min(nxt, 3 * lh) > self.bottom and self.y > self.top + 1:
                self.new_page()  # keep a section heading with its first row
                if ri >= t.header_rows:
                    header()
            pos = {k: 0 for k in range(len(prow))}
            nlines = {k: len(li) for k, (c, _, _, li) in enumerate(prow) if c.rowspan == 1}
            maxl = max(nlines.values() or [1])
            first = True
            force = self.m.split_rows and maxl >= 4 and self.forced_splits < 3 and self.y + h <= self.bottom
            while True:
                remaining = max([nlines[k] - pos[k] for k in nlines] or [0])
                need = remaining * lh + 2 * pad_y if not first else h
                fits = self.y + need <= self.bottom
                if fits and not force:
                    spans = {k: (pos[k], nlines.get(k, 0)) for k in range(len(prow))}
                    emit(ri, self.y, self.y + need, spans, first, True)
                    self.y += need
                    break
                avail = int((self.bottom - self.y - 2 * pad_y) // lh)
                if force:
                    avail = min(avail, max(1, maxl // 2))
                    force = False
                    self.forced_splits += 1
                # split only tall rows (or forced); short rows move to the next page whole
                if avail >= 1 and (remaining > avail) and (maxl >= 3 or self.m.split_rows):
                    spans = {k: (pos[k], min(nlines.get(k, 0), pos[k] + avail)) for k in range(len(prow))}
                    y1 = self.y + avail * lh + 2 * pad_y
                    emit(ri, self.y, y1, spans, first, False)
                    for k in nlines:
                        pos[k] = min(nlines[k], pos[k] + avail)
                    first = False
                    self.new_page()
                    header()
                    continue
                if self.y <= self.top + 1:  # does not fit even on an empty page: let it overflow
                    spans = {k: (pos[k], nlines.get(k, 0)) for k in range(len(prow))}
                    emit(ri, self.y, self.y + need, spans, first, True)
                    self.y += need
                    break
                self.new_page()
                header()

        # merged (rowspan) cells: one box per page over the rows they span, text in the first
        for ri, prow in enumerate(placed):
            for cell, c0, c1, lines in prow:
                if cell.rowspan == 1:
                    continue
                parts: dict[int, list[float]] = {}
                for rr in range(ri, min(ri + cell.rowspan, len(placed))):
                    for pg, y0, y1 in frags.get(rr, []):
                        p = parts.setdefault(pg, [y0, y1])
                        p[0], p[1] = min(p[0], y0), max(p[1], y1)
                x0, x1 = colx[c0], colx[c1]
                for j, (pg, (y0, y1)) in enumerate(sorted(parts.items())):
                    page = self.pages[pg]
                    if cell.role in ("label", "head"):
                        page.fills.append((x0, y0, x1, y1, GREY_HEAD if cell.role == "head" else GREY_LABEL))
                    page.box(x0, y0, x1, y1, self.m)
                    if j == 0:
                        ty = y0 + max(pad_y, (y1 - y0 - len(lines) * lh) / 2)
                        for i, line in enumerate(lines):
                            if line:
                                sz = t.size
                                lw = sum(_width(g, sz, self.m) for g in line)
                                x = x0 + pad_x
                                if cell.align == "center":
                                    x += max(0.0, (x1 - x0 - 2 * pad_x - lw) / 2)
                                page.text.append((x, ty + i * lh + sz, sz, line))
        self.y += 4.0


# ----------------------------------------------------------------------------- PDF writing


def _hex(gid: int) -> str:
    return f"{gid:04X}"


class AliasFonts:
    """Font resources whose /ToUnicode we rewrite: glyph of `draw` reports `report`.
    A second alias font is opened when the same glyph must report two different chars."""

    def __init__(self):
        self.fonts: list[dict[str, str]] = []

    def pick(self, draw: str, report: str) -> int:
        for i, m in enumerate(self.fonts):
            if m.get(draw, report) == report:
                m[draw] = report
                return i
        self.fonts.append({draw: report})
        return len(self.fonts) - 1


def _font_for(g: Glyph, aliases: AliasFonts) -> str:
    if g.report == g.draw:
        return "F0"
    return f"FA{aliases.pick(g.draw, g.report)}"


def _content(page: Page, messy: Messy, aliases: AliasFonts, used: dict[str, set[int]]) -> bytes:
    H = page.h
    out: list[str] = ["q"]
    for x0, y0, x1, y1, grey in page.fills:
        out.append(f"{grey:.3f} g {x0:.2f} {H - y1:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re f")
    out.append("0 g")
    off = messy.bold_offset
    ticks = []
    for x, base, size, glyphs in page.text:
        yb = H - base
        # group the line into runs of one font; messy modes break runs into single glyphs
        runs: list[tuple[str, float, list[Glyph]]] = []
        cx = x
        for g in glyphs:
            w = _width(g, size, messy)
            if g.kind == "v":
                ticks.append(("box", cx, base, size, g.checked))
                cx += w
                continue
            if g.tick:
                ticks.append(("tick", cx, base, size, True))
            if g.report == "" or g.draw == "\n":
                cx += w
                continue
            fn = _font_for(g, aliases)
            single = bool(off or messy.spaced)
            if runs and not single and runs[-1][0] == fn:
                runs[-1][2].append(g)
            else:
                runs.append((fn, cx, [g]))
            if messy.spaced == "literal" and g.draw not in " \u3000":
                runs.append(("F0", cx + _adv(g.draw) * size, [Glyph(" ", " ")]))
            cx += w
        for fn, rx, gs in runs:
            ids = []
            for g in gs:
                gid = _gid(g.draw)
                used.setdefault(fn, set()).add(gid)
                ids.append(_hex(gid))
            out.append(f"BT /{fn} {size:.2f} Tf 1 0 0 1 {rx:.2f} {yb:.2f} Tm <{''.join(ids)}> Tj ET")
            if off:
                out.append(f"BT /{fn} {size:.2f} Tf 1 0 0 1 {rx + off:.2f} {yb:.2f} Tm <{''.join(ids)}> Tj ET")
    # drawn marks: a box with a filled dot inside (no glyph), or a tick over a □ glyph
    for kind, x, base, size, checked in ticks:
        s = size * 0.8
        bx, by = x + size * 0.1, H - base - size * 0.05
        if kind == "box":
            out.append(f"0.6 w {bx:.2f} {by:.2f} {s:.2f} {s:.2f} re S")
            if checked:
                r = s * 0.28
                cx, cy = bx + s / 2, by + s / 2
                k = 0.5523 * r
                out.append(
                    f"{cx + r:.2f} {cy:.2f} m {cx + r:.2f} {cy + k:.2f} {cx + k:.2f} {cy + r:.2f} {cx:.2f} {cy + r:.2f} c "
                    f"{cx - k:.2f} {cy + r:.2f} {cx - r:.2f} {cy + k:.2f} {cx - r:.2f} {cy:.2f} c "
                    f"{cx - r:.2f} {cy - k:.2f} {cx - k:.2f} {cy - r:.2f} {cx:.2f} {cy - r:.2f} c "
                    f"{cx + k:.2f} {cy - r:.2f} {cx + r:.2f} {cy - k:.2f} {cx + r:.2f} {cy:.2f} c f"
                )
        else:
            out.append(
                f"1 w {bx + s * 0.15:.2f} {by + s * 0.5:.2f} m {bx + s * 0.4:.2f} {by + s * 0.2:.2f} l "
                f"{bx + s * 0.95:.2f} {by + s * 1.0:.2f} l S"
            )
    out.append("0.5 w 0 G")
    for x0, y0, x1, y1 in page.rects:
        out.append(f"{x0:.2f} {H - y1:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re S")
    for (ax, ay), (bx, by) in sorted(page.segs):
        out.append(f"{ax:.2f} {H - ay:.2f} m {bx:.2f} {H - by:.2f} l S")
    out.append("Q")
    return "\n".join(out).encode()


def _decor(doc: Document, pages: list[Page]):
    n = len(pages)
    l, t, r, b = doc.margins
    W, H = doc.page_size
    for i, p in enumerate(pages):
        for d in doc.decor:
            if (d.pages == "first" and i) or (d.pages == "rest" and not i):
                continue
            text = d.text.format(page=i + 1, pages=n)
            gl = Writer(CLEAN).glyphs(text)
            lw = sum(_adv(g.draw) * d.size for g in gl)
            vert, horiz = d.where.split("-")
            y = t - 24 - d.line * d.size * 1.3 if vert == "top" else H - b + 22 + d.line * d.size * 1.3
            x = {"left": l, "right": W - r - lw, "center": (W - lw) / 2}[horiz]
            p.text.append((x, y, d.size, gl))


def render(doc: Document, messy: Messy = CLEAN) -> bytes:
    pages = Renderer(doc, messy).run()
    _decor(doc, pages)
    out = pymupdf.open()
    aliases = AliasFonts()
    used: dict[str, set[int]] = {}
    contents = []
    for p in pages:
        contents.append(_content(p, messy, aliases, used))
    buf = _font().buffer
    font_xrefs: dict[str, int] = {}
    for _p, data in zip(pages, contents):
        page = out.new_page(width=doc.page_size[0], height=doc.page_size[1])
        font_xrefs["F0"] = page.insert_font(fontname="F0", fontbuffer=buf)
        for i in range(len(aliases.fonts)):
            # a different buffer (padding bytes) keeps PyMuPDF from reusing F0's font object
            font_xrefs[f"FA{i}"] = page.insert_font(fontname=f"FA{i}", fontbuffer=buf + b"\0" * 4 * (i + 1))
        xref = out.get_new_xref()
        out.update_object(xref, "<<>>")
        out.update_stream(xref, data)
        page.set_contents(xref)
    out.subset_fonts()
    for i, m in enumerate(aliases.fonts):
        rewrite_tounicode(out, font_xrefs[f"FA{i}"], {_gid(d): r for d, r in m.items()})
    if messy.no_tounicode:
        by_xref = {font_xrefs[k]: v for k, v in used.items() if k in font_xrefs}
        break_tounicode(out, messy.no_tounicode, by_xref, messy.seed)
    pdf = finish(out, doc.meta)
    if messy.image_only:
        pdf = rasterise(pdf, messy.image_dpi)
    return pdf
