"""OCR'd ＜選択肢＞ lists read against the option lists the official forms print.

The options under ＜選択肢＞ are fixed by the form (models/forms/options.json), so an OCR'd list
that garbles an option (`2)革上評人及び東上人` for 基礎項目評価書及び重点項目評価書) or loses a
marker (`1 芝に力を入れて行っている`) is still recognisable as a whole: it is the official list it
is clearly closest to. The selection is then matched against the official texts, and the
decision is reported (a warning row), never silent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from models import forms
from normalize.choices import choice_key

MIN_RATIO = 0.75  # similarity (difflib ratio of the joined comparison keys) to the official list
MARGIN = 0.03  # ... and its lead over the next official list that is not the same list


@lru_cache(maxsize=1)
def official_lists() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, options) of every ＜選択肢＞ list of the official forms."""
    return tuple((name, tuple(opts)) for name, opts in forms._options()["choices"].items())


def _joined(options: Iterable[str]) -> str:
    return "/".join(choice_key(o) for o in options)


def closest_list(options: list[str]) -> tuple[str, tuple[str, ...], float] | None:
    """(name, official options, similarity) of the official list an OCR'd list is a misreading
    of, or None when none is clearly closest. An exact list is returned with similarity 1."""
    if not options:
        return None
    key = _joined(options)
    scored = sorted(
        (
            (SequenceMatcher(None, key, _joined(opts), autojunk=False).ratio(), name, opts)
            for name, opts in official_lists()
        ),
        reverse=True,
    )
    best, name, opts = scored[0]
    if best < MIN_RATIO:
        return None
    for ratio, _n, other in scored[1:]:
        if other == opts:
            continue
        if best - ratio < MARGIN:
            return None
        break
    return name, opts, best


_HEAD = re.compile(r"^.*?選択肢\s*[>＞〉》]?")
_MARKERS = re.compile(r"(?:^|(?<=\s)|(?<=[^0-9]))[0-9０-９]{1,2}\s*[)）]")


def closest_list_in_text(text: str) -> tuple[str, tuple[str, ...], float] | None:
    """As closest_list, for an OCR'd ＜選択肢＞ block whose option markers are too garbled to
    split (`1)500人以上9500人未満`: the `2)` read as `9`): the block's text without its head
    and markers against each official list's options run together."""
    t = unicodedata.normalize("NFKC", text or "")
    t = _HEAD.sub("", t, count=1)
    key = choice_key(_MARKERS.sub("", t))
    if len(key) < 2:
        return None
    scored = sorted(
        (
            (SequenceMatcher(None, key, "".join(choice_key(o) for o in opts), autojunk=False).ratio(), name, opts)
            for name, opts in official_lists()
        ),
        reverse=True,
    )
    best, name, opts = scored[0]
    if best < MIN_RATIO:
        return None
    for ratio, _n, other in scored[1:]:
        if other == opts:
            continue
        if best - ratio < MARGIN:
            return None
        break
    return name, opts, best
