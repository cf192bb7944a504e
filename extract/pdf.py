"""Read a PDF into plain page content: characters, text lines, ruling segments, filled boxes.

Everything downstream works on these small value objects, never on PyMuPDF objects, so the
layout code can be tested on generated pages and the PDF library could be swapped.

Why characters and not PyMuPDF's own lines: published PDFs overprint glyphs for fake bold,
draw every character as its own text object ("spaced" text) and mix fonts inside one word;
regrouping deduplicated characters by position gives the same lines for all of them.
"""

from __future__ import annotations

import gc
import os
import threading
from bisect import bisect_right
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pymupdf

from extract.damage import damage_of
from extract.settings_context import current

# Character boxes from the font's own ascender/descender, without MuPDF's "quad corrections":
# every threshold here was tuned on these boxes. Set explicitly because PyMuPDF 2.0's import of
# pymupdf4llm used to set it as a side effect, and extract/__init__.py now skips that import.
pymupdf.TOOLS.unset_quad_corrections(True)
# MuPDF prints its repair messages for broken files to stderr; a batch reports the cause of
# each failure through PdfError and ingest_errors instead
pymupdf.TOOLS.mupdf_display_errors(False)

BBox = tuple[float, float, float, float]


class PdfError(Exception):
    """A file that cannot be read as a PDF. `code` goes to ingest_errors.error_code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class Char(NamedTuple):
    # a NamedTuple, not a dataclass: pages hold thousands and construction cost dominates reading
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    font: str
    glyph: int = -1
    # how sure OCR is of the character, 0–1 (hyokasho.ocr: Tesseract's word confidence; the glyph
    # map: the share of votes that named the glyph); None: the PDF's text layer says it
    conf: float | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def ocr_confidence(chars: Iterable[Char]) -> float | None:
    """The lowest confidence of the OCR'd characters among `chars` (Char.conf), to two places;
    None when none was OCR'd (the text layer gave them all, or there are none). The lowest, not
    the mean: one misread character makes a value wrong, and an analyst filtering for review
    wants that value."""
    confs = [c.conf for c in chars if c.conf is not None]
    return round(min(confs), 2) if confs else None


@dataclass(frozen=True, slots=True)
class Line:
    """A visual text line: characters sharing a baseline, left to right."""

    chars: tuple[Char, ...]
    # caches, computed on first use
    _bbox: BBox | None = field(default=None, init=False, compare=False, repr=False)
    _text: str | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def bbox(self) -> BBox:
        b = self._bbox
        if b is None:
            b = _bbox_of(self.chars)
            object.__setattr__(self, "_bbox", b)
        return b

    @property
    def text(self) -> str:
        t = self._text
        if t is None:
            t = join_chars(self.chars)
            object.__setattr__(self, "_text", t)
        return t


_X0, _Y0, _X1, _Y1 = itemgetter(1), itemgetter(2), itemgetter(3), itemgetter(4)


def _bbox_of(chars) -> BBox:
    return (min(map(_X0, chars)), min(map(_Y0, chars)), max(map(_X1, chars)), max(map(_Y1, chars)))


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line, horizontal or vertical, normalised so x0 <= x1 and y0 <= y1."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle (cell shading, a drawn check mark)."""

    x0: float
    y0: float
    x1: float
    y1: float
    gray: float  # 0 black … 1 white


class Columns(NamedTuple):
    """The boxes and sizes of a page's characters as arrays. The page-wide passes (the
    overprint check, letter-spacing, cell assignment in extract.assessment.cells) run as array
    operations instead of a Python loop per character: most of a page's reading cost."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    size: np.ndarray


def char_columns(chars: list[Char]) -> Columns:
    n = len(chars)
    return Columns(*(np.fromiter(map(itemgetter(k), chars), dtype=np.float64, count=n) for k in (1, 2, 3, 4, 5)))


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    segments: list[Segment]
    fills: list[Fill]
    image_area: float = 0.0  # share of the page covered by images (scans)
    raw_char_count: int = 0  # before fake-bold deduplication
    meta: dict = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[Line]:
        return group_lines(self.chars, self.columns)

    @cached_property
    def columns(self) -> Columns:
        return char_columns(self.chars)

    @cached_property
    def tracking(self) -> float:
        """The page's letter-spacing in em (see letter_spacing)."""
        return letter_spacing(self.columns)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Document:
    path: str
    pages: list[Page]
    metadata: dict
    page_count: int

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


# ---------------------------------------------------------------- reading


