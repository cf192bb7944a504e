"""＜選択肢＞ option lists, the printed selection "[ 十分である ]", and count brackets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from normalize.kanji_numerals import kanji_to_int
from normalize.text import dedupe_doubled, fold

__all__ = ["ChoiceMatch", "parse_options", "match_choice", "closest_option", "count_range", "choice_key"]


@dataclass(frozen=True)
class ChoiceMatch:
    selected: str  # the option as printed in the list, or the raw selection if unmatched
    index: int | None  # 1-based position in the option list
    warning: str | None = None


_OPTIONS_HEADER = re.compile(r"<\s*選\s*択\s*肢\s*>")
# "1)" / "1 )" not preceded by "(" (that would be "(1)", a list item in prose).
_MARKER = re.compile(r"(?<![(0-9])([0-9]{1,2})[ \t]*\)")
# Where the last option's text stops: a note, a blank line.
_TAIL_CUT = re.compile(r"※|\(注|注\)|注:|\n[ \t]*\n")


def parse_options(text: str) -> list[str]:
    """Options of a ＜選択肢＞ block: "1) 実施する 2) 実施しない 3) 未定" → 3 options.

    Numbers must run 1, 2, 3 …; a marker that breaks the sequence (the note
    "2)又は3)を選択した…" after the list) ends the list.  Text wrapped over lines
    inside an option is joined; each option is folded like all dataset text.
    """
    t = unicodedata.normalize("NFKC", text or "")
    header = _OPTIONS_HEADER.search(t)
    if header:
        t = t[header.end() :]
    markers = list(_MARKER.finditer(t))
    accepted: list[re.Match[str]] = []
    stop = len(t)
    for m in markers:
        if int(m.group(1)) == len(accepted) + 1:
            accepted.append(m)
        elif accepted:
            stop = m.start()
            break
    options: list[str] = []
    for i, m in enumerate(accepted):
        end = accepted[i + 1].start() if i + 1 < len(accepted) else stop
        chunk = t[m.end() : end]
        if i + 1 == len(accepted):
            cut = _TAIL_CUT.search(chunk)
            if cut:
                chunk = chunk[: cut.start()]
        # Options never span paragraphs; a single wrapped line is joined by fold.
        options.append(fold(" ".join(chunk.split())))
    return options


_BRACKETS = "[]［］【】「」〔〕"
_STRIP_RE = re.compile(rf"[{re.escape(_BRACKETS)}\s]")


def choice_key(s: str) -> str:
    """Comparison key: folded, fake-bold undone, brackets and all whitespace removed."""
    # Brackets go first: "[3300万万人人以以上上]" is only consistently doubled inside.
    t = _STRIP_RE.sub("", fold(s or ""))
    return fold(dedupe_doubled(t))


def _without_note(key: str) -> str:
    """ "1,000人未満(任意実施)" → "1,000人未満": the note is not part of the choice."""
    stripped = _TRAILING_NOTE.sub("", key)
    return stripped or key


def match_choice(selected: str, options: list[str]) -> ChoiceMatch:
    """Match a printed selection to its option, tolerant of brackets, spacing, glyphs."""
    raw = selected or ""
    header = _OPTIONS_HEADER.search(unicodedata.normalize("NFKC", raw))
    if header:
        raw = unicodedata.normalize("NFKC", raw)[: header.start()]
    key = choice_key(raw)
    shown = key
    if not key:
        return ChoiceMatch("", None, "empty selection")
    keys = [choice_key(o) for o in options]
    exact = [i for i, k in enumerate(keys) if k == key]
    if len(exact) == 1:
        return ChoiceMatch(options[exact[0]], exact[0] + 1)
    if len(exact) > 1:
        return ChoiceMatch(shown, None, f"selection {shown!r} matches several options {exact}")
    noted = [i for i, k in enumerate(keys) if _without_note(k) == _without_note(key)]
    if len(noted) == 1:
        return ChoiceMatch(options[noted[0]], noted[0] + 1)
    # "1,000人未満" printed for the option "1,000人未満(任意実施)": a unique option
    # that starts with the selection, or the selection with a trailing note.
    prefixed = [i for i, k in enumerate(keys) if k and (k.startswith(key) or key.startswith(k))]
    if len(prefixed) > 1:
        # Prefer the longest option the selection starts with ("基礎項目評価書及び…").
        inside = [i for i in prefixed if key.startswith(keys[i])]
        if inside:
            best = max(inside, key=lambda i: len(keys[i]))
            if sum(1 for i in inside if len(keys[i]) == len(keys[best])) == 1:
                prefixed = [best]
    if len(prefixed) == 1:
        i = prefixed[0]
        return ChoiceMatch(options[i], i + 1, f"selection {shown!r} matched option {options[i]!r} by prefix")
    return ChoiceMatch(shown, None, f"selection {shown!r} does not match any option of {options!r}")


def closest_option(selected: str, options: list[str], min_ratio: float = 0.7, margin: float = 0.1) -> int | None:
    """1-based position of the option an OCR'd selection is a misreading of, or None.

    For OCR'd text only, where match_choice finds nothing: `I十分である` (the bracket read as
    I), `十。で分ある`. The closest option by difflib ratio on the comparison keys, when it is
    at least `min_ratio` similar and leads the next option by `margin`. Option lists of the
    forms differ by a few characters (`十分である` / `十分でない`), hence both bars.
    """
    key = choice_key(selected)
    if not key or not options:
        return None
    scores = sorted(
        ((SequenceMatcher(None, key, choice_key(o), autojunk=False).ratio(), i) for i, o in enumerate(options)),
        reverse=True,
    )
    best, i = scores[0]
    if best < min_ratio or (len(scores) > 1 and best - scores[1][0] < margin):
        return None
    return i + 1


_NUM = r"[0-9,一二三四五六七八九十百千万億]+"
_UNIT = r"(?:人|件|項目|名|者|団体|社|回|日|時間|年|か月|ヶ月|ケ月|個)"
_RANGE_RE = re.compile(rf"(?:(?P<lo>{_NUM})(?P<u1>{_UNIT})?以上)?(?:(?P<hi>{_NUM})(?P<u2>{_UNIT})?未満)?")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def count_range(option: str) -> tuple[int | None, int | None]:
    """A count bracket as ``[min, max)``: "1万人以上10万人未満" → (10000, 100000).

    "…未満" alone starts at 0, "…以上" alone is open-ended (None); a trailing note
    "(任意実施)" is ignored; anything else is (None, None).
    """
    t = fold(option or "").replace(" ", "")
    while True:
        stripped = _TRAILING_NOTE.sub("", t)
        if stripped == t:
            break
        t = stripped
    if not t:
        return None, None
    m = _RANGE_RE.fullmatch(t)
    if not m or not (m["lo"] or m["hi"]):
        return None, None
    try:
        lo = kanji_to_int(m["lo"]) if m["lo"] else 0
        hi = kanji_to_int(m["hi"]) if m["hi"] else None
    except ValueError:
        return None, None
    if hi is not None and hi <= lo:
        return None, None
    return lo, hi
