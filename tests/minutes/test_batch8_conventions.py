"""Conventions of the batch-8 development body (福岡県防犯カメラ活用検討会議, tests/fixtures/real/minutes,
batch 8), each through the PDF rendered from the real fixture in its own layout and the alternative
one: a 名簿 table of members (`氏 名 現職名` column heads, `木村 俊夫 九州国際大学法学部 教授`: the
full name first, then the occupation), an `オブザーバー` row, a body whose name ends in 会議 before
`議事録`, `(会長)…` labels run together with their words after a line that stops short of the right
edge, and `(事務局)資料に基づき説明`: a label with a stage direction and no words."""

from __future__ import annotations

from tests.minutes.test_generalise3 import LAYOUTS, norm, run


@LAYOUTS
def test_member_table_name_first_then_occupation(alternative):
    """Before: `氏 名 現職名` was a member named 現職名, `白水 良文 …事務局 課長` turned every later
    member into agency staff of that 事務局, and `編集委員` was a member named 編集."""
    ex = run("fukuoka_pref_cam_01", alternative)
    committee = [(norm(r["name"]), r["title"]) for r in ex.tables["attendees"] if r["group"] == "committee"]
    assert committee == [
        ("木村俊夫", None),
        ("白水良文", None),
        ("瀬川恭子", None),
        ("樋村恭一", None),
        ("山田建", None),
        ("和智凪子", None),
    ]
    jobs = {norm(r["name"]): norm(r["affiliation"]) for r in ex.tables["attendees"]}
    assert jobs["瀬川恭子"] == "株式会社西日本リビング新聞社編集委員"


@LAYOUTS
def test_observers_are_agency_rows_with_their_unit(alternative):
    """`オブザーバー` / `加藤 賢次 北九州市安全・安心課長`: the ・ is inside the unit's name."""
    ex = run("fukuoka_pref_cam_01", alternative)
    agency = [
        (norm(r["affiliation"]), norm(r["name"]), r["title"]) for r in ex.tables["attendees"] if r["group"] == "agency"
    ]
    assert agency == [
        ("北九州市安全・安心課", "加藤賢次", "課長"),
        ("福岡市生活安全課", "三上明", "課長"),
        ("県警生活安全総務課", "新原豊貞", None),
    ]
    texts = [norm(r["text"]) for r in ex.tables["utterances"]]
    assert not any("加藤賢次" in t for t in texts)


@LAYOUTS
def test_body_ending_in_kaigi_before_gijiroku(alternative):
    ex = run("fukuoka_pref_cam_03", alternative)
    assert ex.tables["meetings"][0]["body"] == "福岡県防犯カメラ活用検討会議"


@LAYOUTS
def test_glued_paren_labels_after_a_short_line(alternative):
    """`会議のスケジュール` / `(事務局)資料に基づき説明` / `(会長)パブリックコメントはいつ行うのか。`: the
    direction is no utterance, 会長's question is a turn of its own."""
    ex = run("fukuoka_pref_cam_01", alternative)
    turns = [(r["speaker"], norm(r["text"])[:11]) for r in ex.tables["utterances"] if r["speaker"]]
    # (`あいさつ` / `福岡県総務部 部長`, who gave the greeting, is still read as a turn: a known miss)
    assert turns[-2:] == [("会長", "パブリックコメントはい"), ("事務局", "今日の議論の結果にもよ")]
    assert not any("資料に基づき説明" in norm(r["text"]) for r in ex.tables["utterances"])


@LAYOUTS
def test_post_with_its_name_wrapped_onto_the_next_line(alternative):
    """`東京海上火災保険(株)顧問` / `礒山隆夫` (内閣官房's 法制化専門委員会, 関係団体): one person, not a
    post without a name and a name without a post."""
    ex = run("kantei_houseika_06", alternative)
    people = {(norm(r["name"]), r["title"]) for r in ex.tables["attendees"]}
    assert ("礒山隆夫", "顧問") in people and ("鈴木康史", "担当課長") in people
    assert ("礒山隆夫", None) not in people and ("", "顧問") not in people


@LAYOUTS
def test_a_members_employer_is_no_unit_of_the_staff(alternative):
    """札幌市's 委員 rows `宇津木健 NHK札幌放送局放送部長`: the member's occupation; before, 放送部 was
    taken for a unit of the body's staff and every member after it became agency staff."""
    ex = run("sapporo_cam_01", alternative)
    groups = {norm(r["name"]): (r["group"], norm(r["affiliation"])) for r in ex.tables["attendees"]}
    assert groups["宇津木健"] == ("committee", "NHK札幌放送局放送部長")
    assert groups["梶井祥子"][0] == "committee" and groups["中村誠也"][0] == "committee"
