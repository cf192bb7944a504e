"""OCR misreadings of the form's own markers, undone at the start of a label.

Tesseract reads the part numerals Ⅰ…Ⅵ as `|`, `l`, `1`, `Il`, `川`; a circled item number as
`(①` or `①)`; check-box marks ○ as `O`/`0`/`o`; brackets ［ as `「`/`|`. Only the START of a label
cell is rewritten (where the form prints its numbering), and callers apply it to OCR'd text
only: `川` or `O` are ordinary characters elsewhere.
"""
from __future__ import annotations

import re

# a vertical stroke as OCR (or a glyph map voted from OCR) names it, half- or full-width
_BAR = "|lI1!｜Ｉｌ１！"
_PART_NOISE = (
    (re.compile(rf"^\s*(?:[{_BAR}][VＶ]|[VＶ][{_BAR}]{{1}})(?=\s*[^\sA-Za-z0-9])"), None),  # IV / VI
    (re.compile(rf"^\s*(?!111\s*[.．])(?:川|[{_BAR}]{{3}})(?=\s*[^\sA-Za-z0-9{_BAR}])"), "III"),
    # "11." is item 11, not part II: a pair of digit ones before a full stop stays a number
    (re.compile(rf"^\s*(?!11\s*[.．])(?:[{_BAR}]{{2}}|Ⅱ)(?=\s*[^\sA-Za-z0-9{_BAR}])"), "II"),
    (re.compile(rf"^\s*[|lI!｜Ｉｌ！](?=\s*[^\sA-Za-z0-9{_BAR}.．)])"), "I"),
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


_ANSWER_BAR = re.compile(r"([\[［【])\s*[|lI]\s*(?=[^\]］】\s\n\[［【][^\]］】\n\[［【]*[\]］】])")


def fix_marks(text: str) -> str:
    """Check boxes as OCR reads them: `[O]`, `「0」`, `|○|` → `[○]`; `[|外部監査` (the closing
    bracket read as a bar) → `[ ]外部監査`; but `[|十分である]` (a bracketed ＜選択肢＞ answer
    whose closing bracket is there) → `[十分である]`: the bar is noise, not a box."""
    t = _MARK.sub("[○]", text)
    t = _ANSWER_BAR.sub(r"\1", t)
    return _EMPTY.sub("[ ]", t)


# ＜選択肢＞ heads every option list; OCR reads its brackets as kana (`ご選択肢＞`, `く選択肢>`,
# `ぐ選択肢>`), drops them (`選択肢>`) or misreads one character of the word (`記択肢`). A line
# that is nothing but such a word is the head.
_OPTIONS_HEAD = re.compile(r"^[^\S\n]*[^\s\d]?[^\S\n]*(?:選択肢|.択肢|選.肢)[^\S\n]*[>＞〉》)）]?[^\S\n]*$", re.M)


def fix_options_head(text: str) -> str:
    """`ご選択肢＞` / `く選択肢>` / `選択肢>` alone on a line → `＜選択肢＞`."""
    return _OPTIONS_HEAD.sub("＜選択肢＞", text)


# The part titles of the official forms (様式2 基礎, 様式3 重点, 様式4 全項目, every revision).
PART_TITLES = frozenset({
    "基本情報", "関連情報", "しきい値判断項目", "しきい値判断結果", "リスク対策", "特定個人情報ファイルの概要",
    "特定個人情報ファイルの取扱いプロセスにおけるリスク対策", "その他のリスク対策", "開示請求、問合せ", "評価実施手続",
})
_PART_HEADING = re.compile(r"^\s*([^\s0-9０-９.．]{1,3}?)\s*(" + "|".join(sorted(map(re.escape, PART_TITLES), key=len, reverse=True)) + r")\s*$")


def misread_part_heading(text: str) -> bool:
    """A part heading whose numeral OCR misread (`エしきい値判断項目`, `中しきい値判断項目`,
    `Ｉリスク対策` for Ⅳ): one to three characters, then exactly a part title of the forms.
    The caller numbers it from the part before it: parts are printed in order."""
    return bool(_PART_HEADING.match(text))


# a cell printed with a lone dash (項目 without an entry: "—") as OCR reads it: ーー, --, 一, _
_LONE_DASH = re.compile(r"^[\s]*[ー－―‐\-—–_一~〜]{1,4}[\s]*$")


def fix_lone_dash(text: str) -> str:
    """`ーー` / `--` / `一` as the whole of a cell → `—` (the forms' "nothing to enter")."""
    return "—" if _LONE_DASH.match(text) else text


def fix_cell(text: str) -> str:
    """Every correction of this module for the text of one OCR'd cell, in order."""
    return fix_lone_dash(fix_options_head(fix_marks(fix_label_start(text))))
