"""Conventions of the batch-4 bodies (tests/fixtures/real/minutes, batch 4), each through the PDF
rendered from the real fixture in its own layout and the alternative one: a semicolon after the
speaker (みよし市), a turn that is only a bracketed direction (日高市), `1日時:` with its number
glued to the label and `【surname + unit + post】` speakers (首相官邸), members the dictionary does
not know and a 会議内容 programme holding the 議題 (新座市), a date with the Western year in
brackets (豊中市), and every header row kept in `meeting_items`, known label or not."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.minutes.test_generalise3 import LAYOUTS, norm, run


def turns(ex) -> list[tuple[str | None, str]]:
    return [(r["speaker"], r["speaker_group"]) for r in ex.tables["utterances"]]


@LAYOUTS
def test_a_semicolon_ends_the_speaker_label(alternative):
    """みよし市: `総務課長;それでは…`, `市長;おはようございます…`."""
    ex = run("miyoshi_h220422", alternative)
    assert turns(ex) == [("総務課長", "secretariat"), ("総務課長", "secretariat"), ("市長", "agency")]
    texts = [norm(r["text"]) for r in ex.tables["utterances"]]
    assert not any("―委嘱状の交付―" in t for t in texts), "`―委嘱状の交付―` is a direction"
    assert ex.tables["utterances"][1]["note"] == "―委嘱状の交付―"
    assert not any("電話番号" in t for t in texts), "the 問い合わせ先 row is the header's"


def test_unknown_header_rows_are_kept_with_their_label_and_page():
    """みよし市: 次回開催予定日, 問い合わせ先, 下欄に掲載するもの, 要約した理由 are rows of the header
    the meetings table has no column for; they are not dropped."""
    ex = run("miyoshi_h220422", False)
    items = {r["label"]: r for r in ex.tables["meeting_items"]}
    assert items["問い合わせ先"]["key"] is None
    assert "電話番号0561-32-8000" in norm(items["問い合わせ先"]["value"])
    assert norm(items["次回開催予定日"]["value"]) == norm("平成22年6月28日(月曜日)")
    assert items["開催日時"]["key"] == "datetime" and items["開催日時"]["page"] == 1
    assert [r["seq"] for r in ex.tables["meeting_items"]] == list(range(1, len(items) + 1))


@LAYOUTS
def test_a_turn_of_only_a_bracketed_direction_is_no_utterance(alternative):
    """日高市: `【説明員】(平成30年度及び令和元年度の運用状況について資料1にて説明)`."""
    ex = run("hidaka_r0202", alternative)
    assert not any("資料1にて説明" in norm(r["text"]) for r in ex.tables["utterances"])
    assert [g for _s, g in turns(ex)] == [
        "narrative",
        "narrative",
        "chair",
        "committee",
        "agency",
        "committee",
        "agency",
    ]


@LAYOUTS
def test_glued_item_numbers_and_post_speakers_of_the_cabinet_office(alternative):
    """首相官邸: `1日時:平成11年7月23日(金)9時30分〜11時45分`; `【竹島内閣内政審議室長】` speaks for
    the (政府側) listed as 竹島 of 内閣内政審議室; the 座長 chairs."""
    ex = run("kantei_kentobukai_01", alternative)
    m = ex.tables["meetings"][0]
    assert m["held_on"] == dt.date(1999, 7, 23) and m["start_time"] == dt.time(9, 30)
    assert turns(ex) == [("竹島内閣内政審議室長", "agency")]
    assert m["body"] == "高度情報通信社会推進本部個人情報保護検討部会"  # a 部会 of a 本部, no 審議会 before it
    ex = run("kantei_kentobukai_09", alternative)
    assert turns(ex) == [("堀部座長", "chair")]
    # `第9回個人情報保護検討部会議事録` under the 本部's line: the parent named with it in the text
    assert ex.tables["meetings"][0]["body"] == "高度情報通信社会推進本部個人情報保護検討部会"


@LAYOUTS
def test_members_unknown_to_the_dictionary_and_a_programme_with_the_agenda(alternative):
    """新座市: `石野榮一、神橋一彦、…` (神橋 is no name the dictionary knows), `事務局職員` over the
    staff, `〔提案課職員〕` over the proposing 課; `会議内容` lists the programme with `5. 議題` and
    its items, then `会議資料` follows: a header row, not the proceedings."""
    ex = run("niiza_r0108", alternative)
    people = {(p["name"], p["group"]) for p in ex.tables["attendees"]}
    assert {("神橋一彦", "committee"), ("伊藤佳史", "secretariat"), ("今村治美", "agency")} <= people
    assert len(ex.tables["meetings"][0]["agenda"]) == 3
    assert ex.tables["meetings"][0]["agenda"][-1] == "その他"
    assert ex.tables.get("utterances", []) == []


@LAYOUTS
def test_a_date_with_the_western_year_in_brackets(alternative):
    """豊中市: `平成21年(2009年)12月9日(水)`; `大野事務職員` is 大野, 事務職員."""
    ex = run("toyonaka_h2101", alternative)
    assert ex.tables["meetings"][0]["held_on"] == dt.date(2009, 12, 9)
    assert ("大野", "事務職員") in {(p["name"], p["title"]) for p in ex.tables["attendees"]}


def test_a_form_row_the_meetings_table_has_no_column_for_is_kept():
    """春日部市: `会議録署名の指定 会長が署名する。` and the ■/□ 作製方法 cell."""
    ex = run("kasukabe_h26_2", False)
    items = {r["label"]: r for r in ex.tables["meeting_items"]}
    assert norm(items["会議録署名の指定"]["value"]) == "会長が署名する。"
    assert "■録音テープ等を使用した要点記録" in norm(items["会議録の作製方法"]["value"])


def test_colon_rows_whatever_their_label_and_values_over_several_lines():
    """川口市 and 春日部市 printed as `label：value` lines (the alternative layout of their tables):
    `問い合わせ先：…` and `会議録署名の指定：…` are rows though hyokasho knows neither label, the lines
    under `会議録：1. 委嘱書交付` continue that value, and 春日部市's first turn stays a turn."""
    ex = run("kawaguchi_h26_2", True)
    assert not any(
        "問い合わせ先" in norm(r["text"]) or "市長あいさつ" in norm(r["text"]) for r in ex.tables["utterances"]
    )
    items = {r["label"]: r for r in ex.tables["meeting_items"]}
    assert "048-258-1110" in norm(items["問い合わせ先"]["value"])
    assert "8.閉会" in norm(items["会議録"]["value"])
    ex = run("kasukabe_h26_2", True)
    items = {r["label"]: r for r in ex.tables["meeting_items"]}
    assert norm(items["会議録署名の指定"]["value"]) == "会長が署名する。"
    assert ex.tables["utterances"][0]["speaker_group"] == "secretariat"