def open_pdf(path: str | os.PathLike, max_pages: int | None = None) -> Document:
    """Open and read every page. Raises PdfError with a precise code for unreadable input."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except PermissionError as e:
        raise PdfError("unreadable", f"{path}: permission denied ({e.strerror})") from e
    except OSError as e:
        raise PdfError("unreadable", f"{path}: cannot read file ({e.strerror or e})") from e
    return read_pdf_bytes(data, str(path), max_pages=max_pages)


def read_pdf_bytes(data: bytes, name: str, max_pages: int | None = None) -> Document:
    if not data:
        raise PdfError("empty", f"{name}: file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise PdfError("not_pdf", f"{name}: not a PDF (no %PDF- header; starts with {data[:8]!r})")
    try:
        pdf = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:  # MuPDF raises plain RuntimeError/FileDataError subclasses
        raise PdfError("truncated", f"{name}: PDF structure is broken and could not be repaired ({e})") from e
    with pdf:
        if pdf.needs_pass:
            raise PdfError("encrypted", f"{name}: PDF is encrypted with a user password")
        if pdf.is_encrypted and not pdf.authenticate(""):
            raise PdfError("encrypted", f"{name}: PDF is encrypted and cannot be opened without a password")
        cut = _truncation(data)
        try:
            page_count = pdf.page_count
        except Exception as e:  # MuPDF: "Invalid number of pages" from a broken page tree
            code, what = ("truncated", cut) if cut else ("damaged", "is damaged (its page tree is broken)")
            raise PdfError(code, f"{name}: PDF {what}: its pages cannot be counted ({e})") from e
        if page_count == 0:
            if cut:
                raise PdfError("truncated", f"{name}: PDF {cut} and no page could be recovered")
            raise PdfError("empty", f"{name}: PDF has no pages")
        read_warnings = _repair_warnings(pdf, name, cut)
        n = page_count if max_pages is None else min(page_count, max_pages)
        pages = []
        with gc_paused():
            for i in range(n):
                try:
                    pages.append(read_page(pdf[i], i + 1))
                except Exception as e:
                    # MuPDF's format and syntax errors (a page tree that loops, a page object that is
                    # not one) are the file's; anything else may be the parser's
                    code = "damaged" if type(e).__name__ in _FILE_ERRORS else "parser_crash"
                    raise PdfError(code, f"{name}: page {i + 1} could not be read ({type(e).__name__}: {e})") from e
        metadata = dict(pdf.metadata or {})
        if read_warnings:
            metadata["read_warnings"] = read_warnings
        return Document(path=name, pages=pages, metadata=metadata, page_count=page_count)


_FILE_ERRORS = frozenset({"FzErrorFormat", "FzErrorSyntax"})


def _truncation(data: bytes) -> str | None:
    """How a file is cut short ("is truncated (…)"), or None when it ends as a PDF does."""
    if b"%%EOF" in data[-1024:]:
        return None
    return f"is truncated (it ends after {len(data):,} bytes without %%EOF)"


def _repair_warnings(pdf: pymupdf.Document, name: str, cut: str | None) -> list[str]:
    """Raise PdfError when MuPDF's repair of the file left pages without what they are drawn
    from; the warnings to keep when the repaired file is whole (see extract.damage)."""
    damage = damage_of(pdf)
    if damage is not None and damage.pages:
        code, what = ("truncated", cut) if cut else ("damaged", "is damaged (its cross-reference table is broken)")
        raise PdfError(code, f"{name}: PDF {what}: {damage.describe()}")
    warnings = []
    if pdf.is_repaired and cut:
        warnings.append(f"{name}: PDF {cut}; its structure was rebuilt and every page was found whole")
    if damage is not None and damage.font_pages:
        warnings.append(f"{name}: PDF {cut or 'is damaged'}: {damage.describe_fonts()}")
    return warnings


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = False


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while pages are read, while the extractors build
    cells and records (they use it as a decorator), and over both in hyokasho.pipeline.

    A page's text trace allocates several tuples per character (thousands per page), none
    of them in a reference cycle; the collector's generation-0 passes over them cost as much
    as MuPDF's own interpretation of the page (measured: get_texttrace() 1.5x -> 0.7x of raw
    get_text("dict") + get_drawings()); over the cells and records of a 全項目評価書 they
    cost another 10% of the extraction. Reference counting still frees everything. Nested and
    concurrent readers (threads) share one pause; the last one out restores the old state.
    """
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled:
                gc.enable()


