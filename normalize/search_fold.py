"""Text as search compares it: 表記ゆれ folded, the same way for the indexed text and the query.

`fold(s)` applies, in order:

1. NFKC and lower case: full- and half-width forms are one (ＩＣカード = ICカード, ｶｰﾄﾞ = カード).
2. White space is dropped next to any character that is not a Latin letter or digit (Japanese
   has no spaces; a line break inside a word must not split it) and collapsed to one space
   between Latin words.
3. The synonym table below: every variant becomes the group's first spelling. It is small on
   purpose — each entry is a spelling difference the official forms and bodies' documents
   really show (the 評価書 write 漏えい, the 個人情報保護委員会's guidance 漏洩; bodies write
   マイナンバー where the law says 個人番号), not a thesaurus.
4. A katakana word's final long-vowel mark is dropped when three or more kana precede it
   (サーバー = サーバ, コンピューター = コンピュータ, ユーザー = ユーザ; the JIS Z 8301 spelling
   difference), so both spellings meet; キー and データ are untouched.

`fold_map(s)` returns the same string plus, for each of its characters, the span of `s` it
came from, so a match found in folded text can be marked in the text as printed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# canonical spelling first, then its variants; longer variants are tried first
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("漏洩", "漏えい", "漏せつ", "ろうえい"),
    ("個人番号", "マイナンバー"),
    ("毀損", "き損"),
    ("取扱", "取り扱い", "取扱い", "取り扱"),
    ("申込", "申し込み", "申込み", "申し込"),
    ("問合せ", "問い合わせ", "問い合せ", "問合わせ"),
    ("引継", "引き継ぎ", "引継ぎ", "引き継"),
    ("取組", "取り組み", "取組み", "取り組"),
)

_CANONICAL = {v: group[0] for group in SYNONYMS for v in group[1:]}
_VARIANTS = re.compile("|".join(sorted(map(re.escape, _CANONICAL), key=len, reverse=True)))
_LATIN = re.compile(r"[a-z0-9]")
_KANA = "ァ-ヴ"
_LONG_VOWEL = re.compile(f"(?<=[{_KANA}][{_KANA}ー][{_KANA}])ー(?![{_KANA}ー])")


_SPACE_RUN = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """The folded text (the fast path of fold_map, without the spans; the same result)."""
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = _SPACE_RUN.sub(_space, t)
    t = _VARIANTS.sub(lambda m: _CANONICAL[m.group(0)], t)
    return _LONG_VOWEL.sub("", t)


def _space(m: re.Match[str]) -> str:
    s, a, b = m.string, m.start(), m.end()
    return " " if a > 0 and b < len(s) and _LATIN.match(s[a - 1]) and _LATIN.match(s[b]) else ""


def fold_map(text: str | None) -> tuple[str, list[tuple[int, int]]]:
    """(folded text, for each folded character the [start, end) span of `text` it stands for)."""
    chars, spans = _nfkc_lower(text or "")
    chars, spans = _spaces(chars, spans)
    chars, spans = _substitute(chars, spans, _VARIANTS, lambda m: _CANONICAL[m.group(0)])
    chars, spans = _substitute(chars, spans, _LONG_VOWEL, lambda m: "")
    return "".join(chars), spans


def _nfkc_lower(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch).lower():
            if unicodedata.combining(out) and chars:
                # a half-width voiced mark (ｶﾞ) composes with the kana before it, as NFKC of the pair does
                joined = unicodedata.normalize("NFC", chars[-1] + out)
                if len(joined) == 1:
                    chars[-1] = joined
                    spans[-1] = (spans[-1][0], i + 1)
                    continue
            chars.append(out)
            spans.append((i, i + 1))
    return chars, spans


def _spaces(chars: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    out_c: list[str] = []
    out_s: list[tuple[int, int]] = []
    i, n = 0, len(chars)
    while i < n:
        if not chars[i].isspace():
            out_c.append(chars[i])
            out_s.append(spans[i])
            i += 1
            continue
        j = i
        while j < n and chars[j].isspace():
            j += 1
        before = out_c[-1] if out_c else ""
        after = chars[j] if j < n else ""
        if _LATIN.match(before) and _LATIN.match(after):
            out_c.append(" ")
            out_s.append((spans[i][0], spans[j - 1][1]))
        i = j
    return out_c, out_s


def _substitute(
    chars: list[str], spans: list[tuple[int, int]], pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]
) -> tuple[list[str], list[tuple[int, int]]]:
    text = "".join(chars)
    out_c: list[str] = []
    out_s: list[tuple[int, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        out_c.extend(chars[pos : m.start()])
        out_s.extend(spans[pos : m.start()])
        new = replace(m)
        if not new and out_s:  # a dropped character still belongs to the word before it
            out_s[-1] = (out_s[-1][0], spans[m.end() - 1][1])
        elif m.end() > m.start():
            src = (spans[m.start()][0], spans[m.end() - 1][1])
            out_c.extend(new)
            out_s.extend([src] * len(new))
        pos = m.end()
    out_c.extend(chars[pos:])
    out_s.extend(spans[pos:])
    return out_c, out_s
