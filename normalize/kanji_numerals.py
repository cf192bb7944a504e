"""Kanji numerals ⇄ int.

Accepted: 〇/零 一…九, 十 百 千, 万 億 兆 京, 大字 (壱 弐 参 … 拾 陌 阡 萬), Arabic and
full-width digits, mixed forms ("3万2千", "5807万6099", "30万"), digit grouping
commas ("1,000"), positional kanji ("二〇二四"), and "〇" fill inside a section
("二千〇〇一").  Decimals are rejected: every count in these documents is integral.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["kanji_to_int", "int_to_kanji", "parse_int", "ordinal", "sub_item"]

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    **{str(i): i for i in range(10)},
}
# 大字 (formal numerals used in legal/financial text) → ordinary kanji.
_DAIJI = str.maketrans(
    {
        "壱": "一",
        "壹": "一",
        "弐": "二",
        "貳": "二",
        "貮": "二",
        "参": "三",
        "參": "三",
        "肆": "四",
        "伍": "五",
        "陸": "六",
        "漆": "七",
        "柒": "七",
        "捌": "八",
        "玖": "九",
        "拾": "十",
        "什": "十",
        "陌": "百",
        "佰": "百",
        "阡": "千",
        "仟": "千",
        "萬": "万",
    }
)
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12, "京": 10**16}

_NUM_CHARS = "0-9〇零一二三四五六七八九十百千万億兆京壱壹弐貳貮参參肆伍陸漆柒捌玖拾什陌佰阡仟萬"
# A numeral token inside running text; a comma counts only as a thousands separator.
_TOKEN = re.compile(rf"-?[{_NUM_CHARS}](?:[{_NUM_CHARS}]|,(?=[0-9]{{3}}(?![0-9])))*")


def _prepare(s: str) -> str:
    t = unicodedata.normalize("NFKC", s).translate(_DAIJI).strip()
    return t


def _digits_value(run: str, whole: str) -> int:
    value = 0
    for ch in run:
        value = value * 10 + _DIGITS[ch]
    return value


def _coefficient(run: str, unit_name: str, whole: str) -> int:
    # Arabic runs may be long ("58百", "12千345" as kanjize accepts); a kanji
    # coefficient is a single digit: "一二三十" is not a way anyone writes 1230.
    if run.isascii():
        value = int(run)
    elif len(run) == 1:
        value = _DIGITS[run]
    else:
        raise ValueError(f"invalid numeral {whole!r}: coefficient {run!r} before {unit_name}")
    if value == 0:
        raise ValueError(f"invalid numeral {whole!r}: zero coefficient before {unit_name}")
    return value


def _parse_section(sec: str, whole: str) -> int:
    """Value of a run without 万億兆京: 千百十 with coefficients, then trailing digits."""
    total = 0
    last_unit: int | None = None
    run = ""
    for ch in sec:
        if ch in _DIGITS:
            run += ch
            continue
        unit = _SMALL[ch]
        coef = _coefficient(run, ch, whole) if run else 1
        if last_unit is not None and coef * unit >= last_unit:
            raise ValueError(f"invalid numeral {whole!r}: {run}{ch} does not fit below the preceding unit")
        total += coef * unit
        last_unit = unit
        run = ""
    if run:
        rest = _digits_value(run, whole)
        if last_unit is not None and rest >= last_unit:
            raise ValueError(f"invalid numeral {whole!r}: {run!r} does not fit below the preceding unit")
        total += rest
    return total


def kanji_to_int(s: str) -> int:
    """Parse a numeral written in kanji, digits or a mix. Raises ValueError if invalid.

    Each part must fit below the unit before it ("1千1000", "1万10千", "百千" are
    errors), a large unit needs a coefficient ("万1千" is an error, "一万" is not).
    """
    if not isinstance(s, str):
        raise ValueError(f"not a string: {s!r}")
    t = _prepare(s)
    negative = t.startswith("-")
    if negative:
        t = t[1:]
    if "," in t:
        if not re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:[^0-9,].*)?", t):
            raise ValueError(f"invalid numeral {s!r}: misplaced digit-group comma")
        t = t.replace(",", "")
    if not t:
        raise ValueError(f"empty numeral {s!r}")
    bad = [ch for ch in t if ch not in _DIGITS and ch not in _SMALL and ch not in _BIG]
    if bad:
        raise ValueError(f"invalid numeral {s!r}: unexpected character {bad[0]!r}")

    total = 0
    prev_big: int | None = None
    sec = ""
    for ch in t:
        if ch not in _BIG:
            sec += ch
            continue
        unit = _BIG[ch]
        if not sec:
            raise ValueError(f"invalid numeral {s!r}: {ch} without a coefficient")
        if prev_big is not None and unit >= prev_big:
            raise ValueError(f"invalid numeral {s!r}: {ch} after a smaller or equal unit")
        value = _parse_section(sec, s)
        if value == 0:
            raise ValueError(f"invalid numeral {s!r}: zero coefficient before {ch}")
        if prev_big is not None and value * unit >= prev_big:
            raise ValueError(f"invalid numeral {s!r}: {sec}{ch} does not fit below the preceding unit")
        total += value * unit
        prev_big = unit
        sec = ""
    if sec:
        value = _parse_section(sec, s)
        if prev_big is not None and value >= prev_big:
            raise ValueError(f"invalid numeral {s!r}: {sec!r} does not fit below the preceding unit")
        total += value
    return -total if negative else total


_KANJI_DIGITS = "〇一二三四五六七八九"


def _section_to_kanji(n: int) -> str:
    out = []
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, unit)
        if d:
            out.append(("" if d == 1 else _KANJI_DIGITS[d]) + name)
    if n:
        out.append(_KANJI_DIGITS[n])
    return "".join(out)


def int_to_kanji(n: int) -> str:
    """Ordinary kanji numeral: 2024 → 二千二十四, 10000 → 一万, 0 → 〇 (0 … 10^20−1)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"not an int: {n!r}")
    if n < 0:
        raise ValueError(f"negative numbers are not supported: {n}")
    if n >= 10**20:
        raise ValueError(f"too large (no unit beyond 京): {n}")
    if n == 0:
        return "〇"
    out = []
    for unit, name in ((10**16, "京"), (10**12, "兆"), (10**8, "億"), (10**4, "万")):
        d, n = divmod(n, unit)
        if d:
            # 万 and above always carry their coefficient: 一万, 一億 (but 千, 百, 十).
            sec = _section_to_kanji(d)
            out.append(("一" if d == 1 else sec) + name)
    if n:
        out.append(_section_to_kanji(n))
    return "".join(out)