@LAYOUTS
def test_step_and_speaker_labels_and_a_programme_row(alternative):
    """新潟県後期高齢者医療広域連合: turns labelled `開会(田辺次長)`, `広域連合事務局長挨拶(野本局長)`;
    the `日程` row is the programme (not the date), its `3 議題` step lists the agenda; a full name
    the dictionary does not know before its bracketed post (`高張由紀子(企画システム係主任)`)."""
    ex = run("niigata_kouiki_h2602", alternative)
    assert turns(ex) == [("田辺次長", "secretariat"), ("野本局長", "secretariat")]
    m = ex.tables["meetings"][0]
    assert m["held_on"] == dt.date(2015, 3, 24) and m["end_time"] == dt.time(10, 50)
    assert m["agenda"] == [
        "社会保障・税番号制度における審査会の役割について",
        "個人情報取扱事務の変更について",
        "国保データベースシステムに係る個人情報の取扱いについて",
    ]
    people = {(p["name"], p["affiliation"], p["title"]) for p in ex.tables["attendees"]}
    assert ("高張由紀子", "企画システム係", "主任") in people


def test_a_scan_whose_label_marks_ocr_misreads_keeps_its_header(tmp_path):
    """奈良県 scanned at 200 dpi: its `◇日時`, `◇場所`, `◇出席者` labels come back from OCR as
    `$日時`, `$場所`, `S出席者` (or `5日時`, `<場所`); alone on its line such a word is the label, so
    the date, venue and members are read (they were all lost)."""
    from hyokasho.ocr import make_ocr
    from hyokasho.pipeline import process_file
    from tests.minutes.test_generalise3 import FIXTURES
    from tests.pdfgen import degrade
    from tests.pdfgen.real_docs import load_spec, render_spec

    path = tmp_path / "nara_110.pdf"
    path.write_bytes(degrade.scan(render_spec(load_spec(FIXTURES / "nara_110.json")), dpi=200))
    result = process_file(path, ocr=make_ocr())
    m = result.tables["meetings"][0]
    assert m["held_on"] == dt.date(2023, 3, 14) and m["start_time"] == dt.time(10, 0)
    assert m["venue"] and "第3会議室" in m["venue"]
    assert len([p for p in result.tables["attendees"] if p["group"] == "committee"]) == 6


@pytest.mark.parametrize(
    "line,key",
    [("$日時", "datetime"), ("S出席者", "attendees"), ("5日時", "datetime"), ("<場所", "venue"), ("。議事", "agenda")],
)
def test_a_misread_mark_before_a_label_alone(line, key):
    from extract.minutes.header import match_label

    assert match_label(line) == (key, "")


@pytest.mark.parametrize("line", ["A委員", "B事務局", "6議事", "10日時点で", "<場所の確認について", "【委員長】"])
def test_what_stays_no_label(line):
    from extract.minutes.header import match_label

    assert match_label(line) is None
