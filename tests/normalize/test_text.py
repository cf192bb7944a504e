import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.radicals import RADICAL_SUPPLEMENT_TO_UNIFIED, UNCONFIRMED
from normalize.text import dedupe_doubled, fold, is_japanese_char, join_wrapped


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("国民健康保険に関する事務 基礎項目評価書", "国民健康保険に関する事務基礎項目評価書"),
        ("日 時", "日時"),
        ("会 議 録", "会議録"),
        ("審 議 内 容 (発言者、発言内容)", "審議内容(発言者、発言内容)"),
        ("ISO/IEC 27017", "ISO/IEC 27017"),
        ("ISO/IEC   27017", "ISO/IEC 27017"),
        ("WizLIFE や R-Stage というのは", "WizLIFEやR-Stageというのは"),
        ("3 万", "3万"),
        ("1 被保険者資格の取得", "1被保険者資格の取得"),
        ("F A X", "F A X"),
        ("令和６年１０月", "令和6年10月"),
        ("［ ○ ］", "[ ○ ]"),
        ("＜選択肢＞", "<選択肢>"),
        ("①事務の名称", "1事務の名称"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("全角　スペース", "全角スペース"),
        ("行末 \n 行頭", "行末\n行頭"),
        ("a\r\nb", "a\nb"),
        ("段落\n\n段落", "段落\n\n段落"),
        ("列1\t列2", "列1\t列2"),
        ("", ""),
    ],
)
def test_fold_table(raw, expected):
    assert fold(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("⻑崎", "長崎"),
        ("⻄区", "西区"),
        ("⻘森", "青森"),
        ("⻝品", "食品"),
        ("⻲岡", "亀岡"),
        ("⻭科", "歯科"),
        ("⻩色", "黄色"),
        ("⺟子", "母子"),
        ("⻨", "麦"),
        ("⻯", "竜"),
        ("⻫藤", "斉藤"),
    ],
)
def test_fold_radicals_supplement(raw, expected):
    assert fold(raw) == expected


def test_kangxi_radicals_all_folded_by_nfkc():
    # The Kangxi block relies on NFKC; if a future Python changed that, fold would
    # silently leak radicals into the dataset.
    for cp in range(0x2F00, 0x2FD6):
        out = fold(chr(cp))
        assert len(out) == 1 and unicodedata.name(out).startswith("CJK UNIFIED IDEOGRAPH"), hex(cp)
    assert fold("⽇本⼈") == "日本人"


def test_nfkc_folds_only_two_supplement_radicals():
    # The premise for the explicit table: NFKC leaves the rest of U+2E80–2EFF alone.
    changed = {cp for cp in range(0x2E80, 0x2F00) if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)}
    assert changed == {0x2E9F, 0x2EF3}


def test_radical_table_consistent():
    assigned = {cp for cp in range(0x2E80, 0x2F00) if unicodedata.category(chr(cp)) != "Cn"}
    assert len(assigned) == 115
    assert set(RADICAL_SUPPLEMENT_TO_UNIFIED) | UNCONFIRMED == assigned
    assert not set(RADICAL_SUPPLEMENT_TO_UNIFIED) & UNCONFIRMED
    for src, dst in RADICAL_SUPPLEMENT_TO_UNIFIED.items():
        assert unicodedata.name(chr(src)).startswith("CJK RADICAL ")
        assert unicodedata.name(chr(dst)).startswith("CJK UNIFIED IDEOGRAPH"), hex(src)
    # NFKC's own two mappings must agree with the table.
    for cp in (0x2E9F, 0x2EF3):
        assert unicodedata.normalize("NFKC", chr(cp)) == chr(RADICAL_SUPPLEMENT_TO_UNIFIED[cp])


def test_fold_leaves_no_mapped_radical():
    text = "".join(chr(cp) for cp in RADICAL_SUPPLEMENT_TO_UNIFIED)
    assert not any(0x2E80 <= ord(c) <= 0x2FDF for c in fold(text))


@given(
    st.text(
        alphabet=st.sampled_from(
            list("あいうカキ漢字。、「」・ー々 　\n\t\r1２aＢ/-()（）[]［］○☑⻑⽇ｶﾞ゙゛") + ["\u3099", "\u309b", " "]
        )
    )
)
@settings(max_examples=400)
def test_fold_idempotent_japanese_alphabet(s):
    assert fold(fold(s)) == fold(s)


@given(st.text())
@settings(max_examples=300)
def test_fold_idempotent_any_text(s):
    assert fold(fold(s)) == fold(s)


