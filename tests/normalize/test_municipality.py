import re
from collections import Counter

import pytest

from normalize.municipality import Municipality, check_digit, identify, load_table


def test_every_code_has_a_valid_check_digit():
    rows = load_table()
    assert len(rows) == 1959
    for e in rows:
        assert re.fullmatch(r"[0-9]{6}", e.code), e
        assert check_digit(e.code[:5]) == e.code[5], e


def test_table_shape():
    rows = load_table()
    kinds = Counter(e.kind for e in rows)
    assert kinds["prefecture"] == 47
    assert kinds["designated_city"] == 20
    assert kinds["special_ward"] == 23
    assert kinds["city"] + kinds["town"] + kinds["village"] + kinds["special_ward"] + kinds["designated_city"] == 1741
    assert len({e.code for e in rows}) == len(rows)
    # No KEN_ALL 郡 prefix ("余市郡余市町") leaked into a town name; 上郡町 is a real name.
    leaked = [e.name for e in rows if e.kind in ("town", "village") and "郡" in e.name and e.name != "上郡町"]
    assert leaked == []


@pytest.mark.parametrize(
    "five, digit",
    # Known codes: 北九州市 401005, 札幌市 011002, 東京都 130001, 那賀町 363685, 府中市(東京) 132063,
    # and the remainder edge cases r=0 → 1 and r=1 → 0.
    [("40100", "5"), ("01100", "2"), ("13000", "1"), ("36368", "5"), ("13206", "3"), ("27219", "1")],
)
def test_check_digit_known(five, digit):
    assert check_digit(five) == digit


def test_check_digit_remainder_edges():
    # Find inputs whose weighted sum mod 11 is 0 and 1 and check the rule directly.
    def s(five):
        return sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), five))

    zero = next(f"{i:05d}" for i in range(1, 99999) if s(f"{i:05d}") % 11 == 0)
    one = next(f"{i:05d}" for i in range(1, 99999) if s(f"{i:05d}") % 11 == 1)
    assert check_digit(zero) == "1"
    assert check_digit(one) == "0"


@pytest.mark.parametrize("bad", ["1234", "123456", "abcde", "", None])
def test_check_digit_rejects(bad):
    with pytest.raises(ValueError):
        check_digit(bad)


@pytest.mark.parametrize(
    "org, code, name, pref",
    [
        ("北九州市長", "401005", "北九州市", "福岡県"),
        ("札幌市", "011002", "札幌市", "北海道"),
        ("札幌市長", "011002", "札幌市", "北海道"),
        ("和泉市", "272191", "和泉市", "大阪府"),
        ("和泉市長", "272191", "和泉市", "大阪府"),
        ("相模原市", "141500", "相模原市", "神奈川県"),
        ("那賀町長", "363685", "那賀町", "徳島県"),
        ("福岡県知事", "400009", "福岡県", "福岡県"),
        ("北海道知事", "010006", "北海道", "北海道"),
        ("東京都知事", "130001", "東京都", "東京都"),
        ("大阪府知事", "270008", "大阪府", "大阪府"),
        ("京都市長", "261009", "京都市", "京都府"),
        ("和泉市教育委員会", "272191", "和泉市", "大阪府"),
        ("北九州市水道事業管理者", "401005", "北九州市", "福岡県"),
        ("北九州市上下水道局", "401005", "北九州市", "福岡県"),
        ("世田谷区長", "131121", "世田谷区", "東京都"),
        ("北区長", "131172", "北区", "東京都"),
        ("浜松市中央区長", "221384", "浜松市中央区", "静岡県"),
        ("福岡県北九州市長", "401005", "北九州市", "福岡県"),
        ("北 九 州 市 長", "401005", "北九州市", "福岡県"),
    ],
)
def test_identify_unique(org, code, name, pref):
    assert identify(org) == Municipality(code, name, pref, [])


@pytest.mark.parametrize(
    "org, context, code, pref",
    [
        ("府中市長", "〒183-8703 東京都府中市宮西町2丁目24番地", "132063", "東京都"),
        ("府中市長", "〒726-8601 府中市府川町315", "342084", "広島県"),
        ("府中市長", "広島県府中市", "342084", "広島県"),
        ("伊達市長", "福島県伊達市保原町", "072133", "福島県"),
        ("伊達市長", "〒052-0024 伊達市鹿島町", "012335", "北海道"),
        ("東京都府中市長", "", "132063", "東京都"),
    ],
)
def test_identify_same_name_resolved_from_context(org, context, code, pref):
    m = identify(org, context)
    assert (m.code, m.prefecture) == (code, pref)


@pytest.mark.parametrize(
    "org, context",
    [("府中市長", ""), ("伊達市長", "本市の事務"), ("伊達市", "北海道 福島県"), ("森町長", "")],
)
def test_identify_same_name_unresolved_is_null_with_warning(org, context):
    m = identify(org, context)
    assert m.code is None and m.prefecture is None and m.warnings


@pytest.mark.parametrize(
    "org, pref",
    [
        ("東京都後期高齢者医療広域連合", "東京都"),
        ("福岡県後期高齢者医療広域連合", "福岡県"),
        ("北海道後期高齢者医療広域連合長", "北海道"),
    ],
)
def test_identify_koiki_rengo_has_no_invented_code(org, pref):
    m = identify(org)
    assert m.code is None and m.prefecture == pref and "広域連合" in m.name and m.warnings


@pytest.mark.parametrize("org", ["", "ほげ", "株式会社日立システムズ"])
def test_identify_unknown(org):
    m = identify(org)
    assert m.code is None and m.warnings


def test_identify_prefecture_mismatch():
    m = identify("福岡県府中市長")
    assert m.code is None and m.warnings


@pytest.mark.parametrize(
    "text,want",
    [
        ("恵庭市では、住民の恵庭市コンビニ交付サービス", "恵庭市"),
        ("北広島市の窓口、北広島市役所", "北広島市"),  # the longest name the run ends with, not 広島市
        ("恵庭市では", None),  # named once: no evidence
        ("札幌市と札幌市、旭川市と旭川市", None),  # two municipalities: no guess
        ("市民課の市長は市町村に", None),  # words with 市 that are no municipality
        ("", None),
    ],
)
def test_named_in(text, want):
    from normalize.municipality import named_in

    assert named_in(text) == want
