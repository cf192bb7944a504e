"""The two sample PDFs against their expected JSON: every cell, key and record."""

from __future__ import annotations

import pytest

from extract.assessment import extract_assessment
from extract.pdf import open_pdf
from tests.assessment.helpers import misses
from tests.samples import expected
from tests.samples import sample as sample_pdf

NAMES = ["kitakyushu_kokuho_kiso__calc", "kitakyushu_kokuho_zenkomoku__calc"]


@pytest.fixture(scope="module", params=NAMES)
def sample(request):
    return extract_assessment(open_pdf(sample_pdf(request.param))), expected(request.param)


def test_every_expected_value_found(sample):
    ex, exp = sample
    assert misses(ex, exp) == []


def test_document_level(sample):
    ex, exp = sample
    doc = exp["document"]
    a = ex.tables["assessments"][0]
    assert ex.doc_type == doc["doc_type"]
    assert ex.status == "ok", ex.warnings
    assert a["assessment_no"] == doc["assessment_no"]
    assert a["organization"] == doc["organization"]
    assert a["municipality_code"] == doc["municipality_code"]
    assert a["title"].replace(" ", "") == doc["title"].replace(" ", "")


def test_rows_are_traceable(sample):
    ex, _ = sample
    for table in ("fields", "choices", "checks"):
        for r in ex.tables[table]:
            assert r["page"] and r["page"] >= 1, (table, r["key"])
            x0, y0, x1, y1 = r["bbox"]
            assert x0 < x1 and y0 < y1, (table, r["key"])


def test_page_furniture_is_not_data(sample):
    ex, _ = sample
    for r in ex.tables["fields"]:
        assert "ページ" not in (r["value"] or "") or "/" not in (r["value"] or ""), r["key"]


def test_every_emitted_row_is_expected_or_explained(request):
    """Precision on the real samples: with the extra truth (tests/fixtures/samples_extra_truth)
    every fields/choices/checks/record row the extractor emits is matched by the truth or
    explained (bench/precision.py) — none extra, none under a wrong key."""
    from bench.precision import Precision
    from tests.samples_truth import with_extra

    for name in NAMES:
        ex = extract_assessment(open_pdf(sample_pdf(name)))
        exp = with_extra(name, expected(name))
        assert misses(ex, exp) == [], name
        p = Precision()
        p.document(ex.tables, exp, name)
        bad = {t: r["examples"] for t, r in p.as_dict().items() if r["extra"] or r["wrong_key"]}
        assert bad == {}, name
