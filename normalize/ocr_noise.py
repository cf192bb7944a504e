"""OCR misreadings of the form's own markers, undone at the start of a label.

Tesseract reads the part numerals Ⅰ…Ⅵ as `|`, `l`, `1`, `Il`, `川`; a circled item number as
`(①` or `①)`; check-box marks ○ as `O`/`0`/`o`; brackets ［ as `「`/`|`. Only the START of a label
cell is rewritten (where the form prints its numbering), and callers apply it to OCR'd text
only: `川` or `O` are ordinary characters elsewhere.
"""
from __future__ import annotations

import re

_PART_NOISE = (
    (re.compile(r"^\s*(?:[|lI1!][VＶ]|[VＶ][|lI1!]{1})(?=\s*[^\sA-Za-z0-9])"), None),  # IV / VI
    (re.compile(r"^\s*(?:川|[|lI1!]{3})(?=\s*[^\sA-Za-z0-9|lI1!])"), "III"),
    (re.compile(r"^\s*(?:[|lI1!]{2}|Ⅱ)(?=\s*[^\sA-Za-z0-9|lI1!])"), "II"),
    (re.compile(r"^\s*[|lI!](?=\s*[^\sA-Za-z0-9|lI1!.．)])"), "I"),
)
_CIRCLED_PAREN = re.compile(r"^\s*[(（]\s*([\u2460-\u2473\u3251-\u325f])\s*[)）]?")


def fix_label_start(text: str) -> str:
    """`| 関連情報` → `I関連情報`, `川しきい値判断結果` → `IIIしきい値判断結果`, `lV リスク対策` →
    `IVリスク対策`, `(①事務の名称` → `①事務の名称`; anything else unchanged."""
    m = _CIRCLED_PAREN.match(text)
    if m:
        return m.group(1) + text[m.end():]
    for rx, roman in _PART_NOISE:
        m = rx.match(text)
        if m:
            if roman is None:
                roman = "IV" if m.group(0).strip()[-1] in "VＶ" else "VI"
            return roman + text[m.end():].lstrip()
    return text


_MARK = re.compile(r"([\[［「【|])\s*[O0oＯ〇○]\s*([\]］」】|])")
_EMPTY = re.compile(r"([\[［【])\s*[|lI]\s*(?=[^\]］】\s])")


def fix_marks(text: str) -> str:
    """Check boxes as OCR reads them: `[O]`, `「0」`, `|○|` → `[○]`; `[|外部監査` (the closing
    bracket read as a bar) → `[ ]外部監査`."""
    t = _MARK.sub("[○]", text)
    return _EMPTY.sub("[ ]", t)