@pytest.mark.parametrize(
    "ch, expected",
    [("あ", True), ("漢", True), ("。", True), ("ー", True), ("a", False), ("1", False), ("○", False), (" ", False)],
)
def test_is_japanese_char(ch, expected):
    assert is_japanese_char(ch) is expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("特定個人情報保護評\n価書の見直し", "特定個人情報保護評価書の見直し"),
        ("見直しを行う。\n次に", "見直しを行う。\n次に"),
        ("本当か？\n次に", "本当か？\n次に"),
        ("段落\n\n次段落", "段落\n\n次段落"),
        ("以下のとおり\n・項目", "以下のとおり\n・項目"),
        ("以下のとおり\n1 被保険者", "以下のとおり\n1 被保険者"),
        ("以下のとおり\n(1) 郵送", "以下のとおり\n(1) 郵送"),
        ("以下のとおり\n（1）郵送", "以下のとおり\n（1）郵送"),
        ("以下のとおり\n①事務", "以下のとおり\n①事務"),
        ("配布\nア 保健福祉局", "配布\nア 保健福祉局"),
        ("配布\nアクセス権限", "配布アクセス権限"),
        ("説明\n<選択肢>", "説明\n<選択肢>"),
        ("説明\n＜選択肢＞", "説明\n＜選択肢＞"),
        ("説明\n【別紙】", "説明\n【別紙】"),
        ("説明\n※注記", "説明\n※注記"),
        ("システム\nの名称", "システムの名称"),
        ("WizLIFE\nの名称", "WizLIFE\nの名称"),
        ("名称\nABC", "名称\nABC"),
        ("一行", "一行"),
        ("分かれた \n 行", "分かれた行"),
        ("a\nb\n\nc", "a\nb\n\nc"),
    ],
)
def test_join_wrapped(raw, expected):
    assert join_wrapped(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("特特定定個個人人", "特定個人"),
        ("特特定定個個人人情情報報保保護護評評価価書書", "特定個人情報保護評価書"),
        ("特特定定 個個人人", "特定 個人"),
        ("第第2222回回", "第22回"),
        ("ここ", "ここ"),
        ("ここここ", "ここここ"),
        ("々々", "々々"),
        ("1100", "1100"),
        ("112233", "112233"),
        ("ーーーー", "ーーーー"),
        ("人々", "人々"),
        ("特特定定個個人人X", "特特定定個個人人X"),
        ("いろいろ", "いろいろ"),
        ("特特定定個個人人 本文はそのまま", "特定個人 本文はそのまま"),
        ("", ""),
    ],
)
def test_dedupe_doubled(raw, expected):
    assert dedupe_doubled(raw) == expected


@given(st.text(alphabet=st.sampled_from(list("特定個人情報あいカ漢12")), min_size=2, max_size=20))
def test_dedupe_inverts_doubling(s):
    doubled = "".join(c * 2 for c in s)
    once = dedupe_doubled(doubled)
    # Either the doubling is undone exactly, or (for letter-less / single-char runs)
    # left alone: never some third string.
    assert once in (s, doubled)
    if len(set(s)) >= 2 and any(not c.isdigit() for c in s):
        assert once == s


@pytest.mark.parametrize(
    "raw,want",
    [
        ("ＩＴ政策担当　本日", "IT政策担当 本日"),  # width folded, the gap kept as a space
        ("保険年⾦課", "保険年金課"),  # Kangxi radical
        ("所属⻑", "所属長"),  # CJK Radicals Supplement (NFKC leaves it)
    ],
)
def test_width_fold_keeps_spaces(raw, want):
    from normalize.text import width_fold

    assert width_fold(raw) == want


@given(
    st.text(
        alphabet=st.sampled_from(list("漢字あア 　\n1") + [chr(cp) for cp in (0x2E8F, 0x2EA4, 0x6236, 0x301C, 0x2F08)])
    )
)
@settings(max_examples=300)
def test_fold_radicals_fast_path_equals_full_translation(s):
    """fold_radicals skips str.translate when a regex finds no foldable code point: the
    result must be exactly the translation of every string."""
    from normalize.radicals import FOLD_TABLE, fold_radicals

    assert fold_radicals(s) == s.translate(FOLD_TABLE)


def test_cached_fold_and_join_wrapped_equal_uncached():
    """fold and join_wrapped are memoised (the structure pass repeats them on the same cell
    text): the cached answer is the computed one, also on a second call."""
    for s in ("日 時", "全角　スペース", "行の途中で\n折り返した文", "１．\n２．"):
        assert fold(s) == fold.__wrapped__(s) == fold(s)
        assert join_wrapped(s) == join_wrapped.__wrapped__(s) == join_wrapped(s)
