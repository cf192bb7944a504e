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
import math
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


def is_kana(ch: str) -> bool:
    """A hiragana or katakana letter (ぁ–ゖ, ァ–ヶ)."""
    return len(ch) == 1 and ("\u3041" <= ch <= "\u3096" or "\u30a1" <= ch <= "\u30f6")


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


@functools.cache
def default_pool() -> tuple[str, ...]:
    """What a glyph may be: the JIS kanji, then the kana (a kana glyph misread as a kanji, に as 施)."""
    kana = [chr(c) for c in range(0x3041, 0x30F7) if is_kana(chr(c))] + ["ー"]
    return jis_kanji() + tuple(kana)


def _put(c: Context, ch: str) -> str:
    """The context with `ch` at its glyph's place and wherever the line prints the same character
    (the same glyph: `…条例第2条第2項` misread as `…奈例第2奈第2項`)."""
    old = c.text[c.at] if 0 <= c.at < len(c.text) else None
    if old is None:
        return c.text
    return "".join(ch if t == old and (i == c.at or old != "\ufffd") else t for i, t in enumerate(c.text))


def word_candidates(contexts: list[Context], pool: tuple[str, ...] | None = None, share: float = 1.0) -> list[str]:
    """Characters of `pool` (default_pool) that, put in the glyph's place, make it part of a word
    in at least `share` of its contexts (and in one at least): a character may stand alone in some
    of its contexts printed right (条 in 第2条, a word of its own)."""
    if not contexts:
        return []
    need = max(1, math.ceil(share * len(contexts) - 1e-9))
    out = []
    for ch in pool or default_pool():
        hits = 0
        for k, c in enumerate(contexts):
            if in_word(_put(c, ch), c.at):
                hits += 1
                if hits >= need:
                    out.append(ch)
                    break
            elif len(contexts) - k - 1 < need - hits:
                break
    return out
