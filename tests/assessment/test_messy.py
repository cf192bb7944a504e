"""Generated forms (tests/pdfgen): every messy variant gives the clean PDF's output, and the
clean PDF gives the generator's ground truth."""

from __future__ import annotations

import pytest

from extract.assessment import extract_assessment
from extract.pdf import read_pdf_bytes
from tests.assessment.helpers import comparable, misses
from tests.pdfgen import forms_assessment as fa
from tests.pdfgen.messy import BRACKETS, MARK_GLYPHS, Messy

FORMS = ("kiso", "juten", "zenkomoku")
VARIANTS = {
    "fake_bold": Messy(fake_bold=True),
    "kangxi": Messy(kangxi=True),
    "spaced": Messy(spaced=True),
    "spaced_literal": Messy(spaced="literal"),
    "rects": Messy(rules="rects"),
    "split_rows": Messy(split_rows=True),
    **{f"mark_{g}": Messy(mark=g) for g in MARK_GLYPHS},
    **{f"brackets_{b or 'none'}": Messy(brackets=b) for b in BRACKETS},
    "all_at_once": Messy(fake_bold=True, kangxi=True, split_rows=True, mark="vector", rules="rects"),
}
# known truth/layout disagreements of the generator itself, not of the extractor:
# its II.3 prints 使用者数 as a sub-row of ⑥ (the official form has ⑦使用の主体 above it)
GENERATOR_QUIRKS = {("choice", "II.3.7/使用者数")}


def _extract(form: str, messy: Messy):
    pdf, truth = fa.assessment(fa.default_spec(form=form), messy)
    return extract_assessment(read_pdf_bytes(pdf, f"{form}.pdf")), truth


_clean_cache: dict[str, tuple] = {}


def clean(form: str):
    if form not in _clean_cache:
        _clean_cache[form] = _extract(form, Messy())
    return _clean_cache[form]


@pytest.mark.parametrize("form", FORMS)
def test_clean_matches_truth(form):
    ex, truth = clean(form)
    assert ex.doc_type == form
    assert ex.status == "ok", ex.warnings
    left = [m for m in misses(ex, truth) if m[:2] not in GENERATOR_QUIRKS]
    assert left == []


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("form", FORMS)
def test_messy_variant_same_as_clean(form, variant):
    ex, _ = _extract(form, VARIANTS[variant])
    base, _ = clean(form)
    got, want = comparable(ex), comparable(base)
    for part in want:
        assert got[part] == want[part], part


def test_skeleton_missing_is_partial():
    pdf, _ = fa.assessment(fa.default_spec(form="zenkomoku"))
    doc = read_pdf_bytes(pdf, "z.pdf")
    doc.pages = doc.pages[:3]  # cover and part I only
    ex = extract_assessment(doc)
    assert ex.status == "partial"
    assert any("not found" in w and "VI" in w for w in ex.warnings)
