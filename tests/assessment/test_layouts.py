"""Other producers' layouts and layouts without rulings: the same form content gives the same
keys and values (tests/fixtures/producers: LibreOffice Writer and Chromium renderings of the
samples' content; generated forms with every ruling removed)."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from extract.assessment import extract_assessment
from extract.pdf import open_pdf, read_pdf_bytes
from tests.assessment.helpers import misses, norm
from tests.pdfgen import forms_assessment as fa
from tests.pdfgen.messy import Messy

PRODUCERS = Path(__file__).resolve().parents[1] / "fixtures" / "producers"
FIXTURES = sorted(p.stem for p in PRODUCERS.glob("kitakyushu_kokuho_*__*.pdf"))


def _total(exp: dict) -> int:
    return sum(
        len(exp.get(k, []))
        for k in ("fields", "choices", "checks", "risk_measures", "entrustments", "transfers", "changes", "systems")
    )


@pytest.fixture(scope="module", params=FIXTURES)
def producer(request):
    spec = request.param.split("__")[0]
    exp = json.loads((PRODUCERS / f"{spec}.expected.json").read_text())
    return request.param, extract_assessment(open_pdf(PRODUCERS / f"{request.param}.pdf")), exp


def test_producer_fixture_matches_truth(producer):
    name, ex, exp = producer
    assert ex.status == "ok", ex.warnings
    left = misses(ex, exp)
    # ≥ 99% of every value; the Writer/Chromium renderings lose rulings on a few rows taller
    # than a page (text printed without any table around it)
    assert len(left) <= 0.01 * _total(exp), left


def test_producer_structure_cases(producer):
    """The cases that broke on these layouts: the table of contents on the cover page, the
    再委託 label cell spanning ⑦⑧⑨, a change row whose date a page break split."""
    name, ex, exp = producer
    keys = {(r["file_no"], r["key"]) for r in ex.tables["fields"]}
    if "zenkomoku" in name:
        assert (None, "I.1.1") in keys and (None, "I.2.sys1.1") in keys
        assert all((1, f"II.4.itaku1.{n}") in keys for n in (7, 8, 9))
        assert not any(r["key"].endswith(".再委託") for r in ex.tables["fields"])
        assert not any("not understood" in w for w in ex.warnings), ex.warnings
    pub = next((r for r in ex.tables["fields"] if r["key"] == "cover.公表日"), None)
    assert pub is None or not (pub["value"] or "").startswith(("1", "①"))


def _without_rulings(pdf: bytes) -> bytes:
    d = pymupdf.open("pdf", pdf)
    for page in d:
        page.add_redact_annot(page.rect, fill=False)
        page.apply_redactions(images=0, graphics=1, text=1)  # line art removed, text and images kept
    return d.tobytes()


@pytest.mark.parametrize("form", ("kiso", "juten", "zenkomoku"))
def test_form_without_rulings(form):
    pdf, truth = fa.assessment(fa.default_spec(form=form), Messy())
    doc = read_pdf_bytes(_without_rulings(pdf), f"{form}.pdf")
    assert not any(p.segments for p in doc.pages)
    ex = extract_assessment(doc)
    assert ex.doc_type == form and ex.status == "ok", ex.warnings
    left = misses(ex, truth)
    # label/value pairs are recovered from the text columns alone
    assert len(left) <= 0.12 * _total(truth), left
    got = {r["key"]: r["value"] for r in ex.tables["fields"]}
    assert got.get("I.1.1") == "国民健康保険に関する事務"


def _field(ex, key: str, file_no=None):
    return next((r for r in ex.tables["fields"] if r["key"] == key and r["file_no"] == file_no), None)


@pytest.mark.parametrize(
    "producer_name", ["kitakyushu_kokuho_zenkomoku__chromium", "kitakyushu_kokuho_zenkomoku__writer"]
)
def test_rows_taller_than_a_page(producer_name):
    """A tall row split across pages: a spanning value whose cell the producer closes and
    reopens at the break continues on the next page (III.4/III.7 その他のリスク, IV.3), and a
    row printed without rulings on its continuation page gets the table's columns, so its
    label and value are found (IV.2 具体的な方法)."""
    ex = extract_assessment(open_pdf(PRODUCERS / f"{producer_name}.pdf"))
    exp = json.loads((PRODUCERS / "kitakyushu_kokuho_zenkomoku.expected.json").read_text())
    want = {(f.get("file_no"), f["key"]): f["value"] for f in exp["fields"]}
    span_keys = [
        (1, "III.4.特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置"),
        (1, "III.7.特定個人情報の保管・消去におけるその他のリスク及びそのリスクに対する措置"),
        (None, "IV.3.その他のリスク対策"),
    ]
    for file_no, key in span_keys:
        got = _field(ex, key, file_no)
        assert got is not None and norm(got["value"]) == norm(want[(file_no, key)]), key
    loose = _field(ex, "IV.2.従業者に対する教育・啓発/具体的な方法")
    assert loose is not None and loose["value"]
    v = norm(loose["value"])
    # text from the first and from the last page of the row, in reading order
    assert v.startswith("<北九州市における措置>全職員を対象") and v.endswith("研修を行うこととしている。")