def read_page(page: pymupdf.Page, number: int) -> Page:
    rect = page.rect
    raw = _trace_chars(page)
    columns = char_columns(raw)
    # the exact, per-character dedupe only for the characters that could be one overprinted
    chars, columns = _deduped(raw, columns)
    segments, fills = _drawings(page)
    out = Page(
        number=number,
        width=rect.width,
        height=rect.height,
        chars=chars,
        segments=segments,
        fills=fills,
        image_area=_image_area(page),
        raw_char_count=len(raw),
    )
    out.__dict__["columns"] = columns  # the cached_property, already computed
    return out


def _deduped(raw: list[Char], columns: Columns) -> tuple[list[Char], Columns]:
    """dedupe_chars(raw) and its columns, the dedupe run only on the characters that have a
    possible overprinted copy (overprint_candidates). The others are kept whatever it decides
    (no kept character is close enough to make one a copy) and never make another one a copy,
    so the result is the same; on a fake-bold page the candidates are its bold words."""
    candidates = overprint_candidates(raw, columns)
    if candidates is None:
        return raw, columns
    idx = np.flatnonzero(candidates).tolist()
    kept = dedupe_chars([raw[i] for i in idx])
    if len(kept) == len(idx):
        return raw, columns
    keep = np.ones(len(raw), dtype=bool)
    k = 0
    for i in idx:  # kept is a subsequence of the candidates, the same objects
        if k < len(kept) and kept[k] is raw[i]:
            k += 1
        else:
            keep[i] = False
    chars = [c for c, y in zip(raw, keep.tolist()) if y]
    return chars, Columns(*(a[keep] for a in columns))


_SPACES = frozenset(map(ord, " \u3000\t\n\r\xa0"))
_new = tuple.__new__  # builds a Char without the Python-level NamedTuple __new__ frame


def _trace_chars(page: pymupdf.Page) -> list[Char]:
    out: list[Char] = []
    append = out.append  # hot loop: thousands of characters per page
    spaces = _SPACES
    new = _new
    for span in page.get_texttrace():
        if span.get("opacity", 1) == 0 and span.get("type") != 3:
            continue  # fully transparent text that is not an OCR layer is not printed
        size = float(span["size"])
        font = span["font"]
        for uni, glyph, _origin, (x0, y0, x1, y1) in span["chars"]:
            if uni in spaces:
                continue  # spacing is rebuilt from positions, never trusted from the text layer
            if x1 <= x0 or y1 <= y0:
                # some fonts report empty boxes; give the glyph its nominal em square
                x1 = max(x1, x0 + size)
                y0 = min(y0, y1 - size)
            append(new(Char, (chr(uni) if uni >= 0 else "\ufffd", x0, y0, x1, y1, size, font, glyph, None)))
    return out


