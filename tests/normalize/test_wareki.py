import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jpdatetime import jpdatetime

from normalize.wareki import (
    ERAS,
    parse_date,
    parse_date_range,
    parse_time,
    parse_time_range,
    to_wareki,
)

D = dt.date


# Every era's first and last day, written as the era prints it.
ERA_BOUNDARIES = [
    ("明治45年7月29日", D(1912, 7, 29)),
    ("大正元年7月30日", D(1912, 7, 30)),
    ("大正15年12月24日", D(1926, 12, 24)),
    ("昭和元年12月25日", D(1926, 12, 25)),
    ("昭和64年1月7日", D(1989, 1, 7)),
    ("平成元年1月8日", D(1989, 1, 8)),
    ("平成31年4月30日", D(2019, 4, 30)),
    ("令和元年5月1日", D(2019, 5, 1)),
]


@pytest.mark.parametrize("text, value", ERA_BOUNDARIES)
def test_era_boundaries_exact(text, value):
    r = parse_date(text)
    assert r.value == value
    assert r.warnings == []


def test_meiji_first_day_is_flagged_lunisolar():
    r = parse_date("明治元年1月25日")
    assert r.value == D(1868, 1, 25)
    assert any("lunisolar" in w for w in r.warnings)


@pytest.mark.parametrize(
    "text, value",
    [
        ("明治45年7月30日", D(1912, 7, 30)),  # day after Meiji ended
        ("大正15年12月25日", D(1926, 12, 25)),
        ("昭和64年1月8日", D(1989, 1, 8)),
        ("平成31年5月1日", D(2019, 5, 1)),
        ("平成32年3月31日", D(2020, 3, 31)),
        ("平成33年1月1日", D(2021, 1, 1)),
    ],
)
def test_after_era_end_maps_with_warning(text, value):
    r = parse_date(text)
    assert r.value == value
    assert len(r.warnings) == 1 and "after the end" in r.warnings[0]


@pytest.mark.parametrize(
    "text, value",
    [
        ("令和元年4月30日", D(2019, 4, 30)),
        ("平成元年1月7日", D(1989, 1, 7)),
        ("大正元年7月29日", D(1912, 7, 29)),
        ("昭和元年12月24日", D(1926, 12, 24)),
    ],
)
def test_before_era_start_maps_with_warning(text, value):
    r = parse_date(text)
    assert r.value == value
    assert len(r.warnings) == 1 and "before the start" in r.warnings[0]


@pytest.mark.parametrize(
    "text, value",
    [
        ("令和6年1月19日", D(2024, 1, 19)),
        ("令和6年1月19日（金）", D(2024, 1, 19)),
        ("令和6年1月19日(金)", D(2024, 1, 19)),
        ("令和６年１月１９日", D(2024, 1, 19)),
        ("令和六年一月十九日", D(2024, 1, 19)),
        ("令和 6 年 1 月 19 日", D(2024, 1, 19)),
        ("平成三〇年十二月二四日", D(2018, 12, 24)),
        ("平成29年1月30日(月) 午後3時55分から", D(2017, 1, 30)),
        ("2024年1月19日", D(2024, 1, 19)),
        ("2024/1/19", D(2024, 1, 19)),
        ("2024-01-19", D(2024, 1, 19)),
        ("R6.1.19", D(2024, 1, 19)),
        ("H29.4.12", D(2017, 4, 12)),
        ("平成29.4.12", D(2017, 4, 12)),
        ("R元.5.1", D(2019, 5, 1)),
        ("㍻31年4月30日", D(2019, 4, 30)),
        ("令5年10月30日", D(2023, 10, 30)),
        ("公表日 令和6年10月1日", D(2024, 10, 1)),
    ],
)
def test_parse_date(text, value):
    r = parse_date(text)
    assert r.value == value
    assert r.warnings == []
    assert r.text == text


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("平成28年1月", D(2016, 1, 1), "month"),
        ("2024年1月", D(2024, 1, 1), "month"),
        ("令和6年", D(2024, 1, 1), "year"),
    ],
)
def test_partial_dates_warn_precision(text, value, precision):
    r = parse_date(text)
    assert r.value == value
    assert any(f"precision is {precision}" in w for w in r.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "会議録",
        "",
        None,
        "令和0年1月1日",
        "令和6年2月30日",
        "令和6年13月1日",
        "10:00～10:40",
        "最大5年間保存",
        "第22回",
        "1,000人未満",
    ],
)
def test_not_a_date(text):
    r = parse_date(text)
    assert r.value is None
    assert r.warnings


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("令和2年6月15日（月）～令和2年7月14日（火）", D(2020, 6, 15), D(2020, 7, 14)),
        ("令和5年12月15日から令和6年1月4日まで", D(2023, 12, 15), D(2024, 1, 4)),
        ("（令和2年6月15日～7月14日実施）", D(2020, 6, 15), D(2020, 7, 14)),
        ("令和5年11月15日(水)～12月14日(木)", D(2023, 11, 15), D(2023, 12, 14)),
        ("令和2年6月1日～14日", D(2020, 6, 1), D(2020, 6, 14)),
        ("2024/1/5~2024/2/4", D(2024, 1, 5), D(2024, 2, 4)),
        ("平成31年4月1日～令和元年5月7日", D(2019, 4, 1), D(2019, 5, 7)),
    ],
)
def test_parse_date_range(text, start, end):
    a, b = parse_date_range(text)
    assert (a.value, b.value) == (start, end)
    assert a.warnings == [] and b.warnings == []


