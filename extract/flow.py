"""A document as one flow of visual lines, page furniture (page numbers, running heads) removed.

Minutes and public-comment results are running text, not forms: their extractors read lines in
order across pages. What must not reach the dataset is what the layout repeats on every page —
page numbers ("- 3 -", "3", "3/12") and running headers/footers — so it is dropped here, once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter, sub

from extract.pdf import BBox, Char, Document, Line, Page, is_wide
from extract.settings_context import current
from normalize.text import width_fold

_TEXT, _X0, _X1, _SIZE = itemgetter(0), itemgetter(1), itemgetter(3), itemgetter(5)
_WHITESPACE = re.compile(r"\s")
_PAGE_NO = re.compile(
    r"^[\s\-－―‐—−ー‒–()（）]*(?:[pP]\.?\s*)?[0-9０-９]{1,4}(?:\s*[/／]\s*[0-9０-９]{1,4})?\s*(?:ページ|頁)?[\s\-－―‐—−ー‒–()（）]*$"
)


@dataclass(frozen=True, slots=True)
class TextLine:
    page: int
    text: str  # join_line's text, width-folded (ＩＴ → IT, ⽇ → 日); a space marks a visible gap
    bbox: BBox
    chars: tuple[Char, ...]

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2

    @property
    def em(self) -> float:
        """The line's em as printed: the font size, or the usual advance of its full-width
        characters where that is wider. Text drawn with a horizontal scaling (Tz: condensed,
        letter-spaced) reports a size and glyph boxes shrunk by the scaling, though its
        characters advance as far as ever."""
        return printed_em(self.chars)

    def tabbed(self, wide: float) -> str:
        """The text with gaps of at least `wide` em as tabs (see join_line)."""
        return width_fold(join_line(self.chars, wide))


def printed_em(chars: tuple[Char, ...] | list[Char]) -> float:
    """See TextLine.em: the largest size, or the median step between consecutive full-width
    characters when that is wider (up to 1.6 × the size: a wider step is a gap, not an em)."""
    size = max((c.size for c in chars), default=10.5)
    steps = sorted(b.x0 - a.x0 for a, b in zip(chars, chars[1:]) if is_wide(a.text) and is_wide(b.text) and b.x0 > a.x0)
    if len(steps) < 3:
        return size
    step = steps[len(steps) // 2]
    return step if size < step <= 1.6 * size else size


# A gap counts when it is this much (in em) wider than the line's usual gap between characters.


def _usual_gaps(gaps: list[float], widths: list[float], em: float) -> list[float]:
    """The gap each pair of characters would have without a visible space. Letter-spacing is
    either a share of the glyph width (condensed glyphs with tracking: kana and half-width Latin
    alike) or a constant (a space glyph written into every gap); the model that explains more
    gaps wins (ties: the share). Clean text has no letter-spacing: both give 0."""

    def lower_median(xs: list[float]) -> float:
        xs = sorted(xs)
        return xs[(len(xs) - 1) // 2] if len(xs) >= 3 else xs[0]

    ratio = lower_median([g / w for g, w in zip(gaps, widths)])
    const = lower_median(gaps)
    by_ratio = [ratio * w for w in widths]
    if ratio == 0 and const == 0:
        # clean text, most lines: both models are all zeros, the tie goes to the share
        return by_ratio
    by_const = [const] * len(gaps)
    tol = 0.08 * em

    def explained(model: list[float]) -> int:
        return sum(abs(g - m) <= tol for g, m in zip(gaps, model))

    return by_const if explained(by_const) > explained(by_ratio) else by_ratio


def join_line(chars: tuple[Char, ...] | list[Char], wide: float | None = None) -> str:
    """Text of one line with a space where a gap is visibly wider than the line's usual one.

    Unlike extract.pdf.join_chars (absolute thresholds) the gap is measured against the line's
    own spacing, so letter-spaced text (`1 2月`, `3 7ページ`: tracking added to every glyph)
    reads as written, while the narrow gap some producers leave between a speaker label and
    its words (`委員 契約書は…`, a quarter em) is still seen. Space glyphs count as gap.
    With `wide` (in em), a gap at least that wide is a tab: a column gap (`会長　山田 太郎`: a
    full-width space between post and name, a word space inside the name) that lists need.

    This runs for every line of a minutes document: the common cases are decided without the
    gap model (see _join_modelled), with the same result. Characters are indexed, not named
    (Char fields: 0 text, 1 x0, 3 x1, 5 size).
    """
    texts = list(map(_TEXT, chars))
    joined = "".join(texts)
    if "" in texts or _WHITESPACE.search(joined):  # space glyphs are gap, not text
        chars = [c for c in chars if c[0].strip()]
        texts = list(map(_TEXT, chars))
        joined = "".join(texts)
    if len(chars) < 2:
        return joined
    # b.x0 - a.x1 for every neighbouring pair; the gap is this, floored at 0
    diffs = list(map(sub, islice(map(_X0, chars), 1, None), map(_X1, chars)))
    layout = current().layout
    narrow, wider = layout.gap_narrow, layout.gap_wide
    least = narrow if narrow < wider else wider
    # every pair's em is at least this (max(a.size, b.size, 1.0) >= max(min size, 1.0))
    em_low = min(map(_SIZE, chars))
    if 1.0 > em_low:
        em_low = 1.0
    below = least if wide is None or least < wide else wide
    if below >= 0:
        # no gap beats the smaller threshold on the smallest em: no space, no tab (the usual
        # gap is never negative, so a gap less the usual one is no wider than the gap)
        lim = below * em_low
        if max(diffs) <= lim:
            return joined
        # most gaps zero: both gap models are all zeros (the lower medians of gaps >= 0 are 0),
        # each gap is compared as it is; only the few beyond `lim` can become a space or a tab
        zeros = sum([d <= 0 for d in diffs])
        m = len(diffs)
        if zeros >= ((m - 1) // 2 + 1 if m >= 3 else 1):
            out: list[str] = []
            append = out.append
            start = 0
            for i in [i for i, d in enumerate(diffs) if d > lim]:
                d = diffs[i]
                a, b = chars[i], chars[i + 1]
                em = a[5]  # max(a.size, b.size, 1.0)
                if b[5] > em:
                    em = b[5]
                if 1.0 > em:
                    em = 1.0
                if wide is not None and d > wide * em:
                    sep = "\t"
                elif d > least * em and d > (wider if is_wide(a[0][-1]) and is_wide(b[0][0]) else narrow) * em:
                    sep = " "
                else:
                    continue
                append("".join(texts[start : i + 1]))
                append(sep)
                start = i + 1
            if not out:
                return joined
            append("".join(texts[start:]))
            return "".join(out)
    return _join_modelled(chars, wide, least, narrow, wider)


def _join_modelled(
    chars: tuple[Char, ...] | list[Char], wide: float | None, least: float, narrow: float, wider: float
) -> str:
    """join_line for lines whose gaps are mostly not zero (letter-spaced text): each gap less
    the usual gap of its pair (_usual_gaps)."""
    gaps = [max(0.0, b.x0 - a.x1) for a, b in zip(chars, chars[1:])]
    widths = [max(a.x1 - a.x0, 0.1) for a in chars[:-1]]
    usual = _usual_gaps(gaps, widths, max(c.size for c in chars))
    out = [chars[0].text]
    append = out.append
    for a, b, gap, u in zip(chars, chars[1:], gaps, usual):
        em = a.size  # max(a.size, b.size, 1.0)
        if b.size > em:
            em = b.size
        if 1.0 > em:
            em = 1.0
        d = gap - u
        if wide is not None and d > wide * em:
            append("\t")
        elif d > least * em and d > (wider if is_wide(a.text[-1]) and is_wide(b.text[0]) else narrow) * em:
            append(" ")
        append(b.text)
    return "".join(out)


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


def page_lines(page: Page, heads: AbstractSet[str] = frozenset()) -> list[TextLine]:
    """The page's lines top to bottom, without page numbers and running heads at its edges."""
    lines = page.lines
    edges = {id(ln) for ln in _edge_lines(page)}
    out = []
    for ln in lines:
        if id(ln) in edges and (is_page_number(ln.text) or _normal(ln.text) in heads):
            continue
        out.append(TextLine(page.number, width_fold(join_line(ln.chars)), ln.bbox, ln.chars))
    return out


def document_lines(doc: Document) -> list[TextLine]:
    heads = running_heads(doc)
    out: list[TextLine] = []
    for page in doc.pages:
        out.extend(page_lines(page, heads))
    return out
