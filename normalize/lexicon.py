"""Which kanji would make a word where OCR's reading makes none (fugashi + unidic-lite).

OCR that names the glyphs of a font without ToUnicode sometimes reads one kanji consistently
as another (Tesseract reads 賦 as 虐 or 農 at every resolution). Every occurrence then carries
the wrong character, and no vote can outvote it. The words around the glyph can: 賦課 is a
word, 虐課 is not. These functions say where a character stands alone in every context it
occurs in (it belongs to no word of two or more characters), and which kanji, put in its
place, would make a dictionary word in every context. They only propose: the glyph's shape
decides (extract.glyph_verify).
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple


class Context(NamedTuple):
    """A glyph's occurrence: the text of its line around it and its index in that text."""

    text: str
    at: int


@functools.cache
def tagger() -> Any:
    """The process's one fugashi tagger (unidic-lite): loading the dictionary costs ~0.1 s and
    its memory once, wherever words are needed (names of people, search, glyph names)."""
    import fugashi  # imported on first use: workers that read only clean 評価書 never load it

    return fugashi.Tagger()


@functools.cache
def jis_kanji() -> tuple[str, ...]:
    """The kanji of JIS X 0208 levels 1 and 2 (6,355): what an office font prints."""
    out = []
    for row in range(0xB0, 0xF5):
        for cell in range(0xA1, 0xFF):
            try:
                ch = bytes((row, cell)).decode("euc_jp")
            except UnicodeDecodeError:
                continue
            if "\u4e00" <= ch <= "\u9fff":
                out.append(ch)
    return tuple(out)


def is_kanji(ch: str) -> bool:
    return len(ch) == 1 and ("\u4e00" <= ch <= "\u9fff" or ch == "々")


@functools.lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, known) of each token of `text`."""
    out, pos = [], 0
    for w in tagger()(text):
        s = w.surface
        start = text.find(s, pos) if s else pos
        if start < 0:
            start = pos
        out.append((start, start + len(s), not w.is_unk))
        pos = start + len(s)
    return tuple(out)


def in_word(text: str, at: int) -> bool:
    """Whether the character at `at` belongs to a known word of two or more characters."""
    for start, end, known in _tokens(text):
        if start <= at < end:
            return known and end - start >= 2
    return False


def stands_alone(contexts: list[Context]) -> bool:
    """The character is part of no word in any of its contexts (a likely misreading)."""
    return bool(contexts) and not any(in_word(c.text, c.at) for c in contexts)


def word_candidates(contexts: list[Context], pool: tuple[str, ...] | None = None) -> list[str]:
    """Characters of `pool` (JIS kanji by default) that, put in the glyph's place, make it part
    of a word in every context."""
    if not contexts:
        return []
    out = []
    for ch in pool or jis_kanji():
        if all(in_word(c.text[: c.at] + ch + c.text[c.at + 1 :], c.at) for c in contexts):
            out.append(ch)
    return out
