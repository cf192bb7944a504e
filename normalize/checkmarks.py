"""Check-mark runs: "[ ] 情報提供ネットワークシステム [ ○ ] 庁内連携システム", "□全文記録 ■要点記録".

Mark glyphs (decided here, used by every extractor):

* checked inside a box: ○ 〇 ◯ ● ◉ ◎ ✓ ✔ ☑ ☒ ■ ✅ レ, Latin O/o/V/v (fonts and OCR
  substitute them for ○ and ✓), and x/X/×/✕/✗ (an X drawn in a box marks it, as ☒);
* unchecked: an empty box, or □ ☐ inside it;
* "( ○ )" counts as a box; an empty "( )" only in a run that also has "(○)" boxes
  and never right after その他, where it is the empty "other" text;
* anything else inside brackets ("[1]", "[実施する]") is not a check box at all.
* Bare glyphs without brackets count only when they are unambiguous boxes:
  □ ☐ (unchecked) and ■ ☑ ☒ ✅ (checked).  A bare ○ or ● is a bullet, not a mark.

Boxes drawn as vector graphics (no glyph) are the PDF layer's job: it emits □ or ■.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from normalize.text import fold

__all__ = ["Check", "parse_checks", "is_checked", "CHECKED_MARKS", "UNCHECKED_MARKS"]

CHECKED_MARKS = frozenset("○〇◯●◉◎✓✔☑☒■✅レOoVvxX×✕✗")
UNCHECKED_MARKS = frozenset("□☐")
_BARE_CHECKED = frozenset("■☑☒✅")
_BARE_UNCHECKED = frozenset("□☐")


@dataclass(frozen=True)
class Check:
    option: str
    checked: bool
    other_text: str | None = None


def is_checked(mark: str) -> bool | None:
    """The state of one box from its content: "" / " " → False, "○" → True, "実施" → None."""
    t = unicodedata.normalize("NFKC", mark or "")
    t = t.strip("[]【】 \t\n\u3000()")
    t = "".join(t.split())
    if not t:
        return False
    if len(t) == 1:
        if t in CHECKED_MARKS:
            return True
        if t in UNCHECKED_MARKS:
            return False
    return None


_MARK_CLASS = "".join(sorted(CHECKED_MARKS | UNCHECKED_MARKS))
_BOX = re.compile(
    rf"\[[ \t\n]*(?P<a>[{re.escape(_MARK_CLASS)}]?)[ \t\n]*\]"
    rf"|【[ \t\n]*(?P<b>[{re.escape(_MARK_CLASS)}]?)[ \t\n]*】"
    rf"|\([ \t\n]*(?P<c>[{re.escape(''.join(sorted(CHECKED_MARKS - set('oOvVxX'))))}])[ \t\n]*\)"
    rf"|(?P<e>\([ \t]*\))"
    rf"|(?P<bare>[{''.join(sorted(_BARE_CHECKED | _BARE_UNCHECKED))}])"
)
# HTML checkboxes left by some converters (seen in the minutes seed texts).
_HTML_CHECKED = re.compile(r"<input\b[^>]*\bchecked\b[^>]*>", re.I)
_HTML_BOX = re.compile(r"<input\b[^>]*type=\"?checkbox\"?[^>]*>", re.I)
_OTHER = re.compile(r"^(その他[^()]*?)\s*\((.*)\)\s*$", re.S)


def _split_other(label: str) -> tuple[str, str | None]:
    m = _OTHER.match(label)
    if not m:
        return label, None
    inner = fold(m.group(2)).strip()
    return fold(m.group(1)).strip(), inner or None


def parse_checks(text: str) -> list[Check]:
    """Every box in ``text`` with the label that follows it.

    Text before the first box (a heading such as "4. 特定個人情報ファイルの取扱いの委託
    [ ] 委託しない") is not an option.  "その他 ( … )" keeps the bracket text as
    ``other_text`` (None when empty).  Labels wrapped over lines are joined.
    """
    t = unicodedata.normalize("NFKC", text or "")
    t = _HTML_CHECKED.sub("■", t)
    t = _HTML_BOX.sub("□", t)
    boxes = list(_BOX.finditer(t))
    # "( )" is an empty box only in a run that also has "(○)" boxes, and never the
    # empty bracket of "その他( )".
    has_paren_boxes = any(m.group("c") for m in boxes)
    boxes = [
        m for m in boxes if m.group("e") is None or (has_paren_boxes and not fold(t[: m.start()]).endswith("その他"))
    ]
    checks: list[Check] = []
    for i, m in enumerate(boxes):
        mark = m.group("a") or m.group("b") or m.group("c") or m.group("bare") or ""
        if m.group("bare"):
            checked = mark in _BARE_CHECKED
        else:
            checked = bool(is_checked(mark))
        end = boxes[i + 1].start() if i + 1 < len(boxes) else len(t)
        label = fold(" ".join(t[m.end() : end].split()))
        option, other = _split_other(label)
        checks.append(Check(option, checked, other))
    return checks
