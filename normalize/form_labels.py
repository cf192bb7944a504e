"""Labels printed on the official forms, to read OCR'd labels against.

OCR garbles a label a character or two at a time (`目的外の入手がが行わるリスクへの対策は十分か`),
and the label is the key every analyst joins on. The forms are the same for every filing, so
an OCR'd label that is close to exactly one printed label is that label. The list
(`normalize/data/form_labels.txt`) is derived by scripts/make_form_labels.py from the
official forms' definitions (models/forms/*.json, every form and revision), not from filings.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).with_name("data") / "form_labels.txt"
MIN_RATIO = 0.8  # similarity (difflib ratio) an OCR'd label needs to its printed form
MARGIN = 0.05  # ...and its lead over the next closest label


@lru_cache(maxsize=1)
def labels() -> tuple[str, ...]:
    """Labels that are key components (`IV.2.<label>`)."""
    return tuple(ln for ln in _FILE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#"))


@lru_cache(maxsize=1)
def _printed() -> frozenset[str]:
    return frozenset(labels())


def is_printed(text: str) -> bool:
    """`text` is one of the forms' printed labels."""
    return text in _printed()


@lru_cache(maxsize=1)
def _bigram_index() -> dict[str, set[int]]:
    index: dict[str, set[int]] = {}
    for i, label in enumerate(labels()):
        for bg in {label[k : k + 2] for k in range(len(label) - 1)}:
            index.setdefault(bg, set()).add(i)
    return index


def snap_label(text: str) -> str:
    """The printed label that an OCR'd `text` is a misreading of, or `text` unchanged.

    `text` is a key component as structure.clean_label makes it (folded, no spaces).
    Unchanged when it is already a printed label, ends in a digit (block names such as
    委託事項3 differ from each other by one character), or is not clearly closest to one.
    """
    vocab = labels()
    if len(text) < 4 or text[-1].isdigit() or is_printed(text):
        return text
    index = _bigram_index()
    shared = Counter(i for bg in {text[k : k + 2] for k in range(len(text) - 1)} for i in index.get(bg, ()))
    scored = sorted(
        ((SequenceMatcher(None, text, vocab[i], autojunk=False).ratio(), vocab[i]) for i, _n in shared.most_common(8)),
        reverse=True,
    )
    if not scored or scored[0][0] < MIN_RATIO:
        return text
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN:
        return text
    return scored[0][1]
