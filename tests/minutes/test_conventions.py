"""Generated minutes of a fictional body (架空市 …) in the conventions other bodies print
(tests/pdfgen/forms_minutes_conventions.py): every header layout, turn layout, label mark,
attendee style, time style and title style, and narrative-only minutes."""

from __future__ import annotations

import re
import unicodedata

import pytest

from extract.minutes import extract_minutes
from extract.pdf import read_pdf_bytes
from tests.pdfgen.forms_minutes_conventions import conventions_minutes, default_conventions_spec


def norm(s) -> str:
    return "" if s is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


def check(spec: dict) -> None:
    pdf, truth = conventions_minutes(default_conventions_spec(**spec))
    ex = extract_minutes(read_pdf_bytes(pdf, "conventions.pdf"))
    m = ex.tables["meetings"][0]
    for k in ("body", "session_no", "venue", "audience_count", "subject"):
        assert norm(m[k]) == norm(truth[k]), k
    assert str(m["held_on"]) == truth["held_on"]
    assert str(m["start_time"])[:5] == truth["start_time"] and str(m["end_time"])[:5] == truth["end_time"]
    assert [norm(a) for a in m["agenda"]] == [norm(a) for a in truth["agenda"]]

    def person(a):  # as a reader compares them: NFKC, no spaces; None stays None
        return tuple(
            x if x is None or isinstance(x, int) else norm(x)
            for x in (a["group"], a["affiliation"], a["name"], a["title"], a["headcount"])
        )

    got = sorted(map(person, ex.tables["attendees"]), key=repr)
    want = sorted(map(person, truth["attendees"]), key=repr)
    assert got == want
    us = ex.tables["utterances"]
    assert [(u["speaker"], u["speaker_group"], norm(u["text"])[:30], u["note"]) for u in us] == [
        (w["speaker"], w["speaker_group"], w["text"], w["note"]) for w in truth["utterances"]
    ]
    assert [len(norm(u["text"])) for u in us] == [w["chars"] for w in truth["utterances"]]


@pytest.mark.parametrize("header", ["table", "lines", "numbered", "form", "sections"])
@pytest.mark.parametrize(
    "turns,mark",
    [
        ("inline", "maru"),
        ("inline", "colon"),
        ("inline", "dot_colon"),
        ("inline", "kakko"),
        ("inline", "angle"),
        ("hanging", "bare"),
        ("block", "paren"),
        ("block", "maru"),
        ("block", "angle"),
    ],
)
def test_layouts_and_turns(header, turns, mark):
    check({"header": header, "turns": turns, "mark": mark})


@pytest.mark.parametrize(
    "style",
    ["headings", "post_name", "name_post", "bracket", "listed", "untitled", "column", "glued", "grouped", "sections"],
)
@pytest.mark.parametrize("header", ["table", "numbered"])
def test_attendee_styles(style, header):
    check({"attendee_style": style, "header": header})


@pytest.mark.parametrize(
    "over",
    [
        {"professions": True},
        {"spaced_names": False},
        {"agency_count": 0},
        {"time_style": "clock"},
        {"time_style": "kanji"},
        {"time_style": "closing_line", "end": "12:10"},
        {"start": "13:00", "end": "12:00", "time_style": "ampm"} and {"end": "12:00"},
        {"title_style": "fiscal_year", "body": "架空県個人情報保護審議会特定個人情報保護評価部会"},
        {"title_style": "session_after", "body": "架空区情報公開・個人情報保護審議会"},
        {"audience": "傍聴者 なし"},
        {"audience": "公開(傍聴者なし)"},
        {"audience": "傍聴人数 2人", "audience_count": 2},
    ],
    ids=[
        "professions",
        "unspaced",
        "no_count",
        "clock",
        "kanji",
        "closing_line",
        "noon",
        "fiscal_year",
        "session_after",
        "audience_none",
        "audience_open",
        "audience_2",
    ],
)
def test_header_variants(over):
    check(over)


@pytest.mark.parametrize("header", ["table", "numbered", "lines"])
def test_narrative_minutes(header):
    check({"narrative": True, "header": header})


@pytest.mark.parametrize("header", ["table", "numbered", "lines"])
@pytest.mark.parametrize("turns,mark", [("inline", "maru"), ("block", "paren"), ("hanging", "bare")])
def test_between_turns(header, turns, mark):
    # a prose stage direction (説明を行った。 and its points) is the next turn's note; a heading
    # without a sentence is no row; a narrative paragraph between turns is a narrative row;
    # `＜健康保険課の説明＞` labels the agency's words; `会長あいさつ` is a step, not a turn
    check({"header": header, "turns": turns, "mark": mark, "between": True, "explains_label": True, "programme": True})


@pytest.mark.parametrize("header", ["table", "form"])
def test_second_header_block(header):
    # a numbered 会議録 block after the cover: its members (by surname) are the cover's people
    check({"header": header, "second_header": True, "attendee_style": "post_name"})


@pytest.mark.parametrize("header", ["sections", "table", "numbered"])
def test_programme_steps(header):
    # 開会 / 会長あいさつ between the header rows and 開会 / 閉会 inside the 議事 list: no agenda
    # items, no end of the header, no turns
    check({"header": header, "programme_rows": True})


@pytest.mark.parametrize("header", ["table", "numbered", "lines"])
def test_learned_labels(header):
    # speakers printed by surname alone (`山田：`, `佐藤：`): labels learnt from their recurrence,
    # their groups from the attendance list (中村, not listed, speaks twice: learnt from the document alone)
    check({"header": header, "mark": "surname", "attendee_style": "post_name", "stage": False, "n_qa": 4})


@pytest.mark.parametrize("header", ["table", "numbered"])
def test_subject_named_in_the_record(header):
    # the agenda names no 事務 (`特定個人情報保護評価書の第三者点検について`); the minute-taker's
    # account does (`…国民健康保険に関する事務に係る全項目評価書について…`): that is the subject
    agenda = [("(1)", "特定個人情報保護評価書の第三者点検について", ""), ("(2)", "その他", "")]
    check({"header": header, "narrative": True, "agenda": agenda})
