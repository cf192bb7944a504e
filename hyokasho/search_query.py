"""What a search query says: words that must all occur, "quoted phrases", OR between words.

    クラウド 再委託            both words (AND, the default)
    "委託先の監督"             the phrase as written (spaces inside are ignored, as in Japanese text)
    漏洩 OR 紛失 再委託        (漏洩 or 紛失) and 再委託; `|` and `｜` also mean OR
    --any                      every word is an alternative (OR of all)

A word is matched as a whole run of the text's words: 再委託 matches 再委託 and 再委託先 but not
再評価 (a word starting with 再 but not 再委託), and 京都 does not match 東京都. Both the query and
the text are folded by normalize.search_fold first (漏えい = 漏洩, マイナンバー = 個人番号, full and
half width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalize.search_fold import fold

_QUOTES = {'"': '"', "“": "”", "「": "」", "＂": "＂", "『": "』"}
_OR = {"OR", "|", "｜"}


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Clause:
    raw: str  # as the user wrote it
    folded: str  # as it is matched
    phrase: bool = False

    def __str__(self) -> str:
        return f'"{self.raw}"' if self.phrase else self.raw


@dataclass
class Query:
    groups: list[list[Clause]]  # AND of groups, OR within a group
    dropped: list[str] = field(default_factory=list)  # words that fold to nothing (punctuation)

    @property
    def clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]


def parse(text: str, any_word: bool = False) -> Query:
    items: list[Clause | str] = []  # clauses and OR markers, in order
    dropped: list[str] = []
    i, n = 0, len(text or "")
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _QUOTES:
            close = text.find(_QUOTES[ch], i + 1)
            close = n if close < 0 else close  # an unclosed quote runs to the end
            raw = text[i + 1 : close]
            i = close + 1
            _add(items, dropped, raw, phrase=True)
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _QUOTES:
            j += 1
        word = text[i:j]
        i = j
        if word in _OR:
            items.append("OR")
        else:
            _add(items, dropped, word, phrase=False)
    groups: list[list[Clause]] = []
    join_next = False
    for it in items:
        if it == "OR":
            join_next = bool(groups)
            continue
        if join_next or (any_word and groups):
            groups[-1].append(it)  # type: ignore[arg-type]
        else:
            groups.append([it])  # type: ignore[list-item]
        join_next = False
    if not groups:
        raise QueryError(
            "the query has no words to look for" + (f" ({' '.join(dropped)} are only punctuation)" if dropped else "")
        )
    return Query(groups, dropped)


def _add(items: list, dropped: list[str], raw: str, phrase: bool) -> None:
    folded = fold(raw)
    folded = re.sub(r"^[\W_]+|[\W_]+$", "", folded)  # punctuation at either end is not part of the word
    if folded:
        items.append(Clause(raw, folded, phrase))
    elif raw.strip():
        dropped.append(raw)
