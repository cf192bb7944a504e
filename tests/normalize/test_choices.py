import pytest

from normalize.choices import ChoiceMatch, count_range, match_choice, parse_options

COUNT_OPTIONS = [
    "1,000人未満(任意実施)",
    "1,000人以上1万人未満",
    "1万人以上10万人未満",
    "10万人以上30万人未満",
    "30万人以上",
]
ASSESSMENT = ["特に力を入れている", "十分である", "課題が残されている"]
KINDS = ["基礎項目評価書", "基礎項目評価書及び重点項目評価書", "基礎項目評価書及び全項目評価書"]


@pytest.mark.parametrize(
    "text, options",
    [
        ("＜選択肢＞ 1) 実施する 2) 実施しない 3) 未定", ["実施する", "実施しない", "未定"]),
        ("[実施する] ＜選択肢＞ 1) 実施する 2) 実施しない 3) 未定", ["実施する", "実施しない", "未定"]),
        ("<選択肢>\n1) 実施する\n2) 実施しない\n3) 未定", ["実施する", "実施しない", "未定"]),
        ("＜選択肢＞ １）実施する ２）実施しない ３）未定", ["実施する", "実施しない", "未定"]),
        (
            "＜選択肢＞ 1) 実施する 2) 実施しない 3) 未定 2)又は3)を選択した評価実施機関については、記載する",
            ["実施する", "実施しない", "未定"],
        ),
        ("＜選択肢＞ 1) 実施する 2) 実施しない 3) 未定\n※2)又は3)を選択した場合", ["実施する", "実施しない", "未定"]),
        (
            "<選択肢>\n1) 1,000人未満(任意実施)\n2) 1,000人以上1万人未満\n3) 1万人以上10万人未満\n"
            "4) 10万人以上30万人未満\n5) 30万人以上",
            COUNT_OPTIONS,
        ),
        (
            "＜選択肢＞\n1) システム用ファイル\n2) その他の電子ファイル(表計\n算ファイル等)",
            ["システム用ファイル", "その他の電子ファイル(表計算ファイル等)"],
        ),
        ("＜選択肢＞ 1) 特 に力を入れている 2) 十分である 3) 課題が残されている\n\n次の項目", ASSESSMENT),
        ("選択肢なし", []),
        ("", []),
    ],
)
def test_parse_options(text, options):
    assert parse_options(text) == options


@pytest.mark.parametrize(
    "selected, options, expected",
    [
        ("[30万人以上]", COUNT_OPTIONS, ChoiceMatch("30万人以上", 5)),
        ("[ 30万人以上 ]", COUNT_OPTIONS, ChoiceMatch("30万人以上", 5)),
        ("［ ３０万人以上 ］", COUNT_OPTIONS, ChoiceMatch("30万人以上", 5)),
        ("【30万人以上】", COUNT_OPTIONS, ChoiceMatch("30万人以上", 5)),
        ("30万人以上", COUNT_OPTIONS, ChoiceMatch("30万人以上", 5)),
        ("[3300万万人人以以上上]", COUNT_OPTIONS, ChoiceMatch("30万人以上", 5)),
        ("[1,000人未満]", COUNT_OPTIONS, ChoiceMatch("1,000人未満(任意実施)", 1)),
        ("[ 十分である ]", ASSESSMENT, ChoiceMatch("十分である", 2)),
        ("[ ⼗分である ]", ASSESSMENT, ChoiceMatch("十分である", 2)),  # Kangxi radical ten
        ("[ 十 分 で あ る ]", ASSESSMENT, ChoiceMatch("十分である", 2)),
        ("[ 十分である ] ＜選択肢＞ 1) 特に力を入れている 2) 十分である", ASSESSMENT, ChoiceMatch("十分である", 2)),
        ("[基礎項目評価書]", KINDS, ChoiceMatch("基礎項目評価書", 1)),
        ("[基礎項目評価書及び全項目評価書]", KINDS, ChoiceMatch("基礎項目評価書及び全項目評価書", 3)),
    ],
)
def test_match_choice(selected, options, expected):
    assert match_choice(selected, options) == expected


@pytest.mark.parametrize("selected", ["[ ]", "［　］", "", "【】"])
def test_match_choice_empty(selected):
    m = match_choice(selected, ASSESSMENT)
    assert m.index is None and m.selected == "" and m.warning


def test_match_choice_unmatched_is_warning_not_crash():
    m = match_choice("[40万人]", COUNT_OPTIONS)
    assert m.index is None and m.selected == "40万人" and "does not match" in m.warning


def test_match_choice_no_options():
    m = match_choice("[ 十分である ]", [])
    assert m.index is None and m.warning


def test_match_choice_prefix_is_flagged():
    m = match_choice("[課題が残されて]", ASSESSMENT)
    assert m.index == 3 and "prefix" in m.warning


@pytest.mark.parametrize(
    "option, expected",
    [
        ("1万人以上10万人未満", (10000, 100000)),
        ("1,000人未満", (0, 1000)),
        ("1,000人未満(任意実施)", (0, 1000)),
        ("1,000人未満（任意実施）", (0, 1000)),
        ("30万人以上", (300000, None)),
        ("500人以上", (500, None)),
        ("500人未満", (0, 500)),
        ("10項目以上50項目未満", (10, 50)),
        ("100項目以上", (100, None)),
        ("10人未満", (0, 10)),
        ("100万人以上1,000万人未満", (1000000, 10000000)),
        ("1,000万人以上", (10000000, None)),
        ("１万人以上１０万人未満", (10000, 100000)),
        ("500人以上1,000人未満", (500, 1000)),
        ("実施する", (None, None)),
        ("", (None, None)),
        ("十分である", (None, None)),
        ("10万人以上1万人未満", (None, None)),  # inverted bracket is not a range
    ],
)
def test_count_range(option, expected):
    assert count_range(option) == expected


@pytest.mark.parametrize(
    "ocr,index",
    [
        ("I十分である", 2),
        ("[十分-である]", 2),
        ("十。で分ある", 2),
        ("I[発生なし]", None),
        ("特にカカを入れている", 1),
        ("課が残題されている", 3),
    ],
)
def test_closest_option_reads_ocr_noise(ocr, index):
    from normalize.choices import closest_option

    options = ["特に力を入れている", "十分である", "課題が残されている"]
    assert closest_option(ocr, options) == index


def test_closest_option_needs_a_clear_winner():
    from normalize.choices import closest_option

    # one character apart from both: no guess
    assert closest_option("十分で", ["十分である", "十分でない"]) is None
    assert closest_option("", ["十分である"]) is None
    assert closest_option("十分である", []) is None
    assert closest_option("発生なし", ["発生あり", "発生なし"]) == 2
