"""A document as one flow of visual lines, page furniture (page numbers, running heads) removed.

Minutes and public-comment results are running text, not forms: their extractors read lines in
order across pages. What must not reach the dataset is what the layout repeats on every page —
page numbers ("- 3 -", "3", "3/12") and running headers/footers — so it is dropped here, once.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from extract.pdf import BBox, Char, Document, Line, Page
from normalize.radicals import TRANSLATE_TABLE

_PAGE_NO = re.compile(
    r"^[\s\-－―‐—−ー‒–()（）]*(?:[pP]\.?\s*)?[0-9０-９]{1,4}(?:\s*[/／]\s*[0-9０-９]{1,4})?\s*(?:ページ|頁)?[\s\-－―‐—−ー‒–()（）]*$")


def width_fold(text: str) -> str:
    """NFKC and radical folding only: unlike normalize.text.fold it keeps every space, because
    the gap after a speaker label or a header label is what separates it from the words."""
    return unicodedata.normalize("NFKC", text).translate(TRANSLATE_TABLE)


@dataclass(frozen=True, slots=True)
class TextLine:
    page: int
    text: str  # join_chars' text, width-folded (ＩＴ → IT, ⽇ → 日); a space marks a visible gap
    bbox: BBox
    chars: tuple[Char, ...]

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NO.match(text.strip()))


def _edge_lines(page: Page, k: int = 2) -> list[Line]:
    lines = page.lines
    return lines[:k] + lines[-k:] if len(lines) > 2 * k else list(lines)


def _normal(text: str) -> str:
    # running heads differ only in their page number: compare them without digits
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", text))


def running_heads(doc: Document) -> set[str]:
    """Texts printed at the top or bottom edge of most pages (at least 3 and half of them)."""
    if len(doc.pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in doc.pages:
        seen.update({_normal(ln.text) for ln in _edge_lines(page)})
    need = max(3, (len(doc.pages) + 1) // 2)
    return {t for t, n in seen.items() if n >= need and len(t) >= 2}


def page_lines(page: Page, heads: set[str] = frozenset()) -> list[TextLine]:
    """The page's lines top to bottom, without page numbers and running heads at its edges."""
    lines = page.lines
    edges = {id(ln) for ln in _edge_lines(page)}
    out = []
    for ln in lines:
        if id(ln) in edges and (is_page_number(ln.text) or _normal(ln.text) in heads):
            continue
        out.append(TextLine(page.number, width_fold(ln.text), ln.bbox, ln.chars))
    return out


def document_lines(doc: Document) -> list[TextLine]:
    heads = running_heads(doc)
    out: list[TextLine] = []
    for page in doc.pages:
        out.extend(page_lines(page, heads))
    return out
