"""和暦 / Gregorian dates and clock times as printed in assessments and minutes.

Nothing is guessed: a string without a recognisable date gives ``value=None`` and a
warning.  Out-of-era years that real documents print (平成32年 for 2020) are mapped
to the Gregorian year the era arithmetic gives, with a warning, because that is
what their authors meant.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from normalize.kanji_numerals import kanji_to_int
from normalize.text import close_digit_gaps

__all__ = [
    "DateParse",
    "ERAS",
    "parse_date",
    "parse_date_range",
    "parse_time",
    "parse_time_range",
    "to_wareki",
]


@dataclass(frozen=True)
class Era:
    name: str
    first_day: dt.date
    last_day: dt.date | None  # None: current era

    @property
    def offset(self) -> int:
        """Gregorian year = era year + offset (元年 is year 1)."""
        return self.first_day.year - 1


# Gregorian first/last days.  明治 is counted from 1868-01-25 (= 明治元年1月1日 in the
# lunisolar calendar, the era being applied retroactively to the start of that year);
# dates before 1873-01-01 were lunisolar, so they are flagged, not converted.
ERAS: tuple[Era, ...] = (
    Era("明治", dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
    Era("大正", dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    Era("昭和", dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    Era("平成", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    Era("令和", dt.date(2019, 5, 1), None),
)
_ERA_BY_NAME = {e.name: e for e in ERAS}
# Abbreviations: initials (R6.1.19, H29.4.12) and one-kanji forms (令6.1.19).
_ERA_ALIASES = {
    "M": "明治",
    "T": "大正",
    "S": "昭和",
    "H": "平成",
    "R": "令和",
    "明": "明治",
    "大": "大正",
    "昭": "昭和",
    "平": "平成",
    "令": "令和",
    "㍾": "明治",
    "㍽": "大正",
    "㍼": "昭和",
    "㍻": "平成",
    "㋿": "令和",
}
_GREGORIAN_START = dt.date(1873, 1, 1)


@dataclass
class DateParse:
    value: dt.date | None
    warnings: list[str] = field(default_factory=list)
    text: str = ""


_N = "[0-9〇一二三四五六七八九十]"  # month/day digits (kanji or Arabic after NFKC)
_Y = "(?:元|[0-9〇一二三四五六七八九十百]+)"
_ERA_NAMES = "明治|大正|昭和|平成|令和"
_SP = r"[ \t]*"

# Full era name with 年月日 (day, or month, optional).
_ERA_KANJI = re.compile(
    rf"(?P<era>{_ERA_NAMES}){_SP}(?P<y>{_Y}){_SP}年"
    rf"(?:{_SP}(?P<m>{_N}{{1,3}}){_SP}月(?:{_SP}(?P<d>{_N}{{1,3}}){_SP}日)?)?"
)
# One-kanji era (令5年10月30日) only with a full 年月日: "最大5年" must not become 大正5年.
_ERA_SHORT = re.compile(
    rf"(?P<era>[明大昭平令]){_SP}(?P<y>{_Y}){_SP}年{_SP}(?P<m>{_N}{{1,3}}){_SP}月{_SP}(?P<d>{_N}{{1,3}}){_SP}日"
)
# R6.1.19 / H29.4.12 / 平成29.4.12 / 令6/1/19.
_ERA_DOTTED = re.compile(
    rf"(?<![A-Za-z])(?P<era>{_ERA_NAMES}|[MTSHRmtshr㍾㍽㍼㍻㋿]){_SP}(?P<y>元|[0-9]{{1,2}})"
    rf"{_SP}(?P<sep>[./\-]){_SP}(?P<m>[0-9]{{1,2}}){_SP}(?P=sep){_SP}(?P<d>[0-9]{{1,2}})(?![0-9])"
)
_GREG_KANJI = re.compile(
    rf"(?<![0-9])(?P<y>[0-9]{{4}}){_SP}年(?:{_SP}(?P<m>[0-9]{{1,2}}){_SP}月(?:{_SP}(?P<d>[0-9]{{1,2}}){_SP}日)?)?"
)
_GREG_SLASH = re.compile(
    rf"(?<![0-9])(?P<y>[0-9]{{4}}){_SP}(?P<sep>[./\-]){_SP}(?P<m>[0-9]{{1,2}}){_SP}(?P=sep){_SP}(?P<d>[0-9]{{1,2}})(?![0-9])"
)
# Partial dates, only meaningful as the end of a range: "7月14日", "14日".
_MONTH_DAY = re.compile(rf"(?P<m>{_N}{{1,3}}){_SP}月{_SP}(?P<d>{_N}{{1,3}}){_SP}日")
_DAY_ONLY = re.compile(rf"(?<![月年0-9])(?P<d>{_N}{{1,3}}){_SP}日")


@dataclass
class _Parts:
    start: int
    end: int
    era: str | None = None
    year: int | None = None  # era year when era is set, else Gregorian
    month: int | None = None
    day: int | None = None


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    if s == "元":
        return 1
    return kanji_to_int(s)


def _find_full(t: str, pos: int = 0) -> _Parts | None:
    """The earliest date with a year (era or Gregorian) at or after ``pos``."""
    best: _Parts | None = None
    for rx, kind in (
        (_ERA_DOTTED, "era"),
        (_ERA_KANJI, "era"),
        (_ERA_SHORT, "era"),
        (_GREG_SLASH, "greg"),
        (_GREG_KANJI, "greg"),
    ):
        m = rx.search(t, pos)
        if not m:
            continue
        if best is not None and m.start() >= best.start:
            continue
        try:
            parts = _Parts(
                start=m.start(),
                end=m.end(),
                era=_ERA_ALIASES.get(m["era"].upper() if m["era"].isascii() else m["era"], m["era"])
                if kind == "era"
                else None,
                year=_num(m["y"]),
                month=_num(m.groupdict().get("m")),
                day=_num(m.groupdict().get("d")),
            )
        except ValueError:
            continue
        best = parts
    return best


def _build(parts: _Parts, text: str, warnings: list[str]) -> dt.date | None:
    precision = None
    month, day = parts.month, parts.day
    if month is None:
        precision, month, day = "year", 1, 1
    elif day is None:
        precision, day = "month", 1
    era = _ERA_BY_NAME.get(parts.era) if parts.era else None
    year = parts.year
    if year is None:
        warnings.append(f"no year in {text!r}")
        return None
    if era is not None:
        if year < 1:
            warnings.append(f"{era.name}{year}年 is not a valid era year in {text!r}")
            return None
        year = year + era.offset
    try:
        value = dt.date(year, month, day)
    except ValueError:
        warnings.append(f"not a calendar date: {year}-{month}-{day} from {text!r}")
        return None
    if era is not None:
        if value < era.first_day:
            warnings.append(
                f"{text!r}: date before the start of {era.name} ({era.first_day.isoformat()}); "
                f"mapped by era arithmetic to {value.isoformat()}"
            )
        elif era.last_day is not None and value > era.last_day:
            warnings.append(
                f"{text!r}: {era.name}{parts.year}年 is after the end of {era.name} "
                f"({era.last_day.isoformat()}); mapped to Gregorian {value.isoformat()}"
            )
        if era.name == "明治" and value < _GREGORIAN_START:
            warnings.append(f"{text!r}: before 1873 Japan used a lunisolar calendar; not converted")
    if precision:
        warnings.append(f"{text!r}: precision is {precision}; mapped to {value.isoformat()}")
    return value


# `平成21年(2009年)12月9日`, `2009年(平成21年)12月9日`: the same year in the other calendar, in
# brackets between the year and the month; without it the year would stand alone (month lost)
_YEAR_AGAIN = re.compile(rf"(?<=年)\s*\((?:{_ERA_NAMES})?\s*(?:元|[0-9]{{1,4}})\s*年\s*\)\s*(?=[0-9]{{1,2}}\s*月)")


def _prepare(s: str) -> str:
    # letter-spaced text reads "令和5年1 2月1 5日", "1 0 :0 0": digits of one number close up
    return _YEAR_AGAIN.sub("", close_digit_gaps(unicodedata.normalize("NFKC", s or "")))


def parse_date(s: str | None) -> DateParse:
    """The first date in ``s``: 和暦 (元年, kanji or digits, R6.1.19, H29.4.12) or Gregorian.

    A trailing weekday "(金)" or any surrounding text is ignored.  Month-only or
    year-only dates map to the first day with a precision warning.
    """
    text = s or ""
    t = _prepare(text)
    warnings: list[str] = []
    parts = _find_full(t)
    if parts is None:
        return DateParse(None, [f"no date found in {text!r}"], text)
    return DateParse(_build(parts, text, warnings), warnings, text)


# ∼: U+223C, seen for ～; ー, ― and 一 (the kanji one): how OCR and glyph maps read a dash between two times
_RANGE_SEP = re.compile(r"[ \t]*(?:から|より|~|〜|～|∼|－|−|–|—|-|ー|―|一)[ \t]*")
_WEEKDAY = re.compile(r"^[ \t]*\((?:[月火水木金土日祝](?:曜日?)?)(?:・[祝休])?\)")


def _end_parts(t: str, start: _Parts) -> tuple[_Parts | None, str]:
    """Parse what follows a range separator: a full date, "7月14日" or "14日"."""
    full = _find_full(t, 0)
    md = _MONTH_DAY.search(t)
    d_only = _DAY_ONLY.search(t)
    candidates: list[tuple[int, str, _Parts | re.Match[str]]] = [(p.start, "full", p) for p in [full] if p is not None]
    if md:
        candidates.append((md.start(), "md", md))
    if d_only:
        candidates.append((d_only.start(), "d", d_only))
    if not candidates:
        return None, "none"
    pos, kind, obj = min(candidates, key=lambda c: (c[0], {"full": 0, "md": 1, "d": 2}[c[1]]))
    if isinstance(obj, _Parts):  # kind "full"
        return obj, kind
    try:
        if kind == "md":
            return _Parts(obj.start(), obj.end(), start.era, start.year, _num(obj["m"]), _num(obj["d"])), kind
        return _Parts(obj.start(), obj.end(), start.era, start.year, start.month, _num(obj["d"])), kind
    except ValueError:
        return None, "none"


def parse_date_range(s: str | None) -> tuple[DateParse, DateParse]:
    """A period: "令和2年6月15日（月）～令和2年7月14日（火）", "…から…まで",
    "令和2年6月15日～7月14日" (year and era carried from the start)."""
    text = s or ""
    t = _prepare(text)
    start = _find_full(t)
    if start is None:
        return (
            DateParse(None, [f"no start date found in {text!r}"], text),
            DateParse(None, [f"no end date found in {text!r}"], text),
        )
    start_text = t[start.start : start.end]
    sw: list[str] = []
    start_value = _build(start, start_text, sw)
    rest = t[start.end :]
    wd = _WEEKDAY.match(rest)
    if wd:
        rest = rest[wd.end() :]
    sep = _RANGE_SEP.match(rest)
    if not sep:
        return (
            DateParse(start_value, sw, start_text),
            DateParse(None, [f"no range separator after the start date in {text!r}"], text),
        )
    rest = rest[sep.end() :]
    end, kind = _end_parts(rest, start)
    if end is None or end.start > 0:
        return (DateParse(start_value, sw, start_text), DateParse(None, [f"no end date found in {text!r}"], text))
    end_text = rest[end.start : end.end]
    ew: list[str] = []
    end_value = _build(end, end_text, ew)
    if kind != "full" and end_value is not None and start_value is not None and end_value < start_value:
        # "令和5年12月15日～1月4日": the period crosses New Year.
        rolled = _Parts(end.start, end.end, end.era, (end.year or 0) + 1, end.month, end.day)
        ew = [f"{end_text!r}: year carried from the start and rolled over to the next year"]
        end_value = _build(rolled, end_text, ew)
    if start_value and end_value and end_value < start_value:
        ew.append(f"end {end_value.isoformat()} is before start {start_value.isoformat()}")
    return DateParse(start_value, sw, start_text), DateParse(end_value, ew, end_text)


# --- times --------------------------------------------------------------------------

_H = "[0-9〇一二三四五六七八九十]{1,3}"
_TIME = re.compile(
    rf"(?P<ampm>午前|午後|AM|PM|am|pm)?[ \t]*(?:"
    rf"(?P<h1>[0-9]{{1,2}})[ \t]*:[ \t]*(?P<m1>[0-9]{{2}})"
    rf"|(?P<h2>{_H})[ \t]*時(?:[ \t]*(?P<half>半)|[ \t]*(?P<m2>{_H})[ \t]*分)?"
    rf"|(?P<noon>正午))"
)


def _time_from(m: re.Match[str], carry_pm: bool | None = None) -> tuple[dt.time | None, bool | None]:
    if m["noon"]:
        return dt.time(12, 0), True
    h = _num(m["h1"] or m["h2"])
    mi = 30 if m["half"] else _num(m["m1"] or m["m2"]) or 0
    ampm = m["ampm"]
    pm: bool | None = None
    if ampm:
        pm = ampm in ("午後", "PM", "pm")
    elif carry_pm is not None and h is not None and h < 12:
        pm = carry_pm
    if h is None:
        return None, pm
    if pm is True and h < 12:
        h += 12
    elif pm is False and h == 12:
        h = 0  # 午前12時 is midnight
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None, pm
    return dt.time(h, mi), pm


def parse_time(s: str | None) -> dt.time | None:
    """The first clock time: "10:00", "10：40", "午前10時", "午後3時55分", "15時"."""
    t = _prepare(s or "")
    m = _TIME.search(t)
    if not m:
        return None
    return _time_from(m)[0]


def parse_time_range(s: str | None) -> tuple[dt.time | None, dt.time | None]:
    """ "10:00～10:40", "午後3時55分から午後5時15分まで"; 午前/午後 carries to the end."""
    t = _prepare(s or "")
    m1 = _TIME.search(t)
    if not m1:
        return None, None
    start, pm = _time_from(m1)
    rest = t[m1.end() :]
    sep = _RANGE_SEP.match(rest)
    if not sep:
        return start, None
    m2 = _TIME.match(rest, sep.end())
    if not m2:
        return start, None
    end, _ = _time_from(m2, carry_pm=pm)
    return start, end


def to_wareki(d: dt.date) -> str:
    """ "令和6年1月19日" for a date (元年 for year 1); the inverse used in tests and display."""
    for era in reversed(ERAS):
        if d >= era.first_day:
            y = d.year - era.offset
            return f"{era.name}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    raise ValueError(f"{d} is before 明治")
