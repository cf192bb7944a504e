"""Helpers shared by the templates: 和暦 dates, circled numbers, text folding for ground truth."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

CIRCLED = {i: chr(0x2460 + i - 1) for i in range(1, 21)}
ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ", "VI": "Ⅵ"}


def circled(n: int) -> str:
    return CIRCLED[n]


def wareki(iso: str | dt.date | None, style: str = "full") -> str:
    """2024-01-19 -> 令和6年1月19日 (style "ym": 令和6年1月)."""
    if iso is None:
        return ""
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    if d >= dt.date(2019, 5, 1):
        era, y = "令和", d.year - 2018
    elif d >= dt.date(1989, 1, 8):
        era, y = "平成", d.year - 1988
    else:
        era, y = "昭和", d.year - 1925
    ys = "元" if y == 1 else str(y)
    if style == "ym":
        return f"{era}{ys}年{d.month}月"
    return f"{era}{ys}年{d.month}月{d.day}日"


WEEKDAY = "月火水木金土日"


def wareki_wd(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{wareki(d)}（{WEEKDAY[d.weekday()]}）"


def fold(s: str | None) -> str | None:
    """What the dataset should hold for printed text: NFKC, no spaces (line breaks kept)."""
    if s is None:
        return None
    s = unicodedata.normalize("NFKC", s)
    return "\n".join(re.sub(r"[ \u3000\t]+", "", ln) for ln in s.split("\n")).strip("\n")


_NUM = r"([\d,]+)(万)?"


def _num(m_digits: str, man: str | None) -> int:
    v = int(m_digits.replace(",", ""))
    return v * 10000 if man else v


def count_range(option: str) -> tuple[int | None, int | None] | None:
    """'1万人以上10万人未満' -> (10000, 100000); '1,000人未満' -> (0, 1000); '30万人以上' -> (300000, None)."""
    o = unicodedata.normalize("NFKC", option)
    m = re.fullmatch(_NUM + r"(人|項目)以上" + _NUM + r"(人|項目)未満.*", o)
    if m:
        return _num(m[1], m[2]), _num(m[4], m[5])
    m = re.fullmatch(_NUM + r"(人|項目)未満.*", o)
    if m:
        return 0, _num(m[1], m[2])
    m = re.fullmatch(_NUM + r"(人|項目)以上.*", o)
    if m:
        return _num(m[1], m[2]), None
    return None