def parse_int(s: str | None) -> int | None:
    """First number found in ``s`` ("第二十二回" → 22, "22回" → 22, "1,000人" → 1000).

    Lenient: returns None when there is no parseable numeral.  Note that a kanji
    digit inside an ordinary word ("一部") also counts, so pass the narrowest text.
    """
    if not s:
        return None
    t = unicodedata.normalize("NFKC", s)
    for m in _TOKEN.finditer(t):
        try:
            return kanji_to_int(m.group(0))
        except ValueError:
            continue
    return None


_ORDINAL = re.compile(rf"第\s*([{_NUM_CHARS}]+)")


def ordinal(s: str | None) -> int | None:
    """The number of an ordinal "第二十二回" → 22; falls back to the first number."""
    if not s:
        return None
    t = unicodedata.normalize("NFKC", s)
    m = _ORDINAL.search(t)
    if m:
        try:
            return kanji_to_int(m.group(1))
        except ValueError:
            pass
    return parse_int(t)


_SUB_ITEM = re.compile(rf"([{_NUM_CHARS}]+)((?:\s*の\s*[{_NUM_CHARS}]+)*)")


def sub_item(s: str) -> str:
    """Item number with its branch numbers: "二十の二" / "20の2" / "第20条の2" → "20の2".

    Raises ValueError when no number is present.
    """
    t = unicodedata.normalize("NFKC", s or "")
    # "第20条の2": the branch follows a counter word, not the number itself.
    m = re.search(rf"([{_NUM_CHARS}]+)\s*[条項号]\s*の\s*([{_NUM_CHARS}]+)", t)
    if m:
        return f"{kanji_to_int(m.group(1))}の{kanji_to_int(m.group(2))}"
    for m in _SUB_ITEM.finditer(t):
        try:
            head = kanji_to_int(m.group(1))
            branches = [kanji_to_int(b) for b in re.findall(rf"[{_NUM_CHARS}]+", m.group(2))]
        except ValueError:
            continue
        return "の".join(str(x) for x in [head, *branches])
    raise ValueError(f"no item number in {s!r}")
