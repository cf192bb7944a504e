"""評価実施機関名 as printed ("北九州市長", "那賀町長", "福岡県知事") → 全国地方公共団体コード.

The table is ``normalize/data/municipalities.csv`` (see its README for source and
date).  A name shared by several places (府中市: 東京都 and 広島県) is resolved only
from evidence in ``context`` — a prefecture name or a postal code (〒NNN-NNNN) —
otherwise the code is left None with a warning.  Nothing is guessed, and
一部事務組合・広域連合, which the table does not cover, get no code.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from normalize.text import fold

__all__ = ["Municipality", "identify", "named_in", "check_digit", "load_table", "Entry"]


@dataclass(frozen=True)
class Entry:
    code: str
    prefecture: str
    name: str
    kind: str


@dataclass
class Municipality:
    code: str | None
    name: str | None
    prefecture: str | None
    warnings: list[str] = field(default_factory=list)


def check_digit(five: str) -> str:
    """Check digit of a 5-digit JIS X 0402 code: (11 − Σ(6a+5b+4c+3d+2e) mod 11) mod 10."""
    if not re.fullmatch(r"[0-9]{5}", five or ""):
        raise ValueError(f"expected 5 digits, got {five!r}")
    s = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), five))
    return str((11 - s % 11) % 10)


@lru_cache(maxsize=1)
def load_table() -> tuple[Entry, ...]:
    data = resources.files("normalize") / "data" / "municipalities.csv"
    with io.TextIOWrapper(data.open("rb"), encoding="utf-8", newline="") as f:
        return tuple(Entry(**row) for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, list[Entry]], dict[str, Entry], int]:
    by_name: dict[str, list[Entry]] = defaultdict(list)
    prefs: dict[str, Entry] = {}
    for e in load_table():
        if e.kind == "prefecture":
            prefs[e.name] = e
        else:
            by_name[e.name].append(e)
    longest = max(len(n) for n in by_name)
    return dict(by_name), prefs, longest


@lru_cache(maxsize=1)
def _postal3() -> dict[str, frozenset[str]]:
    data = resources.files("normalize") / "data" / "postal3_prefecture.csv"
    out: dict[str, set[str]] = defaultdict(set)
    with io.TextIOWrapper(data.open("rb"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[row["postal3"]].add(row["prefecture"])
    return {k: frozenset(v) for k, v in out.items()}


_UNION = re.compile(r"(広域連合|一部事務組合|事務組合|組合)")
_POSTAL = re.compile(r"〒\s*([0-9]{3})\s*[-ー−‐]?\s*[0-9]{4}")


def _evidence(context: str, candidates: list[Entry]) -> tuple[set[str], list[str]]:
    """Prefectures among the candidates' that the context points at, and how."""
    t = fold(context or "").replace(" ", "")
    cand_prefs = {e.prefecture for e in candidates}
    found: Counter[str] = Counter()
    how: list[str] = []
    for pref in cand_prefs:
        if pref in t:
            found[pref] += t.count(pref)
            how.append(f"prefecture name {pref}")
    postal = _postal3()
    for m in _POSTAL.finditer(t):
        hits = postal.get(m.group(1), frozenset()) & cand_prefs
        for pref in hits:
            found[pref] += 1
            how.append(f"postal code {m.group(0)}")
    return set(found), how


def _strip_prefecture(s: str) -> tuple[Entry | None, str]:
    _, prefs, _ = _indexes()
    for name in sorted(prefs, key=len, reverse=True):
        if s.startswith(name):
            return prefs[name], s[len(name) :]
    return None, s


def _longest_name(s: str) -> str | None:
    by_name, _, longest = _indexes()
    for n in range(min(longest, len(s)), 1, -1):
        if s[:n] in by_name:
            return s[:n]
    return None


def identify(organization: str, context: str = "") -> Municipality:
    """The local government behind an organisation name.

    Handles 市長/町長/村長/区長, 知事, 教育委員会, 水道事業管理者 and other organs (the
    longest known place name at the start of the string wins), an optional prefecture
    prefix ("福岡県北九州市"), and 広域連合/一部事務組合 (name and prefecture only).
    """
    s = fold(organization or "").replace(" ", "")
    if not s:
        return Municipality(None, None, None, ["empty organization name"])

    m = _UNION.search(s)
    if m:
        pref, _ = _strip_prefecture(s)
        body = s[: m.end()]
        return Municipality(
            None,
            body,
            pref.prefecture if pref else None,
            [f"{body}: 一部事務組合・広域連合 codes are not in the municipality table; code left empty"],
        )

    pref, rest = _strip_prefecture(s)
    name = _longest_name(rest)
    if name is None:
        if pref is not None:
            # "福岡県知事", "東京都教育委員会": the prefecture itself.
            return Municipality(pref.code, pref.name, pref.prefecture)
        return Municipality(None, None, None, [f"no known municipality in {organization!r}"])

    by_name, _, _ = _indexes()
    candidates = by_name[name]
    if pref is not None:
        candidates = [e for e in candidates if e.prefecture == pref.prefecture]
        if not candidates:
            return Municipality(None, name, pref.prefecture, [f"{name} is not a municipality of {pref.prefecture}"])
    if len(candidates) == 1:
        e = candidates[0]
        return Municipality(e.code, e.name, e.prefecture)

    prefs_found, how = _evidence(context, candidates)
    if len(prefs_found) == 1:
        (p,) = prefs_found
        e = next(c for c in candidates if c.prefecture == p)
        return Municipality(
            e.code,
            e.name,
            e.prefecture,
            [f"{name} exists in {len(candidates)} prefectures; resolved to {p} by {', '.join(sorted(set(how)))}"],
        )
    where = "、".join(sorted(c.prefecture for c in candidates))
    reason = "conflicting evidence" if prefs_found else "no prefecture name or postal code in the context"
    return Municipality(
        None, name, None, [f"{name} exists in several prefectures ({where}); {reason}: code left empty"]
    )


# a place name run before 市/町/村 (a ward is named through its city or as 特別区: 世田谷区)
_PLACE_WORD = re.compile(r"[一-龥々ヶケがのノぁ-んァ-ヴー]{1,6}?[市町村区]")


def named_in(text: str, min_mentions: int = 2) -> str | None:
    """The one municipality a text keeps naming: the only known municipality name printed at
    least `min_mentions` times in `text` (`恵庭市では…`, `恵庭市コンビニ交付サービス`), None when
    there is none or more than one. For a body whose own name carries no place
    (`情報公開・個人情報保護審査会` on a city's page): a hint, not the body's name."""
    by_name, _, _ = _indexes()
    counts: dict[str, int] = defaultdict(int)
    t = fold(text or "")
    for m in _PLACE_WORD.finditer(t):
        # the longest known name the run ends with (`恵庭市` in `住民の恵庭市`, `北広島市` not `広島市`)
        word = m.group(0)
        for k in range(len(word)):
            if word[k:] in by_name:
                counts[word[k:]] += 1
                break
    named = [n for n, c in counts.items() if c >= min_mentions]
    return named[0] if len(named) == 1 else None
