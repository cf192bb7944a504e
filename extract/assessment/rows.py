"""A document's rows in reading order: page furniture removed, loose continuation text given
its table's columns (extract.assessment.loose), and rows that a page break split joined back.

The page-level layout (ruled cells per page) is extract.assessment.cells; this module is the
document-level pass over its output.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.assessment.cells import Row, page_rows
from extract.assessment.loose import attach_loose, join_loose
from extract.pdf import Document, Page
from extract.settings_context import current
from normalize.form_labels import is_printed
from normalize.text import fold

_PAGE_NO = re.compile(
    r"^\s*(?:ページ|page|Page|P\.?)?\s*[-‐−–—]?\s*\d{1,4}\s*(?:[/／]\s*\d{1,4})?\s*[-‐−–—]?\s*(?:ページ|頁)?\s*$"
)
_FORM_MARK = re.compile(
    r"^\s*[\[［【]?\s*(?:平成|令和)\s*\S{1,2}\s*年(?:\s*\d{1,2}\s*月)?\s*様\s*式\s*\d\s*[\]］】]?\s*$"
)


def _furniture(pages_rows: list[list[Row]], pages: list[Page]) -> None:
    """Drop page numbers, the 様式 marker and running titles repeated on many pages."""

    def sig(t: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", t))

    edge: Counter[str] = Counter()
    for rows, page in zip(pages_rows, pages):
        for r in rows:
            if r.free and (r.y1 < page.height * 0.09 or r.y0 > page.height * 0.91):
                edge[sig(r.cells[0].text)] += 1
    repeat = max(3, len(pages) // 2)
    for rows, page in zip(pages_rows, pages):
        keep = []
        for r in rows:
            if r.free:
                t = r.cells[0].text
                near_edge = r.y1 < page.height * 0.09 or r.y0 > page.height * 0.91
                if near_edge and (_PAGE_NO.match(t) or _FORM_MARK.match(t) or edge[sig(t)] >= repeat):
                    continue
            keep.append(r)
        rows[:] = keep


# ---------------------------------------------------------------- document


def document_rows(doc: Document) -> list[Row]:
    """All rows of the document in reading order, page furniture removed and rows that a
    page break split joined back together."""
    per_page = [page_rows(p) for p in doc.pages]
    _furniture(per_page, doc.pages)
    attach_loose(per_page)
    out: list[Row] = []
    for rows in per_page:
        if out and rows:
            first = next((r for r in rows if r.filled), None)
            if first is not None and join_loose(out[-1], first):
                rows.remove(first)
            else:
                _join_split(out[-1], rows)
        out.extend(rows)
    return out


def _label_empty(row: Row) -> bool:
    assert row.table is not None  # asked of ruled rows only
    left, right = row.table
    return all(c.empty for c in row.cells if c.x0 < left + 0.3 * (right - left))


def _same_columns(a: Row, b: Row) -> bool:
    edges = lambda r: [round(c.x0) for c in r.cells] + [round(r.cells[-1].x1)]
    ea, eb, snap = edges(a), edges(b), current().layout.snap
    return len(ea) == len(eb) and all(abs(x - y) <= 2 * snap for x, y in zip(ea, eb))


_OPEN, _CLOSE = "[［【＜<(（「", "]］】＞>)）」"
_CIRCLED_START = re.compile(r"^\s*[\u2460-\u2473\u3251-\u325f]")


def _cut_off(last: Row, first: Row) -> bool:
    """The page break cut a row's text mid-way (both halves carry label text): a bracket
    left open at the bottom of the page and closed at the top of the next, and the
    next page's row opens no new item."""
    if _CIRCLED_START.match(first.cells[0].text or ""):
        return False
    bal = lambda t: sum(t.count(ch) for ch in _OPEN) - sum(t.count(ch) for ch in _CLOSE)
    # the bracket opened at the bottom closes at the top of the next page
    return any(bal(a.text) > 0 and bal(b.text) < 0 for a, b in zip(last.cells, first.cells))


def _label_continues(last: Row, first: Row) -> bool:
    """The page break cut a label: the two halves of the label cell make one of the forms'
    printed labels (委託先から他者への提供に関する | ルールの内容及びルール遵守の確認方法), which
    neither half is."""
    pairs = [(a, b) for a, b in zip(last.cells, first.cells) if not a.empty and not b.empty]
    if not pairs:
        return False
    a, b = pairs[-1] if len(pairs) == 1 else pairs[0]
    head, tail = _label_text(a.text), _label_text(b.text)
    return not is_printed(head) and not is_printed(tail) and is_printed(head + tail)


def _label_text(text: str) -> str:
    return re.sub(r"\s+", "", fold(text)).lstrip("①②③④⑤⑥⑦⑧⑨⑩").replace("※", "")


def _join_split(last: Row, rows: list[Row]) -> None:
    """A table row that a page break split: the half whose label area is empty joins the
    other half (the label may be printed on either page, or centred off the page)."""
    first = next((r for r in rows if r.filled), None)
    if first is None or first.free or last.free or last.table is None or first.table is None:
        return
    if len(first.cells) < 2 or not _same_columns(last, first):
        return
    if not (_label_empty(first) or _label_empty(last) or _cut_off(last, first) or _label_continues(last, first)):
        return
    for a, b in zip(last.cells, first.cells):
        lines = a.lines + b.lines
        a.chars = a.chars + b.chars
        a._lines = lines
        a._text = None
        if a.empty is False and not a.lines:
            a._lines = None
    rows.remove(first)
