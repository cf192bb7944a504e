import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.ocr_noise import fix_label_start, fix_marks


@pytest.mark.parametrize(
    "raw,want",
    [
        ("| 関連情報", "I関連情報"),
        ("Il しきい値判断項目", "IIしきい値判断項目"),
        ("川しきい値判断結果", "IIIしきい値判断結果"),
        ("lV リスク対策", "IVリスク対策"),
        ("IVリスク対策", "IVリスク対策"),
        ("(①事務の名称", "①事務の名称"),
        ("(② 法令上の根拠)", "②法令上の根拠)"),
        ("1.対象人数", "1.対象人数"),
        ("1)基礎項目評価書", "1)基礎項目評価書"),
        ("北九州市", "北九州市"),
        ("香川県", "香川県"),
        # item 11 and 111 are numbers, not the part numerals II / III
        ("11.最も優先度が高いと考えられる対策", "11.最も優先度が高いと考えられる対策"),
        ("11. 最も", "11. 最も"),
        ("111.委託", "111.委託"),
        ("|| しきい値判断項目", "IIしきい値判断項目"),
    ],
)
def test_fix_label_start(raw, want):
    assert fix_label_start(raw) == want


def test_fix_marks():
    assert fix_marks("[O]自己点検 「0」内部監査 [ ]外部監査") == "[○]自己点検 [○]内部監査 [ ]外部監査"
    assert fix_marks("|〇]自己点検") == "[○]自己点検"
    assert fix_marks("[|外部監査") == "[ ]外部監査"
    assert fix_marks("[|十分である]") == "[十分である]"  # an answer in brackets, not an empty box
    assert fix_marks("[|外部監査 [○]内部監査") == "[ ]外部監査 [○]内部監査"


@pytest.mark.parametrize(
    "raw,want",
    [
        ("ご選択肢＞\n1)実施する", "＜選択肢＞\n1)実施する"),
        ("く選択肢>", "＜選択肢＞"),
        ("ぐ選択肢>", "＜選択肢＞"),
        ("選択肢>", "＜選択肢＞"),
        ("で記択肢\nリ)目的外", "＜選択肢＞\nリ)目的外"),
        ("[十分である]\nぐ選択肢>\n1)特に", "[十分である]\n＜選択肢＞\n1)特に"),
        ("＜選択肢＞", "＜選択肢＞"),
        # the word inside running text is not a head
        ("選択肢の中から選ぶ", "選択肢の中から選ぶ"),
        ("次の選択肢>から", "次の選択肢>から"),
    ],
)
def test_fix_options_head(raw, want):
    from normalize.ocr_noise import fix_options_head

    assert fix_options_head(raw) == want


@pytest.mark.parametrize(
    "raw,want",
    [
        ("エしきい値判断項目", True),
        ("中しきい値判断項目", True),
        ("Ｉリスク対策", True),
        ("IVリスク対策", True),
        ("IIIしきい値判断結果", True),
        ("Ⅵ評価実施手続", True),
        ("しきい値判断結果", False),  # printed again without a numeral under its heading
        ("1.リスク対策", False),
        ("リスク対策の実施", False),
        ("10.その他のリスク対策", False),
    ],
)
def test_misread_part_heading(raw, want):
    from normalize.ocr_noise import misread_part_heading

    assert misread_part_heading(raw) is want


def test_full_width_bar_read_for_a_part_numeral():
    assert fix_label_start("｜関連情報") == "I関連情報"
    assert fix_label_start("ｌＶ リスク対策") == "IVリスク対策"


@pytest.mark.parametrize(
    "raw,want",
    [
        ("ーー", "—"),
        ("--", "—"),
        (" 一 ", "—"),
        ("—", "—"),
        ("-", "-"),
        (" － ", "-"),
        ("ー部", "ー部"),
        ("一部", "一部"),
        ("1)ー", "1)ー"),
    ],
)
def test_fix_lone_dash(raw, want):
    from normalize.ocr_noise import fix_lone_dash

    assert fix_lone_dash(raw) == want


