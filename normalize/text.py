"""Text folding for everything that goes into the dataset.

Order of use on raw extracted text: ``dedupe_doubled`` (if the extractor did not
already drop fake-bold duplicates) → ``join_wrapped`` → ``fold``.  ``join_wrapped``
runs before ``fold`` because fold removes the space after a list marker such as
``ア 保健福祉局``, after which the marker can no longer be told from a word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from normalize.radicals import fold_radicals

__all__ = ["fold", "width_fold", "join_wrapped", "dedupe_doubled", "close_digit_gaps", "is_japanese_char"]

# Hiragana, katakana (incl. phonetic extensions), CJK ideographs (BMP, ext A, compat,
# supplementary planes), iteration marks, CJK symbols & punctuation (、。「」【】〒〜…)
# and the full-width forms that survive NFKC (none of the ASCII ones do).
_JA_RANGES = (
    "\u3000-\u303f"  # CJK symbols and punctuation (U+3000 itself is folded to ' ' first)
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana, ・ and ー
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # ext A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff5f-\uff65"  # full-width/half-width brackets and ･ that NFKC keeps or maps here
    "\u2e80-\u2fdf"  # radicals left unmapped on purpose
    "\U00020000-\U0003ffff"  # ext B and later
)
_JA = f"[{_JA_RANGES}]"
_JA_RE = re.compile(_JA)

# Horizontal whitespace only: newlines and tabs carry layout that callers still need.
_SP = "[ \u00a0\u2000-\u200b\u202f\u205f\u3000]"
_SPACE_RUN = re.compile(f"{_SP}+")
_SPACE_JA_LEFT = re.compile(f"(?<={_JA}){_SP}+(?=\\S)")
_SPACE_JA_RIGHT = re.compile(f"(?<=\\S){_SP}+(?={_JA})")
_LINE_EDGE_SPACE = re.compile(f"{_SP}+(?=\n)|(?<=\n){_SP}+")
_ANY_SP = re.compile(_SP)


def is_japanese_char(ch: str) -> bool:
    """True for kana, kanji, Japanese punctuation and surviving full-width forms."""
    return bool(_JA_RE.fullmatch(ch))


def width_fold(text: str) -> str:
    """NFKC and radical folding only. Unlike fold it keeps every space: in running text the
    gap after a speaker label or a header label is what separates it from the words."""
    return unicodedata.normalize("NFKC", fold_radicals(unicodedata.normalize("NFKC", text)))


# The structure pass folds the same cell text several times (label tests, keys, values):
# a 全項目評価書 makes ~6,700 calls on ~1,300 distinct strings. fold is pure, so a bounded cache.
@lru_cache(maxsize=8192)
def fold(s: str) -> str:
    """NFKC + radical folding + removal of spaces that touch a Japanese character.

    A run of spaces is removed when the character on either side of it is Japanese
    ("3 万" → "3万", "WizLIFE や" → "WizLIFEや"); between two non-Japanese characters
    it is collapsed to one space ("ISO/IEC 27017" stays).  Newlines and tabs are kept;
    spaces at the start/end of each line are dropped.  Idempotent.
    """
    if not s:
        return s
    t = unicodedata.normalize("NFKC", s)
    if "\r" not in t and not _ANY_SP.search(t) and fold_radicals(t) == t:
        # no radical, no line-break or space to fold after NFKC: _fold_once leaves t as it is
        # (NFKC is idempotent), so t is the fixed point the loop below would reach
        return t
    t = s
    # Removing a space can bring a combining mark next to its base ("か ゙"), which
    # NFKC then composes: iterate to a fixed point so that fold(fold(x)) == fold(x).
    for _ in range(8):
        nxt = _fold_once(t)
        if nxt == t:
            break
        t = nxt
    return t


def _fold_once(s: str) -> str:
    t = unicodedata.normalize("NFKC", s)
    t = fold_radicals(t)
    t = t.replace("\r\n", "\n").replace("\r", "\n")
    if not _ANY_SP.search(t):
        return t  # every pass below removes or collapses horizontal whitespace: none here
    t = _SPACE_RUN.sub(" ", t)
    t = _SPACE_JA_LEFT.sub("", t)
    t = _SPACE_JA_RIGHT.sub("", t)
    t = _LINE_EDGE_SPACE.sub("", t)
    return t.strip(" ")


# --- join_wrapped -----------------------------------------------------------------

_SENTENCE_END = set("。!?！？")
# A line that starts like this is a new item, not the rest of the previous line.
_LIST_START = re.compile(
    r"""^[ \u3000]*(?:
        [・･●○◯〇■□◆◇▪▫★☆※【〔《<＜>＞\-−ー–—*]        # bullets, notes, headings
      | [(（][0-9０-９一二三四五六七八九十a-zａ-ｚア-ン]{1,3}[)）]  # (1) （ア）
      | [0-9０-９]{1,3}(?:[.．)）、]|[ \u3000])             # 1. 1) 1 
      | [①-⑳㉑-㉟㊱-㊿❶-❿]                                  # ①
      | [ア-ンｱ-ﾝ](?:[.．)）、]|[ \u3000])                    # ア ア.
      | [a-zａ-ｚA-ZＡ-Ｚ][.．)）](?:[ \u3000])?               # a.
      | 第[0-9０-９一二三四五六七八九十百]+[条項号章節回]     # 第3条
    )""",
    re.VERBOSE,
)
_BLANK = re.compile(r"^[ \t\u3000]*$")


def _last_char(line: str) -> str:
    stripped = line.rstrip(" \t\u3000")
    return stripped[-1] if stripped else ""


def _first_char(line: str) -> str:
    stripped = line.lstrip(" \t\u3000")
    return stripped[0] if stripped else ""


def _is_ja_nfkc(ch: str) -> bool:
    return bool(ch) and is_japanese_char(unicodedata.normalize("NFKC", ch)[:1] or ch)


@lru_cache(maxsize=8192)  # pure, and called on the same cell text several times, like fold
def join_wrapped(text: str) -> str:
    """Join lines that a layout wrapped in the middle of a sentence.

    A line break is removed when the line before ends with a Japanese character that
    does not end a sentence (。！？) and the next line starts with a Japanese
    character that does not open a list item (・, 1 , (1), ①, ア , <…>, 【, ※ …).
    Blank lines (paragraph breaks) and breaks next to Latin text or digits are kept.
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = [lines[0]]
    for nxt in lines[1:]:
        prev = out[-1]
        a, b = _last_char(prev), _first_char(nxt)
        if (
            a
            and b
            and not _BLANK.match(prev)
            and not _BLANK.match(nxt)
            and a not in _SENTENCE_END
            and _is_ja_nfkc(a)
            and _is_ja_nfkc(b)
            and not _LIST_START.match(nxt)
        ):
            out[-1] = prev.rstrip(" \t\u3000") + nxt.lstrip(" \t\u3000")
        else:
            out.append(nxt)
    return "\n".join(out)


