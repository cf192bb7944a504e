"""Is a PDF that MuPDF had to repair complete? Which pages lack the objects they are drawn from.

MuPDF "repairs" a file whose cross-reference table is broken or missing (a download cut off,
bytes damaged in transit) by scanning it for objects. A repaired file may be whole — many
producers write slightly wrong offsets — or its pages may point at objects that are simply
not there: content streams, fonts, images. Such a page reads as blank or as glyphs without
characters, and must not pass for a document (it would be sent to OCR and come back as an
`unknown` document that hides the damage). Only repaired files are checked: in a file whose
table is intact, a reference to a missing object is legal PDF (it means null).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import pymupdf

_REF = re.compile(r"(\d+)\s+\d+\s+R")
# a stream with exactly one filter, Flate (`/Filter/FlateDecode` or `/Filter[/FlateDecode]`)
_FLATE_ONLY = re.compile(r"/Filter\s*(/FlateDecode|\[\s*/FlateDecode\s*\])")
_TREE = re.compile(r"/Type\s*/Pages?\b")
# links to the rest of the document: the page tree, annotations' pages, outlines, structure
# what only draws glyph shapes: the text comes from ToUnicode, positions from the widths
_FONT_PROGRAM = re.compile(r"/(FontDescriptor|FontFile[23]?|CIDSet|CIDToGIDMap)\s+(\d+)\s+\d+\s+R")
_SKIP = re.compile(r"/(Parent|P|Annots|StructParents|B|Dest|A|Next|Prev|First|Last)\s*(\d+\s+\d+\s+R|\[[^\]]*\])")


@dataclass(frozen=True)
class Damage:
    """`pages` cannot be read (content, resources, fonts' character maps or images missing);
    `font_pages` only lack embedded font programs: their text and positions are still read
    (from the fonts' ToUnicode maps and widths), only the glyph shapes are substituted."""

    pages: tuple[int, ...]  # 1-based
    missing: tuple[int, ...]  # object numbers referenced but absent or cut short
    font_pages: tuple[int, ...]
    page_count: int

    def describe(self) -> str:
        return (
            f"{_ranges(self.pages)} of {self.page_count} need objects the file does not contain "
            f"({_objects(self.missing)})"
        )

    def describe_fonts(self) -> str:
        return (
            f"{_ranges(self.font_pages)} of {self.page_count} lack their embedded font programs; the text "
            "was read from the fonts' character maps"
        )


def damage_of(pdf: pymupdf.Document, max_objects: int = 50_000) -> Damage | None:
    """The pages of a repaired document that lack objects they are drawn from; None if whole."""
    if not pdf.is_repaired:
        return None
    walk = _Walk(pdf, max_objects)
    bad_pages: list[int] = []
    font_pages: list[int] = []
    missing: set[int] = set()
    for i in range(pdf.page_count):
        try:
            page_xref = pdf[i].xref
        except Exception:  # a page MuPDF counted but cannot load
            bad_pages.append(i + 1)
            continue
        lost, lost_fonts = walk.broken_below(page_xref)
        if lost:
            bad_pages.append(i + 1)
            missing.update(lost)
        elif lost_fonts:
            font_pages.append(i + 1)
        if walk.exhausted:
            break  # a pathological file (an object bomb): what was found so far decides
    if not bad_pages and not font_pages:
        return None
    return Damage(tuple(bad_pages), tuple(sorted(missing)), tuple(font_pages), pdf.page_count)


class _Walk:
    """Objects reachable from a page — content streams, resources, fonts and their font files,
    images, forms — without climbing to the page tree or to other pages; each checked once."""

    def __init__(self, pdf: pymupdf.Document, max_objects: int):
        self.pdf = pdf
        self.n = pdf.xref_length()
        self.max_objects = max_objects
        self._broken: dict[int, bool] = {}
        self._below: dict[int, frozenset[int]] = {}
        self.exhausted = False

    def broken_below(self, page_xref: int) -> tuple[set[int], set[int]]:
        """(objects the page cannot be read without, font programs) that are missing."""
        lost: set[int] = set()
        lost_fonts: set[int] = set()
        if self._is_broken(page_xref):  # the page tree names a page object that is not there
            return {page_xref}, lost_fonts
        seen = {page_xref}
        todo = self._refs(page_xref, soft=False, page=True)
        while todo:
            x, soft = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            if len(self._broken) >= self.max_objects:
                self.exhausted = True
                break
            if self._is_broken(x):
                (lost_fonts if soft else lost).add(x)
                continue
            todo.extend(self._refs(x, soft))
        return lost, lost_fonts

    def _is_broken(self, x: int) -> bool:
        if x not in self._broken:
            self._broken[x] = self._check(x)
        return self._broken[x]

    def _check(self, x: int) -> bool:
        if not 0 < x < self.n:
            return True
        try:
            text = self.pdf.xref_object(x, compressed=True).strip()
        except Exception:  # MuPDF: "bad xref", "object out of range"
            return True
        if text in ("", "null"):
            return True
        if text.startswith("<<") and "/Length" in text:
            # a stream dictionary: the stream must be there, and (deflated, the usual case) whole.
            # MuPDF's repair rewrites /Length to what it found, so the declared length proves nothing.
            if not self.pdf.xref_is_stream(x):
                return True
            if _FLATE_ONLY.search(text):
                try:
                    raw = self.pdf.xref_stream_raw(x)
                except Exception:
                    return True
                return not _deflate_complete(raw or b"")
        return False

    def _refs(self, x: int, soft: bool, page: bool = False) -> list[tuple[int, bool]]:
        try:
            text = self.pdf.xref_object(x, compressed=True)
        except Exception:
            return []
        if not page and _TREE.search(text):
            return []  # another page or the page tree: not part of what this page is drawn from
        text = _SKIP.sub("", text)
        fonts = [(int(m.group(2)), True) for m in _FONT_PROGRAM.finditer(text)]
        text = _FONT_PROGRAM.sub("", text)
        return fonts + [(int(m.group(1)), soft) for m in _REF.finditer(text)]


def _deflate_complete(raw: bytes, budget: int = 64 << 20) -> bool:
    """Does this zlib stream reach its end? A stream cut by truncation does not. Inflating stops
    after `budget` bytes of output (a decompression bomb is not this check's business)."""
    z = zlib.decompressobj()
    out = 0
    data = raw
    try:
        while data and not z.eof and out < budget:
            out += len(z.decompress(data, 1 << 20))
            data = z.unconsumed_tail
    except zlib.error:
        return False
    return z.eof or out >= budget


def _ranges(pages: tuple[int, ...]) -> str:
    spans: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + (None,):
        if p is not None and p == prev + 1:
            prev = p
            continue
        spans.append(f"{start}" if start == prev else f"{start}–{prev}")
        if p is not None:
            start = prev = p
    return ("page " if len(pages) == 1 else "pages ") + ", ".join(spans)


def _objects(xrefs: tuple[int, ...]) -> str:
    shown = ", ".join(map(str, xrefs[:5]))
    return f"object{'s' if len(xrefs) > 1 else ''} {shown}{' …' if len(xrefs) > 5 else ''} missing"