def dedupe_chars(chars: list[Char]) -> list[Char]:
    """Drop overprinted copies (fake bold): the same character at nearly the same spot.

    The tolerance is a third of the font size because fake-bold offsets scale with the
    font; a real repeated character ("ここ") sits a whole advance away and survives.
    A narrow glyph repeated ("ii" in "(ii)") sits less than a third of an em away: the
    copy must overlap most of the glyph's own width to be an overprint.

    One pass with everything inline: this runs for every character of every page.
    """
    out: list[Char] = []
    append = out.append
    # text -> y bucket -> kept (x0, y0). Buckets are scaled by each character's own size, so
    # bucket numbers of different sizes can meet: the stored y is checked too, not only the
    # bucket. Two levels rather than (text, bucket) keys: a character's first occurrence on
    # the page (most of them) costs one lookup, and the rest look up plain ints.
    seen: dict[str, dict[int, list[tuple[float, float]]]] = {}
    get = seen.get
    for c in chars:
        text, x0, y0, x1, _y1, sz = c[:6]
        # the same arithmetic as max(size, 1.0) / 3
        step = (1.0 if 1.0 > sz else sz) / 3
        by = int(y0 // step)
        buckets = get(text)
        if buckets is None:
            seen[text] = {by: [(x0, y0)]}
            append(c)
            continue
        here = buckets.get(by)
        below = buckets.get(by - 1)
        above = buckets.get(by + 1)
        if here is None and below is None and above is None:
            buckets[by] = [(x0, y0)]
            append(c)
            continue
        # min(step, 0.6 * width)
        if x1 > x0:
            w = 0.6 * (x1 - x0)
            near = w if w < step else step
        else:
            near = step
        duplicate = False
        for xs in (below, here, above):
            if xs:
                for x, y in xs:
                    if abs(x - x0) < near and abs(y - y0) < step:
                        duplicate = True
                        break
                if duplicate:
                    break
        if not duplicate:
            if here is None:
                buckets[by] = [(x0, y0)]
            else:
                here.append((x0, y0))
            append(c)
    return out


def may_overprint(chars: list[Char], columns: Columns) -> bool:
    """False when no two characters can be overprinted copies for dedupe_chars (see
    overprint_candidates). True is only "maybe": dedupe_chars decides."""
    return overprint_candidates(chars, columns) is not None


def overprint_candidates(chars: list[Char], columns: Columns) -> np.ndarray | None:
    """The characters that may be, or have, an overprinted copy for dedupe_chars (a boolean
    mask), None when there is none, decided with array operations: the same text (hash) less
    than a step (a third of the largest size on the page, the widest tolerance dedupe_chars
    uses) apart both across and down. Down: two grids of 2-step bands offset by one step put
    any two characters less than a step apart into one band of at least one grid. Across:
    within a band, any character of a text between two such characters is less than a step
    from both, so each of the two is less than a step from its neighbour in x order. The mask
    marks both characters of every such neighbouring pair: a superset of the copies and of
    the characters they are copies of."""
    n = len(chars)
    if n < 2:
        return None
    step = float(np.maximum(columns.size, 1.0).max()) / 3 * 1.001  # margin for rounding
    texts = list(map(itemgetter(0), chars))
    joined = "".join(texts)
    if len(joined) == n and "" not in texts:
        # one code point per character (as read from the text layer): the code points are
        # the codes, and with the bands in one integer key each grid takes one stable sort
        # of the characters in x order instead of a three-key lexsort
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        by_x = np.argsort(columns.x0, kind="stable")
        mask = None
        for offset in (0.0, step):
            band = np.floor((columns.y0 + offset) / (2 * step))
            if not np.isfinite(band).all() or np.abs(band).max() > 2**30:
                return _overprint_lexsorted(chars, columns, step)
            bands = band.astype(np.int64)
            low = int(bands.min())
            key = points * (int(bands.max()) - low + 1) + (bands - low)
            order = by_x[np.argsort(key[by_x], kind="stable")]
            k, x = key[order], columns.x0[order]
            mask = _mark_pairs(mask, order, (k[1:] == k[:-1]) & (x[1:] - x[:-1] < step))
        return mask
    return _overprint_lexsorted(chars, columns, step)


def _overprint_lexsorted(chars: list[Char], columns: Columns, step: float) -> np.ndarray | None:
    """overprint_candidates for any texts: the texts' hashes as codes."""
    n = len(chars)
    codes = np.fromiter(map(hash, map(itemgetter(0), chars)), dtype=np.int64, count=n)
    mask = None
    for offset in (0.0, step):
        band = np.floor((columns.y0 + offset) / (2 * step))
        order = np.lexsort((columns.x0, band, codes))
        c, b, x = codes[order], band[order], columns.x0[order]
        mask = _mark_pairs(mask, order, (c[1:] == c[:-1]) & (b[1:] == b[:-1]) & (x[1:] - x[:-1] < step))
    return mask


def _mark_pairs(mask: np.ndarray | None, order: np.ndarray, pair: np.ndarray) -> np.ndarray | None:
    """`mask` with both characters of every neighbouring pair in `order` marked (made on the first pair)."""
    if not pair.any():
        return mask
    if mask is None:
        mask = np.zeros(len(order), dtype=bool)
    mask[order[1:][pair]] = True
    mask[order[:-1][pair]] = True
    return mask


def letter_spacing(columns: Columns) -> float:
    """The page's letter-spacing in em: the median gap between neighbouring glyphs (in
    reading order) of a line. ~0 for normal printing; a spaced-out page (one text operation
    per character, or a space glyph after each) has the same large gap after EVERY glyph, so
    that gap is tracking, not a word space."""
    if len(columns.x0) < 2:
        return 0.0
    size = columns.size[:-1]
    size = np.where(size > 0, size, 1.0)
    same_line = np.abs(columns.y0[:-1] - columns.y0[1:]) < 0.3 * size
    gaps = (columns.x0[1:] - columns.x1[:-1]) / size
    gaps = gaps[same_line & (gaps >= -0.05) & (gaps < 1.0)]
    if len(gaps) < 20:
        return 0.0
    t = float(np.sort(gaps)[len(gaps) // 2])
    return t if t > current().layout.tracked else 0.0


def _drawings(page: pymupdf.Page) -> tuple[list[Segment], list[Fill]]:
    # get_cdrawings(): the raw paths, tuples instead of the Point/Rect/Quad objects that
    # get_drawings() builds from the very same list (same numbers, less Python work)
    segments: list[Segment] = []
    fills: list[Fill] = []
    add = _add_segment
    for d in page.get_cdrawings():
        kind_d = d.get("type")
        stroke = d.get("color") is not None and kind_d in ("s", "fs")
        filled = d.get("fill") is not None and kind_d in ("f", "fs")
        items = d["items"]
        rect = d.get("rect")
        if rect is not None:
            rx0, ry0, rx1, ry1 = rect
            # Rect.width/height are max(0, x1 - x0): "<= 15" is "not > 15" for those
            if (
                not (rx1 - rx0 > 15)
                and not (ry1 - ry0 > 15)
                and any(
                    i[0] == "c" or (i[0] == "l" and abs(i[1][0] - i[2][0]) > 1 and abs(i[1][1] - i[2][1]) > 1)
                    for i in items
                )
            ):
                # a small curved or diagonal drawing (a dot or a tick): a drawn check mark
                if filled or stroke:
                    fills.append(Fill(rx0, ry0, rx1, ry1, _gray(d["fill"] if filled else d["color"])))
                continue
        for item in items:
            kind = item[0]
            if kind == "l":
                p, q = item[1], item[2]
                add(segments, p[0], p[1], q[0], q[1])
            elif kind in ("re", "qu"):
                if kind == "re":
                    x0, y0, x1, y1 = item[1]
                    if x1 < x0:  # Rect.normalize()
                        x0, x1 = x1, x0
                    if y1 < y0:
                        y0, y1 = y1, y0
                else:  # Quad.rect: the bounding box of the four corners
                    ul, ur, ll, lr = item[1]
                    x0 = min(ul[0], ur[0], lr[0], ll[0])
                    y0 = min(ul[1], ur[1], lr[1], ll[1])
                    x1 = max(ul[0], ur[0], lr[0], ll[0])
                    y1 = max(ul[1], ur[1], lr[1], ll[1])
                w = x1 - x0 if x1 - x0 > 0 else 0
                h = y1 - y0 if y1 - y0 > 0 else 0
                thin = min(w, h) < 1.5
                if thin and (filled or stroke):
                    # rules drawn as hairline rectangles
                    if w >= h:
                        add(segments, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
                    else:
                        add(segments, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1)
                    continue
                if stroke:
                    add(segments, x0, y0, x1, y0)
                    add(segments, x0, y1, x1, y1)
                    add(segments, x0, y0, x0, y1)
                    add(segments, x1, y0, x1, y1)
                if filled:
                    fills.append(Fill(x0, y0, x1, y1, _gray(d["fill"])))
    return segments, fills


def _add_segment(out: list[Segment], x0, y0, x1, y1) -> None:
    # only axis-aligned rules make table grids; diagonal strokes are drawings, not rules
    if abs(x1 - x0) > 1.0 and abs(y1 - y0) > 1.0:
        return
    if abs(x1 - x0) < 0.5 and abs(y1 - y0) < 0.5:
        return
    out.append(Segment(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))


def _gray(color) -> float:
    if not color:
        return 0.0
    return sum(color) / len(color)


def _image_area(page: pymupdf.Page) -> float:
    if not page.get_images():
        return 0.0  # the cheap xref listing avoids decoding image geometry on text pages
    area = page.rect.width * page.rect.height or 1.0
    covered = 0.0
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        covered += max(0.0, x1 - x0) * max(0.0, y1 - y0)
    return min(1.0, covered / area)


# ---------------------------------------------------------------- layout helpers


def group_lines(chars: list[Char], columns: Columns | None = None) -> list[Line]:
    """Group characters into visual lines by vertical overlap, then order left to right.
    With the characters' `columns` (a Page's), the sort is one array sort."""
    if not chars:
        return []
    if columns is not None:
        cy = (columns.y0 + columns.y1) / 2
        # np.lexsort is stable: the order of the sort below (centre y, x0, input position)
        order = np.lexsort((columns.x0, cy))
        if not (np.isnan(cy).any() or np.isnan(columns.x0).any()):  # NaN: as sorted() orders it
            heights = (columns.y1 - columns.y0)[order].tolist()
            return _lines_sorted(cy[order].tolist(), heights, [chars[i] for i in order.tolist()])
    # sort once on precomputed (centre y, x0, input position): the same order as a stable
    # sort on (cy, x0), without a Python key function per character
    ordered = sorted(zip([(c[2] + c[4]) / 2 for c in chars], [c[1] for c in chars], range(len(chars))))
    return lines_in_order([cy for cy, _x0, _i in ordered], [chars[i] for _cy, _x0, i in ordered])


def lines_in_order(cys: list[float], chars: list[Char]) -> list[Line]:
    """group_lines for characters already in (centre y, x0, input position) order, with
    their centres: extract.assessment.cells sorts all cells of a page in one array sort."""
    rows: list[list[Char]] = []
    row: list[Char] | None = None
    ref_cy = ref_h = 0.0
    for cy, c in zip(cys, chars):
        if row is not None:
            # same line when centres are within ~40% of the character height
            # (max(ref_h, h, 1.0) spelled out: this loop runs for every character)
            m = ref_h
            h = c[4] - c[2]
            if h > m:
                m = h
            if 1.0 > m:
                m = 1.0
            if abs(cy - ref_cy) <= 0.4 * m:
                row.append(c)
                continue
        row = [c]
        rows.append(row)
        ref_cy, ref_h = cy, c[4] - c[2]
    return _ordered_lines(rows)


def _lines_sorted(cys: list[float], heights: list[float], chars: list[Char]) -> list[Line]:
    """lines_in_order for centres in ascending order, with the characters' heights: a row is
    found with one binary search instead of a test per character. A character joins the row
    of the first one (centre ref_cy, height ref_h) when |cy - ref_cy| <= 0.4 * max(ref_h, h,
    1.0); with the centres ascending, cy - ref_cy grows along the row, so every character up
    to the last one within 0.4 * max(ref_h, 1.0) joins whatever its height, and only those
    after it are tested one by one (the first that fails starts the next row)."""
    n = len(cys)
    rows: list[list[Char]] = []
    r = 0
    while r < n:
        ref_cy = cys[r]
        ref_h = heights[r]
        m = ref_h
        if 1.0 > m:
            m = 1.0
        k = bisect_right(cys, 0.4 * m, r + 1, n, key=lambda cy: cy - ref_cy)
        while k < n:
            m = ref_h  # max(ref_h, h, 1.0) spelled out
            h = heights[k]
            if h > m:
                m = h
            if 1.0 > m:
                m = 1.0
            if abs(cys[k] - ref_cy) <= 0.4 * m:
                k += 1
            else:
                break
        rows.append(chars[r:k])
        r = k
    return _ordered_lines(rows)


def _ordered_lines(rows: list[list[Char]]) -> list[Line]:
    lines: list[tuple[float, float, int, list[Char]]] = []
    by_x0 = _X0
    for row in rows:
        if len(row) > 1:
            row.sort(key=by_x0)
        # the lines' order needs only their top and left (the first character after the sort)
        lines.append((min(map(_Y0, row)), row[0][1], len(lines), row))
    lines.sort()
    return [Line(tuple(t[3])) for t in lines]


def is_wide(ch: str) -> bool:
    """Japanese (full-width) characters: no space is ever synthesised next to them."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x3000 <= o <= 0x30FF
        or 0x2460 <= o <= 0x24FF
        or 0x25A0 <= o <= 0x27BF
    )


def join_chars(chars: tuple[Char, ...] | list[Char]) -> str:
    """Text of one line, with a space where a visible gap separates characters.

    Between Latin characters a quarter-em gap is a word space. Between Japanese characters
    only a gap of most of an em counts (a full-width space, or the gap between a speaker
    and their words); justified Japanese text has small gaps that must not become spaces.
    """
    if not chars:
        return ""
    it = iter(chars)
    prev = next(it)
    out: list[str] = [prev[0]]
    append = out.append
    for c in it:
        gap = c[1] - prev[3]
        ps, cs = prev[5], c[5]
        em = cs if cs > ps else ps  # max(prev.size, c.size)
        if gap > 0.25 * em or em < 0:
            # only a gap of at least a quarter em can be a space: decide on the scripts
            wide = is_wide(prev[0][-1]) or is_wide(c[0][0])
            if gap > (0.8 if wide else 0.25) * em:
                append(" ")
        append(c[0])
        prev = c
    return "".join(out)