# --- dedupe_doubled ---------------------------------------------------------------

_SEGMENT = re.compile(r"\S+")
_LETTER = re.compile(rf"(?:{_JA}|[A-Za-zＡ-Ｚａ-ｚ])")


def _undouble(seg: str) -> str | None:
    """The single-struck form of ``seg`` if every character is doubled, else None."""
    n = len(seg)
    if n < 4 or n % 2:
        return None
    single, second = seg[0::2], seg[1::2]
    if single != second:
        return None
    # "ここここ", "0000", "――――": one repeated char is as likely real as doubled.
    if len(set(single)) < 2:
        return None
    # "1100", "2233": digit/punctuation-only strings are real values far more often
    # than fake bold; only text with letters (kana, kanji, Latin) is trusted.
    if not _LETTER.search(single):
        return None
    return single


def dedupe_doubled(s: str) -> str:
    """Fold fake-bold duplication: "特特定定個個人人" → "特定個人".

    Decided per whitespace-separated segment: a segment is folded only when it has at
    least two pairs, every character appears exactly twice in a row, the pairs are
    not all the same character, and it contains a letter (so "1100", "ここ", "々々",
    "ーーーー" stay).  A segment with a single odd character is left as printed.
    """
    return _SEGMENT.sub(lambda m: _undouble(m.group(0)) or m.group(0), s)


# --- digits spaced out by letter-spacing --------------------------------------------

_DIGIT_GAP = re.compile(r"(?<=[0-9０-９])[ \t\u3000]+(?=[0-9０-９])")
_DIGIT_PUNCT_GAP = re.compile(r"(?<=[0-9０-９])[ \t\u3000]*([:：.．,，/／])[ \t\u3000]*(?=[0-9０-９])")


def close_digit_gaps(s: str) -> str:
    """Spaces inside a number or a date/time, as letter-spaced text reads: "1 2月1 5日" →
    "12月15日", "1 0 :0 0" → "10:00", "3 7ページ" → "37ページ". Only for text that is a number,
    date or time (a cell, a date line): "1 2" as two numbers becomes 12."""
    if not s:
        return s
    return _DIGIT_PUNCT_GAP.sub(r"\1", _DIGIT_GAP.sub("", s))