def test_range_crossing_new_year_rolls_over_with_warning():
    a, b = parse_date_range("令和5年12月15日～1月4日")
    assert (a.value, b.value) == (D(2023, 12, 15), D(2024, 1, 4))
    assert any("rolled over" in w for w in b.warnings)


@pytest.mark.parametrize("text", ["令和2年6月15日", "なし", ""])
def test_range_without_end(text):
    _, b = parse_date_range(text)
    assert b.value is None and b.warnings


@pytest.mark.parametrize(
    "text, value",
    [
        ("10:00", dt.time(10, 0)),
        ("10：40", dt.time(10, 40)),
        ("午前10時", dt.time(10, 0)),
        ("午後3時55分", dt.time(15, 55)),
        ("15時", dt.time(15, 0)),
        ("午後5時15分まで", dt.time(17, 15)),
        ("午前9時半", dt.time(9, 30)),
        ("午後0時", dt.time(12, 0)),
        ("午前12時", dt.time(0, 0)),
        ("正午", dt.time(12, 0)),
        ("午後三時", dt.time(15, 0)),
        ("25:00", None),
        ("なし", None),
        ("", None),
    ],
)
def test_parse_time(text, value):
    assert parse_time(text) == value


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("10:00～10:40", dt.time(10, 0), dt.time(10, 40)),
        ("10:00~10:50", dt.time(10, 0), dt.time(10, 50)),
        ("午後3時55分から午後5時15分まで", dt.time(15, 55), dt.time(17, 15)),
        ("午前10時から午前10時40分まで", dt.time(10, 0), dt.time(10, 40)),
        ("午後3時から5時まで", dt.time(15, 0), dt.time(17, 0)),
        ("13時30分～15時", dt.time(13, 30), dt.time(15, 0)),
        # a dash as OCR or a glyph map without ToUnicode reads it: ー, ―, the kanji 一
        ("14:00一15:30", dt.time(14, 0), dt.time(15, 30)),
        ("午後1時ー午後2時", dt.time(13, 0), dt.time(14, 0)),
        ("十時一分から十一時まで", dt.time(10, 1), dt.time(11, 0)),
        ("10:00", dt.time(10, 0), None),
        ("なし", None, None),
    ],
)
def test_parse_time_range(text, start, end):
    assert parse_time_range(text) == (start, end)


@given(st.dates(min_value=D(1873, 1, 1), max_value=D(2200, 12, 31)))
@settings(max_examples=500)
def test_round_trip_date_wareki_date(d):
    r = parse_date(to_wareki(d))
    assert r.value == d and r.warnings == []


