"""Conventions of the batch-6 development body (室蘭市, tests/fixtures/real/minutes, batch 6),
each through the PDF rendered from the real fixture in its own layout and the alternative one:
`name post` entries with a unit glued to the post and `同主査` for the unit of the entry before,
a unit with a bracketed qualifier (`総務課(防災安全)主幹`), `(注)事務局:` lines wrapped after a
full line, a 内容 row that only says how the record was made (`会議の内容 会議記録の要約`) above
more header rows, a speaker label with a bracketed qualifier before its colon, and `(回答)` marks
that say what the words are, not who said them."""

from __future__ import annotations

from tests.minutes.test_generalise3 import LAYOUTS, norm, run


def people(ex) -> list[tuple[str | None, str | None, str | None]]:
    return [(r["affiliation"], r["name"], r["title"]) for r in ex.tables["attendees"] if r["group"] != "committee"]


@LAYOUTS
def test_name_post_entries_with_same_unit_marks(alternative):
    """`(注)諮問事項説明員:桑原 総務課(防災安全)主幹、工藤 同主査、坂本 同消防士長、石戸谷 介護福祉課長`:
    before, 諸治 was dropped, 坂口 lost his post to a pairing with the next entry, and `同主査` was a name."""
    ex = run("muroran_city_h1810", alternative)
    assert people(ex) == [
        ("総務課", "諸治", "課長"),
        ("法規係", "坂口", "係長"),
        ("総務課", "荒井", "主事"),
        ("総務課(防災安全)", "桑原", "主幹"),
        ("総務課(防災安全)", "工藤", "主査"),
        ("総務課(防災安全)", "坂本", "消防士長"),
        ("介護福祉課", "石戸谷", "課長"),
        ("サービスセンター", "五十嵐", "課長"),
        ("サービスセンター", "石田", "主幹"),
        ("サービスセンター", "吉田", "主査"),
        ("サービスセンター", "杉本", "主査"),
    ]
    groups = {r["name"]: r["group"] for r in ex.tables["attendees"]}
    assert groups["諸治"] == "secretariat" and groups["桑原"] == "agency" and groups["奈良 泰哉"] == "committee"


@LAYOUTS
def test_same_unit_mark_before_a_unit_of_its_own(alternative):
    """`小栗 港湾部総務課主幹、諸橋 同総務係長`: 諸橋 is of the 総務係 inside 港湾部総務課."""
    ex = run("muroran_city_h2101", alternative)
    assert people(ex)[-2:] == [("港湾部総務課", "小栗", "主幹"), ("港湾部総務課総務係", "諸橋", "係長")]


@LAYOUTS
def test_a_record_form_row_is_no_start_of_the_proceedings(alternative):
    """`会議の内容` / `会議記録の要約` above `会議次第`: the 会議次第 is still the header's; before, its
    lines were narrative rows and the agenda was empty."""
    ex = run("muroran_city_h1810", alternative)
    assert len(ex.tables["meetings"][0]["agenda"]) == 2
    texts = [norm(r["text"]) for r in ex.tables["utterances"]]
    assert not any("市長からの次の諮問事項" in t for t in texts)
    items = {r["label"]: r for r in ex.tables["meeting_items"]}
    assert items["会議の内容"]["key"] == "method" and norm(items["会議の内容"]["value"]) == "会議記録の要約"
    assert items["傍聴の可否"]["key"] == "disclosure"


@LAYOUTS
def test_a_qualified_post_label_before_a_colon_is_a_speaker(alternative):
    """`桑原総務課主幹(防災安全):災害時要援護者支援システムについて…`."""
    ex = run("muroran_city_h1810", alternative)
    last = ex.tables["utterances"][-1]
    assert (last["speaker"], last["speaker_group"]) == ("桑原総務課主幹(防災安全)", "agency")
    assert norm(last["text"]).startswith("災害時要援護者支援システムについて")