@pytest.mark.parametrize(
    "raw,want",
    [
        ("ここに宣吉する。", "ここに宣言する。"),
        ("日本国憲法第25奈第2頂の理念", "日本国憲法第25条第2項の理念"),
        ("(同法第3祭)ので", "(同法第3条)ので"),
        ("第三十一奈の六第一項", "第三十一条の六第一項"),
        ("番号法第9奈第1頂別表第一第56号", "番号法第9条第1項別表第一第56号"),
        ("相模原市市税祭例等", "相模原市市税条例等"),
        ("取扱いにあたけり、特定", "取扱いにあたり、特定"),
        ("取扱つうにあたり", "取扱うにあたり"),
        ("取り扱つに当たり", "取り扱うに当たり"),
        ("軽減させするために", "軽減させるために"),
        ("個人のプライバシ等の", "個人のプライバシー等の"),
        ("宮崎市個人住民税の駆課", "宮崎市個人住民税の賦課"),
        ("喝童手当システム", "児童手当システム"),
        ("母子父子夏婦福祉資金", "母子父子寡婦福祉資金"),
        ("念和3年3月3日", "令和3年3月3日"),
        ("多和6年9月2日(月)一多和6年10月1日(火)", "令和6年9月2日(月)〜令和6年10月1日(火)"),
        ("9月2日ー10月1日", "9月2日〜10月1日"),
        ("=", "-"),
        ("課税されることとなけり(地方", "課税されることとなり(地方"),
        ("リスクを軽減さすせるため", "リスクを軽減させるため"),
        ("リスクを軽減さするために", "リスクを軽減させるために"),
        ("個人のプライバシーー等の", "個人のプライバシー等の"),
        ("権利利益に影響及ぼしかねない", "権利利益に影響を及ぼしかねない"),
        ("支給する寺囲(支弁", "支給する範囲(支弁"),
        ("目的として借設された", "目的として創設された"),
        ("等関係法久及び特定", "等関係法令及び特定"),
        ("障害喝支援利用", "障害児支援利用"),
        ("について服体不自由", "について肢体不自由"),
        ("別表第一の56の頂", "別表第一の56の項"),
        ("法律別表第ーの主務省令", "法律別表第一の主務省令"),
        # correct text, and words that only look like a misreading, stay
        ("第1項", "第1項"),
        ("条例", "条例"),
        ("頂上", "頂上"),
        ("祭礼", "祭礼"),
        ("夏の祭例", "夏の祭例"),
        ("プライバシー", "プライバシー"),
        ("今和", "今和"),
        ("a=b", "a=b"),
        ("宣言", "宣言"),
        ("影響を及ぼす", "影響を及ぼす"),
        ("軽減させる", "軽減させる"),
        ("第一", "第一"),
        ("毎日一回", "毎日一回"),
        ("多和田", "多和田"),
        ("障害児", "障害児"),
        ("頂上の56の頂点", "頂上の56の頂点"),
    ],
)
def test_fix_words(raw, want):
    from normalize.ocr_noise import fix_words

    assert fix_words(raw) == want


@pytest.mark.parametrize(
    "raw,want",
    [
        ("法律別表第ーの主務省令", "法律別表第一の主務省令"),
        ("統ーされた", "統一された"),
        ("センター長", "センター長"),  # after katakana the mark is the long vowel
        ("ーー", "ーー"),  # not after a kanji
        ("確認し.併せて", "確認し、併せて"),
        ("行い,納付.また", "行い,納付，また"),  # the text's own commas are `,`
        ("1.2条", "1.2条"),  # a decimal point has digits around it
        ("第1条.第2条", "第1条、第2条"),
        ("1.住民基本台帳", "1.住民基本台帳"),  # an item number's dot has a digit before it
    ],
)
def test_fix_punctuation(raw, want):
    from normalize.ocr_noise import fix_punctuation

    assert fix_punctuation(raw) == want


def test_fix_cell_reads_across_line_breaks():
    from normalize.ocr_noise import fix_cell

    assert fix_cell("…取り組んでいることを、ここに宣\n吉する。") == "…取り組んでいることを、ここに宣\n言する。"
    assert fix_cell("番号の利用等に関する法律別表第\nーの主務省令") == "番号の利用等に関する法律別表第\n一の主務省令"
    assert fix_cell("法律第\n25奈第2項") == "法律第\n25条第2項"


_JA = st.text(alphabet="あいう宣吉言第ー一25奈条項、。.\n", max_size=40)


@given(_JA)
def test_across_breaks_keeps_every_line_break(text):
    from normalize.ocr_noise import across_breaks, fix_confusions

    fixed = across_breaks(text, fix_confusions)
    assert fixed.count("\n") == text.count("\n")
    assert fixed.replace("\n", "") == fix_confusions(text.replace("\n", ""))


@given(_JA)
def test_across_breaks_of_the_identity_is_the_identity(text):
    from normalize.ocr_noise import across_breaks

    assert across_breaks(text, lambda t: t) == text


@pytest.mark.parametrize(
    "raw,want",
    [
        ("令和3年1月25晶(月曜)", "令和3年1月25日(月曜)"),
        ("完和2年2月28日", "令和2年2月28日"),
        ("平戚29年4月1目", "平成29年4月1日"),
        ("平和の日", "平和の日"),  # no year after it: not an era
        ("多和6年9月2日", "令和6年9月2日"),
    ],
)
def test_fix_date_marks(raw, want):
    from normalize.ocr_noise import fix_date_marks

    assert fix_date_marks(raw) == want