def test_eras_are_contiguous():
    for a, b in zip(ERAS, ERAS[1:]):
        assert a.last_day + dt.timedelta(days=1) == b.first_day


# --- external oracle: jpdatetime (MIT) -----------------------------------------------
# strptime cases published in jpdatetime's test/test_jpdatetime.py (%G, %g, %e forms);
# the 霊亀 cases are outside the eras this project handles.
JPDATETIME_CASES = [
    ("令和05年10月30日", "%G年%m月%d日", D(2023, 10, 30)),
    ("令和5年10月30日", "%-G年%m月%d日", D(2023, 10, 30)),
    ("令和元年05月01日", "%G年%m月%d日", D(2019, 5, 1)),
    ("平成30年04月01日", "%G年%m月%d日", D(2018, 4, 1)),
    ("平成元年01月08日", "%G年%m月%d日", D(1989, 1, 8)),
    ("昭和64年01月07日", "%G年%m月%d日", D(1989, 1, 7)),
    ("昭和元年12月25日", "%G年%m月%d日", D(1926, 12, 25)),
    ("大正15年12月24日", "%G年%m月%d日", D(1926, 12, 24)),
    ("大正元年07月30日", "%G年%m月%d日", D(1912, 7, 30)),
    ("明治45年07月29日", "%G年%m月%d日", D(1912, 7, 29)),
    ("令05年10月30日", "%g年%m月%d日", D(2023, 10, 30)),
    ("令1年05月01日", "%-g年%m月%d日", D(2019, 5, 1)),
    ("平01年01月08日", "%g年%m月%d日", D(1989, 1, 8)),
    ("昭64年01月07日", "%g年%m月%d日", D(1989, 1, 7)),
    ("昭1年12月25日", "%-g年%m月%d日", D(1926, 12, 25)),
    ("大15年12月24日", "%g年%m月%d日", D(1926, 12, 24)),
    ("大1年07月30日", "%-g年%m月%d日", D(1912, 7, 30)),
    ("明45年07月29日", "%g年%m月%d日", D(1912, 7, 29)),
    ("R05/10/30", "%e/%m/%d", D(2023, 10, 30)),
    ("R1/05/01", "%-e/%m/%d", D(2019, 5, 1)),
    ("H30/04/01", "%e/%m/%d", D(2018, 4, 1)),
    ("H1/01/08", "%-e/%m/%d", D(1989, 1, 8)),
    ("S64/01/07", "%e/%m/%d", D(1989, 1, 7)),
    ("S1/12/25", "%-e/%m/%d", D(1926, 12, 25)),
    ("T15/12/24", "%e/%m/%d", D(1926, 12, 24)),
    ("T1/07/30", "%-e/%m/%d", D(1912, 7, 30)),
    ("M45/07/29", "%e/%m/%d", D(1912, 7, 29)),
]


@pytest.mark.parametrize("text, fmt, value", JPDATETIME_CASES)
def test_jpdatetime_published_cases(text, fmt, value):
    assert jpdatetime.strptime(text, fmt).date() == value  # the oracle itself
    r = parse_date(text)
    assert r.value == value and r.warnings == []


@given(st.dates(min_value=D(1912, 7, 30), max_value=D(2100, 12, 31)))
@settings(max_examples=300)
def test_matches_jpdatetime_on_random_dates(d):
    text = to_wareki(d)
    assert parse_date(text).value == jpdatetime.strptime(text, "%-G年%m月%d日").date()


@pytest.mark.parametrize(
    "text",
    [
        "平成21年(2009年)12月9日(水) 午後2時00分~4時00分",  # 豊中市's 会議録 form
        "平成21年（２００９年）１２月９日",
        "2009年(平成21年)12月9日",
    ],
)
def test_the_year_repeated_in_the_other_calendar_keeps_month_and_day(text):
    got = parse_date(text)
    assert got.value == dt.date(2009, 12, 9)
    assert not any("precision" in w for w in got.warnings)


def test_a_bracketed_year_not_followed_by_a_month_is_left_alone():
    assert parse_date("平成21年度(2009年度)").value == dt.date(2009, 1, 1)