@LAYOUTS
def test_answer_marks_are_not_speakers(alternative):
    """`(回答)ご理解のとおり…` between unlabelled questions: every paragraph is a narrative row, the
    mark kept in its text."""
    ex = run("muroran_city_r0504", alternative)
    rows = ex.tables["utterances"]
    assert {r["speaker_group"] for r in rows} == {"narrative"}
    assert len(rows) == 9
    assert norm(rows[4]["text"]).startswith("(回答)ご理解のとおり")


def test_attendance_words_read_as_no_person_are_warned_of():
    """A word of an attendance list that is read as neither a person nor a heading is never
    dropped unseen: the document's warnings name it (首相官邸's `小渕内閣総理大臣`, name and post
    glued; 室蘭市 before this batch lost `諸治` so)."""
    ex = run("kantei_kentobukai_01", False)
    assert any("read as no person" in w and "小渕内閣総理大臣" in w for w in ex.warnings), ex.warnings
    assert not any("read as no person" in w for w in run("muroran_city_h1810", False).warnings)


@LAYOUTS
def test_posts_without_names_and_a_unit_with_a_middle_dot(alternative):
    """恵庭市 (released from the batch-6 held-out set): `【市】(説明員)経済部商業労政課長、同主査、
    生活環境部市民課主査` and `(事務局)…法制・文書担当主査、同スタッフ` print posts without names;
    before, 商業労政 and 市民課 were read as names and `法制・文書担当` was cut at its ・."""
    ex = run("eniwa_city_h2704", alternative)
    assert people(ex) == [
        ("経済部商業労政課", None, "課長"),
        ("経済部商業労政課", None, "主査"),
        ("生活環境部市民課", None, "主査"),
        ("総務部", None, "部長"),
        ("総務部", None, "次長"),
        ("総務課", None, "課長"),
        ("法制・文書担当", None, "主査"),
        ("法制・文書担当", None, "スタッフ"),
    ]


@LAYOUTS
def test_record_notes_and_the_business_heading(alternative):
    """恵庭市: `(注意)以下は、事務局が発言の要旨をメモにより要約しており…` (wrapped) and `(注意)報告内容
    について…より説明` are notes, not rows; `(3)諮問事項` / `(8)議事(諮問事項)` / `<4>議事(諮問事項)`
    over the item below it is the agenda; `(…再選となります。)` is a sentence of the record, not a
    heading; `【傍聴】なし` in the 出席者 list is an audience of 0."""
    for fid, n_rows in (("eniwa_city_h2704", 4), ("eniwa_city_h2707", 6), ("eniwa_city_h2808", 4)):
        ex = run(fid, alternative)
        rows = ex.tables["utterances"]
        assert len(rows) == n_rows and {r["speaker_group"] for r in rows} == {"narrative"}, (fid, rows)
        assert not any("テープおこし" in norm(r["text"]) or norm(r["text"]) == "せん。" for r in rows)
        assert any("テープおこし" in norm(r["note"]) for r in rows if r["note"]), fid
        assert len(ex.tables["meetings"][0]["agenda"]) == 1, fid
    assert run("eniwa_city_h2808", alternative).tables["meetings"][0]["audience_count"] == 0
    texts = [norm(r["text"]) for r in run("eniwa_city_h2707", alternative).tables["utterances"]]
    assert "(亀石会長及び松本副会長は、再選となります。)" in texts


def test_a_body_named_without_its_place_gets_the_municipality_its_text_names():
    """恵庭市's third page names the body `情報公開・個人情報保護審査会`; the minutes name 恵庭市
    twice (`恵庭市コンビニ交付サービス`, `恵庭市では`): the meetings row's municipality, with a
    warning, and the body as printed."""
    ex = run("eniwa_city_h2808", False)
    m = ex.tables["meetings"][0]
    assert (m["body"], m["municipality_name"], m["municipality_code"]) == (
        "情報公開・個人情報保護審査会",
        "恵庭市",
        "012319",
    )
    assert any("names no municipality" in w for w in ex.warnings)
    national = run("kantei_houseika_06", False).tables["meetings"][0]
    assert national["municipality_name"] is None
