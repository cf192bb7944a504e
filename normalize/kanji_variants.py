"""Variant forms of kanji (異体字) that names are printed in: 髙橋 beside 高橋, 淺野 beside 浅野.

OCR reads a variant as its common form (Tesseract's model knows 浅, rarely 淺), so a glyph of a
font without ToUnicode that prints 淺 is named 浅 by every vote. The shape check of
extract.glyph_verify compares such a glyph with each variant of its name too. Only the
forms people's and places' names are printed in are listed (the old forms 旧字体 and the
IBM/NEC extended forms office fonts carry); a group is one set of interchangeable forms.
Compatibility ideographs that NFKC folds (塚 U+FA10 → 塚) are not listed: the text is folded.
"""

from __future__ import annotations

import functools

# each string is one group: the forms a name may be printed in, the common form first
_GROUPS = (
    "高髙",
    "浅淺",
    "船舩",
    "瀬瀨",
    "崎﨑嵜碕",
    "恵惠",
    "辺邊邉",
    "磯礒",
    "国國",
    "広廣",
    "浜濱濵",
    "沢澤",
    "桜櫻",
    "斉齊",
    "斎齋",
    "徳德",
    "真眞",
    "槙槇",
    "吉𠮷",
    "富冨",
    "島嶋嶌",
    "蔵藏",
    "竜龍",
    "条條",
    "実實",
    "寿壽",
    "弥彌",
    "穂穗",
    "栄榮",
    "昇曻",
    "渕淵",
    "芸藝",
    "鉄鐵",
    "団團",
    "学學",
    "将將",
    "聡聰",
    "荘莊",
    "覚覺",
    "亘亙",
    "凛凜",
    "野埜",
    "万萬",
    "来來",
    "桑桒",
    "館舘",
    "村邨",
    "峰峯",
    "岳嶽",
    "巌巖",
    "黒黑",
    "静靜",
    "青靑",
    "清淸",
    "戸戶",
    "増增",
    "礼禮",
    "剣劍劔釼",
    "蛍螢",
    "渋澁",
    "児兒",
    "頼賴",
    "与與",
    "郎郞",
    "尚尙",
    "恒恆",
    "柳栁",
    "桧檜",
    "杉椙",
    "薮藪",
    "籠篭",
)


@functools.cache
def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in _GROUPS:
        for ch in group:
            out[ch] = group
    return out


def variants(ch: str) -> tuple[str, ...]:
    """The other forms of `ch` names are printed in (none for most kanji)."""
    group = _index().get(ch)
    return tuple(c for c in group if c != ch) if group else ()
