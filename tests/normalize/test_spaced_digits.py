"""Letter-spaced text ("1 2月1 5日", "1 0 :0 0") parses like the unspaced text; glyph twins fold."""

import datetime as dt

import pytest

from normalize.kanji_numerals import parse_int
from normalize.text import close_digit_gaps, fold
from normalize.wareki import parse_date, parse_date_range, parse_time_range


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("令和5年1 2月1 5日", "令和5年12月15日"),
        ("3 7ページ", "37ページ"),
        ("1 0 :0 0~1 0 :5 0", "10:00~10:50"),
        ("1 ２ 件", "1２ 件"),
        ("ISO/IEC 27017", "ISO/IEC 27017"),
        ("令和 5 年", "令和 5 年"),  # digits next to words keep their spaces (fold removes them)
        ("", ""),
    ],
)
def test_close_digit_gaps(raw, expected):
    assert close_digit_gaps(raw) == expected


def test_spaced_dates_and_times():
    assert parse_date("令和5年1 2月1 5日").value == dt.date(2023, 12, 15)
    s, e = parse_date_range("令和2年6月1 5日(月)~令和2年7月1 4日(火)")
    assert (s.value, e.value) == (dt.date(2020, 6, 15), dt.date(2020, 7, 14))
    assert parse_time_range("1 0 :0 0~1 0 :5 0") == (dt.time(10, 0), dt.time(10, 50))
    assert parse_int(close_digit_gaps("1 1件")) == 11


def test_glyph_twins_fold():
    # Chromium's Type3 /ToUnicode names the shared glyph's other code point
    assert fold("戶籍住民課") == "戸籍住民課"
    assert fold("1〜4") == fold("1～4") == "1~4"
