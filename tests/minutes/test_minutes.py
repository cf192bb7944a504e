"""Minutes extraction on the real sample PDFs and on generated PDFs of every convention."""

from __future__ import annotations

import re
import unicodedata

import pytest

from extract.minutes import extract_minutes
from extract.pdf import open_pdf, read_pdf_bytes
from tests.pdfgen.forms_minutes import default_minutes_spec, minutes
from tests.pdfgen.messy import CLEAN, Messy
from tests.samples import expected, sample

STYLES = ["paren", "paren_inline", "maru", "colon", "kakko", "named", "lead"]


def norm(s) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or "")))


def check(ex, truth) -> None:
    m = ex.tables["meetings"][0]
    for k in ("session_no", "audience_count"):
        assert m[k] == truth[k], k
    assert str(m["held_on"]) == truth["held_on"]
    assert str(m["start_time"])[:5] == truth["start_time"] and str(m["end_time"])[:5] == truth["end_time"]
    assert norm(m["subject"]) == norm(truth["subject"])
    assert [norm(a) for a in m["agenda"]] == [norm(a) for a in truth["agenda"]]
    if truth.get("venue"):
        assert norm(m["venue"]) == norm(truth["venue"])
    if truth.get("outcome"):
        assert norm(m["outcome"]) == norm(truth["outcome"])
    got = {(a["group"], a["affiliation"], a["name"], a["title"]) for a in ex.tables["attendees"]}
    assert got == {(a["group"], a["affiliation"], a["name"], a["title"]) for a in truth["attendees"]}
    us = ex.tables["utterances"]
    assert [(norm(u["speaker"]), u["speaker_group"]) for u in us] == [
        (norm(w["speaker"]), w["speaker_group"]) for w in truth["utterances"]
    ]
    assert [norm(u["text"]) for u in us] == [norm(w["text"]) for w in truth["utterances"]]
    assert [u["seq"] for u in us] == list(range(1, len(us) + 1))


@pytest.mark.parametrize("layout", ["kitakyushu", "izumi"])
@pytest.mark.parametrize("style", STYLES)
def test_generated_speaker_conventions(layout, style):
    spec = default_minutes_spec(
        layout=layout, speaker_style=style, n_qa=5, venue="市役所本庁舎3階会議室" if layout == "izumi" else None
    )
    pdf, truth = minutes(spec, CLEAN)
    check(extract_minutes(read_pdf_bytes(pdf, "gen.pdf")), truth)


@pytest.mark.parametrize(
    "messy",
    [Messy(fake_bold=True), Messy(kangxi=True), Messy(rules="rects"), Messy(split_rows=True)],
    ids=["bold", "kangxi", "rects", "split_rows"],
)
@pytest.mark.parametrize("layout,style", [("kitakyushu", "paren"), ("izumi", "lead"), ("kitakyushu", "named")])
def test_generated_degraded(layout, style, messy):
    pdf, truth = minutes(default_minutes_spec(layout=layout, speaker_style=style, n_qa=5), messy)
    check(extract_minutes(read_pdf_bytes(pdf, "gen.pdf")), truth)


def test_generated_spaced_keeps_fields():
    # spaced glyphs put gaps inside times (`1 0 : 0 0`) and wrap the 《…》 note onto a second line
    pdf, truth = minutes(default_minutes_spec(n_qa=3), Messy(spaced=True))
    ex = extract_minutes(read_pdf_bytes(pdf, "gen.pdf"))
    m = ex.tables["meetings"][0]
    assert str(m["start_time"])[:5] == "10:00" and str(m["end_time"])[:5] == "10:40"
    assert norm(ex.tables["utterances"][0]["text"]).startswith("本日の審査会に先立ちまして")


def test_attendees_outside_the_table_named_style_roles():
    # named speakers are told apart by the attendance list: 会長 → chair, 課長 of the agency → agency
    spec = default_minutes_spec(speaker_style="named", n_qa=4)
    pdf, truth = minutes(spec, CLEAN)
    groups = {u["speaker_group"] for u in extract_minutes(read_pdf_bytes(pdf, "g.pdf")).tables["utterances"]}
    assert groups == {"chair", "committee", "agency", "narrative"}  # narrative: the 結論 paragraph


def _sample(name):
    return extract_minutes(open_pdf(sample(name))), expected(name)


@pytest.mark.parametrize("name", ["seed00_kitakyushu_22_kokuho", "seed01_kitakyushu_15_juki", "seed02_izumi_h29_cloud"])
def test_samples(name):
    ex, exp = _sample(name)
    m = ex.tables["meetings"][0]
    for k in ("body", "session_no", "audience_count", "subject", "venue"):
        assert norm(m[k]) == norm(exp[k]), k
    assert str(m["held_on"]) == exp["held_on"]
    assert len(m["agenda"]) == len(exp["agenda"])
    assert norm(m["outcome"]) == norm(exp["outcome"])
    got = {(norm(a["name"]), norm(a["title"]), a["group"]) for a in ex.tables["attendees"]}
    assert got == {(norm(a["name"]), norm(a["title"]), a["group"]) for a in exp["attendees"]}
    us = ex.tables["utterances"]
    assert len(us) == exp["utterance_count"]
    assert [norm(u["text"])[:12] for u in us] == [norm(w["text"])[:12] for w in exp["utterances"]]
    assert [u["speaker_group"] for u in us] == [w["speaker_group"] for w in exp["utterances"]]
    total = sum(len(norm(u["text"])) for u in us)
    want = sum(w["chars"] for w in exp["utterances"])
    assert abs(total - want) / want <= 0.01
    # stage directions and page numbers are not words of any speaker
    assert not any("意見聴取終了" in u["text"] or re.search(r"-\s*\d+\s*-", u["text"]) for u in us)


def test_sample_sections_and_pages():
    ex, _ = _sample("seed00_kitakyushu_22_kokuho")
    us = ex.tables["utterances"]
    assert us[0]["section"] == "諮問庁説明" and us[1]["section"] == "質疑応答"
    assert us[0]["page"] == 1 and us[-1]["page"] == 4


@pytest.mark.parametrize("spaced", [True, "literal"], ids=["spaced", "spaced_literal"])
@pytest.mark.parametrize(
    "layout,style",
    [("kitakyushu", "paren"), ("kitakyushu", "named"), ("kitakyushu", "maru"), ("izumi", "colon"), ("izumi", "lead")],
)
def test_generated_letter_spaced(layout, style, spaced):
    """Tracking on every glyph (and a space glyph in every gap): `第2 2 回`, `1 0 時` still parse."""
    pdf, truth = minutes(default_minutes_spec(layout=layout, speaker_style=style, n_qa=5), Messy(spaced=spaced))
    check(extract_minutes(read_pdf_bytes(pdf, "gen.pdf")), truth)
