"""Every form (様式2/3/4) in every revision the generator knows: keys come from the printed
numbering and labels (no revision's item list is assumed), and the printed 様式 marker is
read wherever the page carries it — or left NULL when it is not printed."""

from __future__ import annotations

import pymupdf
import pytest

from extract.assessment import extract_assessment
from extract.pdf import read_pdf_bytes
from tests.assessment.helpers import misses
from tests.pdfgen import forms_assessment as fa
from tests.pdfgen.messy import Messy

REVISIONS = ("平成26年4月", "平成30年5月", "令和2年4月", "令和6年10月")
# the generator's own layout/truth disagreement (see test_messy.GENERATOR_QUIRKS)
QUIRKS = {("choice", "II.3.7/使用者数")}


def _pdf(form: str, revision: str, messy: Messy | None = None) -> tuple[bytes, dict]:
    return fa.assessment(fa.default_spec(form=form, revision=revision), messy or Messy())


@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize("form", ("kiso", "juten", "zenkomoku"))
def test_revision_matches_truth(form, revision):
    pdf, truth = _pdf(form, revision)
    ex = extract_assessment(read_pdf_bytes(pdf, f"{form}.pdf"))
    assert ex.doc_type == form and ex.status == "ok", ex.warnings
    assert [m for m in misses(ex, truth) if m[:2] not in QUIRKS] == []
    assert ex.form_label == f"{revision} 様式{fa.FORM_NO[form]}"
    assert ex.tables["assessments"][0]["form_revision"] == revision
    assert not any("printed twice" in w for w in ex.warnings), ex.warnings


def test_kiso_items_follow_the_printed_numbering():
    """令和6年10月 adds IV.8 人手を介在させる作業 and IV.11; older revisions number 監査 8."""
    keys = {}
    for revision in ("平成30年5月", "令和6年10月"):
        pdf, _ = _pdf("kiso", revision)
        ex = extract_assessment(read_pdf_bytes(pdf, "k.pdf"))
        keys[revision] = {r["key"] for r in ex.tables["fields"]} | {r["key"] for r in ex.tables["checks"]}
    assert "IV.8.実施の有無" in keys["平成30年5月"] and "IV.9.実施の有無" in keys["令和6年10月"]
    assert not any(k.startswith("IV.11.") for k in keys["平成30年5月"])
    assert any(k.startswith("IV.8.人手を介在させる作業はない") for k in keys["令和6年10月"])


def _move_marker(pdf: bytes, where: str | None) -> bytes:
    """Take the generator's top-right marker off page 1 and print it `where`: top-left as
    plain text, inside the first table (its header row), or nowhere."""
    d = pymupdf.open("pdf", pdf)
    page = d[0]
    hits = page.search_for("様式")
    assert hits
    text = None
    for r in hits:
        block = [w for w in page.get_text("words") if abs(w[1] - r.y0) < 3]
        text = "".join(w[4] for w in sorted(block))
        page.add_redact_annot(pymupdf.Rect(0, r.y0 - 2, page.rect.width, r.y1 + 2))
    page.apply_redactions(images=0, graphics=0)
    if where == "top-left":
        page.insert_text((40, 30), text, fontname="japan", fontsize=8)
    elif where == "in-table":
        head = page.search_for("評価書名")[0]
        page.insert_text((head.x1 + 40, head.y1 - 1), text, fontname="japan", fontsize=7)
    return d.tobytes()


@pytest.mark.parametrize("where", ("top-left", "in-table", None))
def test_form_marker_anywhere_or_null(where):
    pdf, truth = _pdf("zenkomoku", "平成30年5月")
    ex = extract_assessment(read_pdf_bytes(_move_marker(pdf, where), "z.pdf"))
    assert ex.doc_type == "zenkomoku" and ex.status == "ok", ex.warnings
    want = None if where is None else "平成30年5月 様式4"
    assert ex.form_label == want
    assert ex.tables["assessments"][0]["form_revision"] == (want and "平成30年5月")
    assert [m for m in misses(ex, truth) if m[:2] not in QUIRKS] == []
