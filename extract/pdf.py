"""Read a PDF into plain page content: characters, text lines, ruling segments, filled boxes.

Everything downstream works on these small value objects, never on PyMuPDF objects, so the
layout code can be tested on generated pages and the PDF library could be swapped.

Why characters and not PyMuPDF's own lines: published PDFs overprint glyphs for fake bold,
draw every character as its own text object ("spaced" text) and mix fonts inside one word;
regrouping deduplicated characters by position gives the same lines for all of them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import pymupdf

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

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True, slots=True)
class Line:
    """A visual text line: characters sharing a baseline, left to right."""

    chars: tuple[Char, ...]

    @property
    def bbox(self) -> BBox:
        return (min(c.x0 for c in self.chars), min(c.y0 for c in self.chars),
                max(c.x1 for c in self.chars), max(c.y1 for c in self.chars))

    @property
    def text(self) -> str:
        return join_chars(self.chars)


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
        return group_lines(self.chars)

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
        if pdf.page_count == 0:
            raise PdfError("empty", f"{name}: PDF has no pages")
        n = pdf.page_count if max_pages is None else min(pdf.page_count, max_pages)
        pages = []
        for i in range(n):
            try:
                pages.append(read_page(pdf[i], i + 1))
            except Exception as e:
                raise PdfError("parser_crash", f"{name}: page {i + 1} could not be read ({type(e).__name__}: {e})") from e
        return Document(path=name, pages=pages, metadata=dict(pdf.metadata or {}), page_count=pdf.page_count)


def read_page(page: pymupdf.Page, number: int) -> Page:
    rect = page.rect
    raw = _trace_chars(page)
    chars = dedupe_chars(raw)
    segments, fills = _drawings(page)
    return Page(number=number, width=rect.width, height=rect.height, chars=chars,
                segments=segments, fills=fills, image_area=_image_area(page),
                raw_char_count=len(raw))


_SPACES = frozenset(map(ord, " \u3000\t\n\r\xa0"))


def _trace_chars(page: pymupdf.Page) -> list[Char]:
    out: list[Char] = []
    append = out.append  # hot loop: thousands of characters per page
    for span in page.get_texttrace():
        if span.get("opacity", 1) == 0 and span.get("type") != 3:
            continue  # fully transparent text that is not an OCR layer is not printed
        size = float(span["size"])
        font = span["font"]
        for uni, glyph, _origin, (x0, y0, x1, y1) in span["chars"]:
            if uni in _SPACES:
                continue  # spacing is rebuilt from positions, never trusted from the text layer
            if x1 <= x0 or y1 <= y0:
                # some fonts report empty boxes; give the glyph its nominal em square
                x1 = max(x1, x0 + size)
                y0 = min(y0, y1 - size)
            append(Char(chr(uni) if uni >= 0 else "\ufffd", x0, y0, x1, y1, size, font, glyph))
    return out


def dedupe_chars(chars: list[Char]) -> list[Char]:
    """Drop overprinted copies (fake bold): the same character at nearly the same spot.

    The tolerance is a third of the font size because fake-bold offsets scale with the
    font; a real repeated character ("ここ") sits a whole advance away and survives.
    """
    out: list[Char] = []
    seen: dict[tuple[str, int], list[float]] = {}
    for c in chars:
        step = max(c.size, 1.0) / 3
        # a narrow glyph repeated ("ii" in "(ii)") sits less than a third of an em away:
        # the copy must overlap most of the glyph's own width to be an overprint
        near = min(step, 0.6 * (c.x1 - c.x0)) if c.x1 > c.x0 else step
        by = int(c.y0 // step)
        duplicate = False
        for k in (by - 1, by, by + 1):
            xs = seen.get((c.text, k))
            if xs and any(abs(x - c.x0) < near for x in xs):
                duplicate = True
                break
        if not duplicate:
            seen.setdefault((c.text, by), []).append(c.x0)
            out.append(c)
    return out


def _drawings(page: pymupdf.Page) -> tuple[list[Segment], list[Fill]]:
    segments: list[Segment] = []
    fills: list[Fill] = []
    for d in page.get_drawings():
        stroke = d.get("color") is not None and d.get("type") in ("s", "fs")
        filled = d.get("fill") is not None and d.get("type") in ("f", "fs")
        items = d["items"]
        rect = d.get("rect")
        if rect is not None and rect.width <= 15 and rect.height <= 15 and any(i[0] == "c" or (
                i[0] == "l" and abs(i[1].x - i[2].x) > 1 and abs(i[1].y - i[2].y) > 1) for i in items):
            # a small curved or diagonal drawing (a dot or a tick): a drawn check mark
            if filled or stroke:
                fills.append(Fill(rect.x0, rect.y0, rect.x1, rect.y1, _gray(d["fill"] if filled else d["color"])))
            continue
        for item in items:
            kind = item[0]
            if kind == "l":
                p, q = item[1], item[2]
                _add_segment(segments, p.x, p.y, q.x, q.y)
            elif kind in ("re", "qu"):
                r = item[1].rect if kind == "qu" else item[1]
                thin = min(r.width, r.height) < 1.5
                if thin and (filled or stroke):
                    # rules drawn as hairline rectangles
                    if r.width >= r.height:
                        _add_segment(segments, r.x0, (r.y0 + r.y1) / 2, r.x1, (r.y0 + r.y1) / 2)
                    else:
                        _add_segment(segments, (r.x0 + r.x1) / 2, r.y0, (r.x0 + r.x1) / 2, r.y1)
                    continue
                if stroke:
                    _add_segment(segments, r.x0, r.y0, r.x1, r.y0)
                    _add_segment(segments, r.x0, r.y1, r.x1, r.y1)
                    _add_segment(segments, r.x0, r.y0, r.x0, r.y1)
                    _add_segment(segments, r.x1, r.y0, r.x1, r.y1)
                if filled:
                    fills.append(Fill(r.x0, r.y0, r.x1, r.y1, _gray(d["fill"])))
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

def group_lines(chars: list[Char]) -> list[Line]:
    """Group characters into visual lines by vertical overlap, then order left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.cy, c.x0))
    rows: list[list[Char]] = []
    for c in ordered:
        if rows:
            last = rows[-1]
            ref = last[0]
            # same line when centres are within ~40% of the character height
            if abs(c.cy - ref.cy) <= 0.4 * max(ref.y1 - ref.y0, c.y1 - c.y0, 1.0):
                last.append(c)
                continue
        rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        lines.append(Line(tuple(row)))
    lines.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return lines


def is_wide(ch: str) -> bool:
    """Japanese (full-width) characters: no space is ever synthesised next to them."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x3000 <= o <= 0x30FF or 0x2460 <= o <= 0x24FF or 0x25A0 <= o <= 0x27BF)


def join_chars(chars: tuple[Char, ...] | list[Char]) -> str:
    """Text of one line, with a space where a visible gap separates characters.

    Between Latin characters a quarter-em gap is a word space. Between Japanese characters
    only a gap of most of an em counts (a full-width space, or the gap between a speaker
    and their words); justified Japanese text has small gaps that must not become spaces.
    """
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None:
            gap = c.x0 - prev.x1
            em = max(prev.size, c.size)
            wide = is_wide(prev.text[-1]) or is_wide(c.text[0])
            if gap > (0.8 if wide else 0.25) * em:
                out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)
