"""Public-comment results on the sample PDF and generated ones (multi-page tables, no opinions)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from extract.pdf import open_pdf, read_pdf_bytes
from extract.public_comment import by_channel, extract_public_comment
from tests.pdfgen.forms_comment import default_comment_spec, public_comment
from tests.pdfgen.messy import CLEAN, Messy
from tests.samples import expected, sample


def norm(s) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or "")))


def check(ex, truth) -> None:
    r = ex.tables["comment_rounds"][0]
    assert str(r["period_start"]) == truth["period_start"] and str(r["period_end"]) == truth["period_end"]
    assert r["submitters"] == truth["submitters"] and r["opinions"] == truth["opinions"]
    assert r["by_channel"] == truth["by_channel"]
    assert norm(r["subject"]) == norm(truth["subject"])
    rows = ex.tables.get("comments", [])
    assert [c["no"] for c in rows] == [w["no"] for w in truth["rows"]]
    for c, w in zip(rows, truth["rows"]):
        assert norm(c["opinion"]) == norm(w["opinion"]), w["no"]
        assert norm(c["response"]) == norm(w["response"]), w["no"]


@pytest.mark.parametrize(
    "messy",
    [CLEAN, Messy(fake_bold=True), Messy(kangxi=True), Messy(rules="rects"), Messy(split_rows=True)],
    ids=["clean", "bold", "kangxi", "rects", "split_rows"],
)
def test_generated_table_over_pages(messy):
    # repeat=8: 48 rows over several pages, the header row repeated on each
    pdf, truth = public_comment(default_comment_spec(repeat=8), messy)
    ex = extract_public_comment(read_pdf_bytes(pdf, "pc.pdf"))
    assert len({c["page"] for c in ex.tables["comments"]}) >= 2
    check(ex, truth)


def test_generated_no_opinions():
    spec = default_comment_spec(opinions=[], by_channel={"郵送": 0, "持参": 0, "FAX": 0, "電子メール": 0})
    pdf, truth = public_comment(spec, CLEAN)
    ex = extract_public_comment(read_pdf_bytes(pdf, "pc.pdf"))
    assert ex.tables["comment_rounds"][0]["opinions"] == 0
    assert "comments" not in ex.tables
    check(ex, truth)


def test_channels_table_and_lines():
    assert by_channel(["提出方法 郵送 持参 ＦＡＸ 電子メール 合計", "提出者数 0人 2人 0人 1人 3人"]) == {
        "郵送": 0,
        "持参": 2,
        "FAX": 0,
        "電子メール": 1,
    }
    assert by_channel(["郵送 1人", "電子メール：4人"]) == {"郵送": 1, "電子メール": 4}


def test_sample():
    pdf = sample("seed04_sapporo_r2_kokuho_pc")
    exp = expected("seed04_sapporo_r2_kokuho_pc")
    ex = extract_public_comment(open_pdf(pdf))
    r = ex.tables["comment_rounds"][0]
    assert (str(r["period_start"]), str(r["period_end"]), r["submitters"], r["opinions"]) == (
        exp["period_start"],
        exp["period_end"],
        exp["submitters"],
        exp["opinions"],
    )
    assert r["by_channel"] == exp["by_channel"]
    rows = {c["no"]: c for c in ex.tables["comments"]}
    for w in exp["rows"]:
        assert norm(rows[w["no"]]["opinion"]).startswith(norm(w["opinion"]))
        assert abs(len(norm(rows[w["no"]]["response"])) - w["response_chars"]) <= 3


@pytest.mark.parametrize("spaced", [True, "literal"], ids=["spaced", "spaced_literal"])
def test_generated_letter_spaced(spaced):
    pdf, truth = public_comment(default_comment_spec(repeat=8), Messy(spaced=spaced))
    check(extract_public_comment(read_pdf_bytes(pdf, "pc.pdf")), truth)


def test_generated_without_vertical_rules():
    """Columns cut in the white stripes of the rows (header cells are centred, so the gaps of the
    header row alone would cut the No. column far too wide)."""
    pdf, truth = public_comment(default_comment_spec(repeat=8), CLEAN)
    doc = read_pdf_bytes(pdf, "pc.pdf")
    for page in doc.pages:
        page.segments = [s for s in page.segments if s.horizontal]
    check(extract_public_comment(doc), truth)


@pytest.mark.parametrize(
    "style,submitters,opinions", [("notice", 0, 0), ("prose", 0, 0), ("prose", 3, 5), ("none", 0, 0)]
)
def test_results_without_a_table(style, submitters, opinions):
    """No-opinion results, a round embedded in a publication notice, counts printed as prose: a
    public_comment document with its period and counts, never a 評価書 or unknown."""
    from extract.classify import classify
    from tests.pdfgen.forms_comment import notice_comment

    pdf, truth = notice_comment(style, submitters=submitters, opinions=opinions)
    doc = read_pdf_bytes(pdf, f"{style}.pdf")
    assert classify(doc)[0] == "public_comment"
    r = extract_public_comment(doc).tables["comment_rounds"][0]
    assert (str(r["period_start"]), str(r["period_end"]), r["submitters"], r["opinions"]) == (
        truth["period_start"],
        truth["period_end"],
        truth["submitters"],
        truth["opinions"],
    )
