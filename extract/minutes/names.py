"""Personal names in lists of people, with fugashi + unidic-lite (tags 人名/姓/名).

String rules split `時枝会長` (a title at the end) well, but they cannot tell a name printed
without a title (`高橋 誠`, a committee member) from a group word or a profession
(`学識経験者`, `市民公募`), nor find where a post run together with a name ends
(`総務課長鈴木一郎`, `会長山田太郎`). The morphological dictionary knows which words are
surnames and given names; it is used for exactly these two questions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normalize.lexicon import tagger

_KANA_OR_KANJI_NAME = re.compile(r"^[一-龥々〆ヵヶぁ-んァ-ヶー]{1,6}$")


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, bool, bool], ...]:
    """(surface, is a personal-name token, is a surname) per token."""
    return tuple((s, person, surname) for s, person, surname, _ in _tagged(text))


@lru_cache(maxsize=4096)
def _tagged(text: str) -> tuple[tuple[str, bool, bool, bool], ...]:
    """(surface, personal name, surname, any proper noun) per token. Surnames are often place
    names (大津, 大山, 若柳), which the dictionary tags 地名: both count as proper nouns."""
    out = []
    for w in tagger()(text):
        f = w.feature
        out.append(
            (
                w.surface,
                getattr(f, "pos3", None) == "人名",
                getattr(f, "pos4", None) == "姓",
                getattr(f, "pos2", None) == "固有名詞",
            )
        )
    return tuple(out)


def tokens(text: str) -> list[str]:
    """The dictionary's words of `text` (surfaces)."""
    return [t[0] for t in _tagged(text)]


def common_words(text: str) -> bool:
    """`text` is made of ordinary words of two or more characters (総務, 情報政策): a unit's
    name, not a surname (rare surnames the dictionary lacks come apart into single characters)."""
    toks = _tagged(text)
    return bool(toks) and all(len(t[0]) >= 2 and not t[3] for t in toks)


def leading_proper(text: str) -> tuple[str, str] | None:
    """(first word, rest) when `text` starts with a proper noun (a surname or a place name used
    as one) followed by more: `大津総務部長` → (大津, 総務部長)."""
    toks = _tagged(text)
    if len(toks) >= 2 and toks[0][3] and 1 <= len(toks[0][0]) <= 4:
        return toks[0][0], text[len(toks[0][0]) :]
    return None


def surname_first(text: str) -> str | None:
    """The surname `text` starts with (a token the dictionary tags 姓, of 1–3 characters), when
    `text` is all kanji/kana of name shape; else None."""
    if not _KANA_OR_KANJI_NAME.match(text):
        return None
    toks = _tokens(text)
    if len(toks) >= 2 and toks[0][2] and 1 <= len(toks[0][0]) <= 3:
        return toks[0][0]
    return None


def is_name(text: str) -> bool:
    """A person's name as printed (`山田 太郎`, `山田太郎`, `姜`): personal-name tokens only,
    starting with a surname; a single short token the dictionary does not know as an ordinary
    word also counts (rare surnames are often unknown to it)."""
    parts = [p for p in re.split(r"\s+", text.strip()) if p]
    if not parts or len(parts) > 2 or any(not _KANA_OR_KANJI_NAME.match(p) for p in parts):
        return False
    toks = [t for p in parts for t in _tokens(p)]
    if toks and all(t[1] for t in toks) and toks[0][2]:
        return True
    if len(parts) == 2:  # `surname given-name` printed with a space: the surname must be known as one
        first = _tagged(parts[0])
        return len(first) == 1 and (first[0][2] or first[0][3]) and len(parts[1]) <= 4
    return False


def name_run(text: str) -> tuple[str, str, str] | None:
    """(before, name, after) where the first run of personal-name tokens that starts with a
    surname sits inside `text`; None when there is none."""
    toks = _tokens(text)
    pos = 0
    spans = []
    for surface, person, surname in toks:
        start = text.index(surface, pos)
        spans.append((start, start + len(surface), person, surname))
        pos = start + len(surface)
    for k, (s0, _, person, surname) in enumerate(spans):
        if person and surname:
            e = k
            while e + 1 < len(spans) and spans[e + 1][2] and not spans[e + 1][3]:
                e += 1
            end = spans[e][1]
            return text[:s0], text[s0:end], text[end:]
    return None
