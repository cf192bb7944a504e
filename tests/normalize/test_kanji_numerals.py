import kanjize
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.kanji_numerals import int_to_kanji, kanji_to_int, ordinal, parse_int, sub_item


@pytest.mark.parametrize(
    "text, value",
    [
        ("〇", 0),
        ("零", 0),
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十二", 22),
        ("百", 100),
        ("百十一", 111),
        ("千", 1000),
        ("一千", 1000),
        ("二千二十四", 2024),
        ("一万", 10000),
        ("十万", 100000),
        ("三十万", 300000),
        ("一億", 10**8),
        ("一兆", 10**12),
        ("一京", 10**16),
        ("百二十三万四千五百六十七", 1234567),
        ("壱", 1),
        ("弐拾", 20),
        ("参百", 300),
        ("阡二百三拾四", 1234),
        ("壱萬", 10000),
        ("3万2千", 32000),
        ("30万", 300000),
        ("1万", 10000),
        ("5807万6099", 58076099),
        ("1,000", 1000),
        ("1,000万", 10**7),
        ("12,345,678", 12345678),
        ("１２３", 123),
        ("３０万", 300000),
        ("二〇二四", 2024),
        ("四〇四", 404),
        ("二千〇〇一", 2001),
        ("1000万", 10**7),
        (" 22 ", 22),
        ("-5", -5),
    ],
)
def test_kanji_to_int(text, value):
    assert kanji_to_int(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "1.5",
        "1,00",
        "1,0000",
        "十十",
        "百千",
        "万万",
        "万",
        "万1千234",
        "1千1000",
        "1万10千",
        "1万0万",
        "一二三十",
        "0百",
        "二十の二",
        "1億-2万",
        "inf",
        None,
    ],
)
def test_kanji_to_int_invalid(text):
    with pytest.raises(ValueError):
        kanji_to_int(text)


def test_kanji_to_int_error_message_names_input():
    with pytest.raises(ValueError, match="1千1000"):
        kanji_to_int("1千1000")


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "〇"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (100, "百"),
        (110, "百十"),
        (1000, "千"),
        (1001, "千一"),
        (1010, "千十"),
        (2024, "二千二十四"),
        (10000, "一万"),
        (10**8, "一億"),
        (10**16, "一京"),
        (58076099, "五千八百七万六千九十九"),
        (100010000, "一億一万"),
    ],
)
def test_int_to_kanji(n, text):
    assert int_to_kanji(n) == text


@pytest.mark.parametrize("bad", [-1, 10**20, 1.5, True, "1"])
def test_int_to_kanji_rejects(bad):
    with pytest.raises(ValueError):
        int_to_kanji(bad)


@given(st.integers(min_value=0, max_value=10**16))
@settings(max_examples=1000)
def test_round_trip_int_kanji_int(n):
    assert kanji_to_int(int_to_kanji(n)) == n


@given(st.integers(min_value=0, max_value=10**16))
@settings(max_examples=500)
def test_round_trip_mixed_and_positional(n):
    assert kanji_to_int(str(n)) == n
    assert kanji_to_int(f"{n:,}") == n
    positional = "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    assert kanji_to_int(positional) == n


# --- external oracle: kanjize (MIT) ------------------------------------------------


@given(st.integers(min_value=1, max_value=10**16))
@settings(max_examples=1000)
def test_matches_kanjize_number2kanji_and_kanji2number(n):
    # kanjize spells 0 as 零 where we print 〇; every other value must agree exactly.
    assert int_to_kanji(n) == kanjize.number2kanji(n)
    assert kanji_to_int(int_to_kanji(n)) == kanjize.kanji2number(int_to_kanji(n))


# The kanji2number cases published in kanjize's tests/test_kanjize.py that are in our
# domain (we do not parse decimals or the units above 京).
KANJIZE_CASES = [
    (1, "一"),
    (10, "十"),
    (11, "十一"),
    (111, "百十一"),
    (211, "二百十一"),
    (121, "百二十一"),
    (1_000, "千"),
    (1_001, "千一"),
    (2_025, "二千二十五"),
    (58_076_099, "五千八百七万六千九十九"),
    (1, "1"),
    (10, "10"),
    (11, "11"),
    (121, "121"),
    (1000, "1千"),
    (1001, "1001"),
    (2025, "2025"),
    (5807_6099, "5807万6099"),
    (223_4235_4256_6000, "223兆4235億4256万6千"),
    (223_4000_4256_6000, "223兆4千億4256万6千"),
    (5000_0000_0000_0000_0000, "5千京"),
    (39_4385_0000_4895_0000, "39京4385兆4895万"),
    (1001, "千1"),
    (2025, "2千2十5"),
    (400_0000, "4百万"),
    (5807_6099, "58百7万6千99"),
    (223_4235_4256_6000, "2百23兆4千2百3十5億4256万6千"),
    (223_4000_4256_6000, "2234千億4256万6千"),
    (5050_0000_0000_0000_0000, "5千5十京"),
    (1234, "一千二百三十四"),
    (1234, "千二百三十四"),
    (0, "零"),
    (12345, "12千345"),
    (0, "〇"),
    (404, "四〇四"),
    (1234, "阡二百三拾四"),
]


@pytest.mark.parametrize("value, text", KANJIZE_CASES)
def test_kanjize_published_cases(value, text):
    assert kanjize.kanji2number(text) == value  # the oracle itself
    assert kanji_to_int(text) == value


@pytest.mark.parametrize("text", ["1千1000", "1万10千", "万1千234", "1万0万", "1億-2万", "1万+2", "千2e1", "inf"])
def test_kanjize_published_errors(text):
    with pytest.raises(ValueError):
        kanjize.kanji2number(text)
    with pytest.raises(ValueError):
        kanji_to_int(text)


@pytest.mark.parametrize(
    "value, text",
    [
        (1, "1"),
        (10, "10"),
        (1000, "1千"),
        (5807_6099, "5807万6099"),
        (223_4235_4256_6000, "223兆4235億4256万6千"),
        (39_4385_0000_4895_0000, "39京4385兆4895万"),
    ],
)
def test_kanjize_mixed_style_round_trip(value, text):
    config = kanjize.KanjizeConfiguration(style=kanjize.KanjizeStyle.MIXED, kanji_thousand=True)
    printed = kanjize.number2kanji(value, config=config)
    assert printed == text
    assert kanji_to_int(printed) == value


# --- lenient helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("第二十二回", 22),
        ("22回", 22),
        ("0人", 0),
        ("1,000人未満", 1000),
        ("30万人以上", 300000),
        ("傍聴人 ０人", 0),
        ("11件", 11),
        ("約40%", 40),
        ("なし", None),
        ("", None),
        (None, None),
        ("令和元年", None),
        ("第三者点検", 3),
    ],
)
def test_parse_int(text, value):
    assert parse_int(text) == value


@pytest.mark.parametrize(
    "text, value",
    [("第二十二回", 22), ("第22回", 22), ("第１５回", 15), ("第 3 回", 3), ("15回", 15), ("議事録", None)],
)
def test_ordinal(text, value):
    assert ordinal(text) == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("二十の二", "20の2"),
        ("20の2", "20の2"),
        ("２０の２", "20の2"),
        ("第20条の2", "20の2"),
        ("173の2の項", "173の2"),
        ("7", "7"),
        ("二十", "20"),
        ("1の2の3", "1の2の3"),
    ],
)
def test_sub_item(text, value):
    assert sub_item(text) == value


def test_sub_item_without_number():
    with pytest.raises(ValueError):
        sub_item("項")
