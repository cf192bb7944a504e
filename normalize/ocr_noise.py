"""OCR misreadings of the form's own markers, undone at the start of a label.

Tesseract reads the part numerals Ⅰ…Ⅵ as `|`, `l`, `1`, `Il`, `川`; a circled item number as
`(①` or `①)`; check-box marks ○ as `O`/`0`/`o`; brackets ［ as `「`/`|`. Only the START of a label
cell is rewritten (where the form prints its numbering), and callers apply it to OCR'd text
only: `川` or `O` are ordinary characters elsewhere.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Callable

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
        return m.group(1) + text[m.end() :]
    for rx, roman in _PART_NOISE:
        m = rx.match(text)
        if m:
            if roman is None:
                roman = "IV" if m.group(0).strip()[-1] in "VＶ" else "VI"
            return roman + text[m.end() :].lstrip()
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
PART_TITLES = frozenset(
    {
        "基本情報",
        "関連情報",
        "しきい値判断項目",
        "しきい値判断結果",
        "リスク対策",
        "特定個人情報ファイルの概要",
        "特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
        "その他のリスク対策",
        "開示請求、問合せ",
        "評価実施手続",
    }
)
_PART_HEADING = re.compile(
    r"^\s*([^\s0-9０-９.．]{1,3}?)\s*("
    + "|".join(sorted(map(re.escape, PART_TITLES), key=len, reverse=True))
    + r")\s*$"
)


def misread_part_heading(text: str) -> bool:
    """A part heading whose numeral OCR misread (`エしきい値判断項目`, `中しきい値判断項目`,
    `Ｉリスク対策` for Ⅳ): one to three characters, then exactly a part title of the forms.
    The caller numbers it from the part before it: parts are printed in order."""
    return bool(_PART_HEADING.match(text))


# a cell printed with a lone dash (項目 without an entry: "—") as OCR reads it: ーー, --, 一, _
_LONE_DASH = re.compile(r"^[\s]*[ー－―‐\-—–_一~〜]{1,4}[\s]*$")


def fix_lone_dash(text: str) -> str:
    """`ーー` / `--` / `一` as the whole of a cell → `—` (the forms' "nothing to enter"). A single
    hyphen stays one: forms print both marks (`-` and `—`), and a glyph named `-` by its narrow
    shape (extract.glyph_map) is one."""
    if text.strip() in ("-", "－"):
        return "-"
    return "—" if _LONE_DASH.match(text) else text


# A short hyphen alone in a cell (the forms' "-" for nothing to enter) as Tesseract reads it
# at 200 dpi: two grey rows of anti-aliasing become `=`. `=` alone is never a value.
_LONE_HYPHEN = re.compile(r"^\s*[=＝]\s*$")

_NUM = r"[0-9０-９〇一二三四五六七八九十百千]+"
# Tesseract's jpn misreadings of the forms' and statutes' commonest words, as measured on
# 200-dpi scans (bench/score_real_assessments.py --scan 200): each misread form is not a word
# of Japanese where it is rewritten (宣吉, 第25奈, 取扱つう), so the rewrite cannot change a
# correctly read text. Applied to the values of OCR'd cells; the label column is read
# against the form itself (extract.skeleton).
_CONFUSIONS = (
    (re.compile(r"宣吉"), "宣言"),  # 宣言 (the cover's 宣言)
    (re.compile(rf"(第{_NUM})[奈祭共打]"), r"\1条"),  # 第25条
    (re.compile(rf"((?:第|条){_NUM}|条)頂"), r"\1項"),  # 第2項, 条第1項
    (re.compile(rf"(第{_NUM}|条|項)[頂需](?=第|の|[、。)）及又若並]|$)"), r"\1項"),
    (re.compile(r"(?<=[税市町村県区都道府])祭例"), "条例"),  # 市税条例 (祭礼 is the festival)
    (re.compile(r"(あた|当た|とな|にな)けり"), r"\1り"),  # 取扱いにあたり (あたけり), こととなり
    (re.compile(r"(取扱|取り扱)つう?(?=[にとべ])"), r"\1う"),  # 取扱うに / 取り扱うに
    (re.compile(r"させする"), "させる"),
    (re.compile(r"(軽減|低減)さ(?:すせ|せす|す)る"), r"\1させる"),  # 軽減させる (さすせる, さする)
    (re.compile(r"プライバシ[ーｰ\-]{2,}"), "プライバシー"),  # the long vowel read twice
    (re.compile(r"プライバシ(?=[^ーｰ\-])"), "プライバシー"),
    (re.compile(r"影響及ぼ"), "影響を及ぼ"),  # を dropped: 影響及ぼす is no Japanese
    (re.compile(r"寺囲"), "範囲"),
    (re.compile(r"借設"), "創設"),
    (re.compile(r"法久(?=[及等にのでや、])"), "法令"),  # 関係法令及び
    (re.compile(r"服体不自由"), "肢体不自由"),
    (re.compile(rf"(の{_NUM}の)頂(?=[0-9０-９、。.．)）\s]|$)"), r"\1項"),  # 別表第一の56の項
    (re.compile(r"第[ーｰ－―](?![ーｰ－―])"), "第一"),  # 第一 with 一 read as the long vowel
    (re.compile(r"[駆賊貝]課"), "賦課"),
    (re.compile(r"喝童|(?<=障害)喝"), lambda m: "児童" if m.group(0) == "喝童" else "児"),  # 児童, 障害児
    (re.compile(r"(母子父子|並びに)[夏在鼻]婦"), r"\1寡婦"),
    (re.compile(r"[念久今信人多](?=和\s*(?:[0-9０-９]{1,2}|元)\s*年)"), "令"),  # 令和3年
    # a period's 〜 read as 一 or ー between two dates: `9月2日(月)一令和6年10月1日`
    (re.compile(r"(?<=[日)）])\s*[一ー]\s*(?=(?:令和|平成|[0-9０-９]{1,4}\s*年|[0-9０-９]{1,2}\s*月))"), "〜"),
    # 諮問 (a body's inquiry, in every minutes): 諮 read as 褒, 論 or 府 before what follows 諮問
    (re.compile(r"[褒論府](?=問(?:事項|第|の|に|を|し|さ|す|書|機関|案件|事|者))"), "諮"),
    (re.compile(r"見査し"), "見直し"),
)


def fix_words(text: str) -> str:
    """`宣吉する` → `宣言する`, `第25奈第2頂` → `第25条第2項`, `あたけり、` → `あたり、`, a lone
    `=` → `-`: the misreadings above undone, anything else unchanged."""
    if _LONE_HYPHEN.match(text):
        return "-"
    return fix_confusions(text)


# The long-vowel mark after a kanji is no Japanese: it is the kanji 一 (第一, 別表第一, 統一).
_VOWEL_AFTER_KANJI = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff々])[ーｰ](?![ーｰ\-－―])")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff々"
# A full stop between two Japanese characters is a comma (、 or ，) read as `.`: Japanese
# text ends a sentence with 。, never `.`, and numbers (1.2) have no kana or kanji around it.
_DOT_BETWEEN = re.compile(rf"(?<=[{_CJK}])[.．](?=[{_CJK}])")


def fix_punctuation(text: str) -> str:
    """`第ーの` → `第一の`; `確認し.併せて` → `確認し、併せて` (or `，` where the text's own
    commas are `，`/`,`): OCR's punctuation where the scan shows Japanese text."""
    text = _VOWEL_AFTER_KANJI.sub("一", text)
    if _DOT_BETWEEN.search(text):
        comma = "、" if text.count("、") >= text.count("，") + text.count(",") else "，"
        text = _DOT_BETWEEN.sub(comma, text)
    return text


def across_breaks(text: str, fix: Callable[[str], str]) -> str:
    """fix applied to the text with its line breaks lifted, the breaks put back where they
    were (a break inside a rewritten stretch goes to the same share of its rewrite)."""
    if "\n" not in text:
        return fix(text)
    flat = text.replace("\n", "")
    fixed = fix(flat)
    if fixed == flat:
        return text
    breaks, at = [], 0
    for line in text.split("\n")[:-1]:
        at += len(line)
        breaks.append(at)
    ops = SequenceMatcher(None, flat, fixed, autojunk=False).get_opcodes()
    moved = []
    for b in breaks:
        for _op, a0, a1, b0, b1 in ops:
            if a0 <= b <= a1:
                moved.append(b0 + (round((b - a0) * (b1 - b0) / (a1 - a0)) if a1 > a0 else 0))
                break
        else:
            moved.append(len(fixed))
    out, last = [], 0
    for m in moved:
        out.append(fixed[last:m])
        last = m
    out.append(fixed[last:])
    return "\n".join(out)


def fix_confusions(text: str) -> str:
    """fix_words without the lone `=` of a cell: for any OCR'd line (hyokasho.ocr applies it to
    every line it reads, so minutes are read with 令和 and 諮問 where the scan shows them)."""
    for rx, repl in _CONFUSIONS:
        text = rx.sub(repl, text)
    return text


def fix_cell(text: str) -> str:
    """Every correction of this module for the text of one OCR'd cell, in order."""
    text = fix_words(fix_lone_dash(fix_options_head(fix_marks(fix_label_start(text)))))
    # a misreading can straddle the cell's line break (`…ここに宣` / `吉する。`)
    return across_breaks(text, lambda t: fix_punctuation(fix_confusions(t)))


# Tesseract's misreadings inside a date (measured on 200-dpi scans of the real minutes, dev
# split: `令和3年1月25晶`, `完和2年2月28日`): a character of like shape where the date's pattern
# wants 日 after the day's digits, or the era's first character before 和/成 and a year. Only in
# that pattern, so no correct text is rewritten: `25晶` or `完和2年` is no Japanese.
_DAY_MARK = re.compile(r"(月\s*[0-9０-９]{1,2}\s*)[目曰晶田口白]")
_ERA_REIWA = re.compile(r"[今合完冷命多]和(\s*(?:元|[0-9０-９]{1,2})\s*年)")
_ERA_HEISEI = re.compile(r"平[戚城威](\s*(?:元|[0-9０-９]{1,2})\s*年)")


def fix_date_marks(text: str) -> str:
    """`令和3年1月25晶` → `令和3年1月25日`, `完和2年` → `令和2年`, `平戚29年` → `平成29年`."""
    text = _DAY_MARK.sub(r"\1日", text)
    text = _ERA_REIWA.sub(r"令和\1", text)
    return _ERA_HEISEI.sub(r"平成\1", text)
