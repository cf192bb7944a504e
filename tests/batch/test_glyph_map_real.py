"""Fonts without ToUnicode on real filings of other bodies: the glyph-map cases that used to
shift a name along the line (a glyph printed once, whose page OCR dropped a neighbour) or name a
glyph after a neighbour's half-cropped ink.

Each filing is a development fixture of tests/fixtures/real/assessments rendered to PDF and
degraded with tests.pdfgen.degrade.no_tounicode, then run through the pipeline with Tesseract,
as a user's batch would read it. Measured before the region re-reads of weakly named glyphs
(8f9c9c7) all but 目黒区's came out wrong (`事態をを発させる`, `城茨県土浦市長`, `多和3年3月3日`); 目黒区's
`影響` read `:影` on the way there, when a tied glyph took its neighbour's name."""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.batch.test_glyph_map import needs_ocr
from tests.pdfgen import degrade
from tests.pdfgen.real_forms import load_spec, render_spec
from tests.pdfgen.real_manifest import ASSESSMENTS

_runs: dict[str, dict] = {}


def _fields(i: str) -> dict[str, str]:
    """key → value of the filing's no-ToUnicode rendering, run once per session."""
    if i not in _runs:
        from hyokasho.ocr import ocr_document
        from hyokasho.pipeline import process_bytes

        pdf = degrade.no_tounicode(render_spec(load_spec(ASSESSMENTS / f"{i}.json")))
        got = process_bytes(pdf, f"{i}__no_tounicode.pdf", ocr=ocr_document)
        assert got.tables["documents"][0]["doc_type"] != "unknown", got.tables["documents"][0]["warnings"]
        _runs[i] = {r["key"]: r["value"] for r in got.tables["fields"]}
    return _runs[i]


def _norm(s: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


def _expected(i: str) -> dict[str, str]:
    exp = json.loads((ASSESSMENTS / f"{i}.expected.json").read_text(encoding="utf-8"))
    return {f["key"]: f["value"] for f in exp["fields"]}


@needs_ocr
@pytest.mark.slow
@pytest.mark.parametrize(
    "i,key",
    [
        ("tsuchiura_kokuho_kiso", "cover.宣言"),  # 発生 printed once: its glyphs took を and 発
        ("tsuchiura_kokuho_kiso", "cover.評価実施機関名"),  # 茨城: both names shifted
        ("meguro_kokuho_juten", "cover.宣言"),  # 影響: a region read shifted by one tied 影
        ("sapporo_kaigohoken_zenkomoku", "cover.公表日"),  # 令和: glyphs only a region read
        ("koriyama_kokikoreisha_juten", "cover.宣言"),
    ],
)
def test_no_tounicode_values_equal_the_printed_ones(i, key):
    assert _norm(_fields(i).get(key)) == _norm(_expected(i)[key])


@needs_ocr
@pytest.mark.slow
def test_every_ocr_read_value_says_how_sure_it_is():
    """ocr_confidence: NULL for the text layer's values, 0–1 for OCR'd ones, lowest where a
    character is doubtful — an analyst filters on it to review values against the page."""
    from hyokasho.ocr import ocr_document
    from hyokasho.pipeline import process_bytes
    from tests.pdfgen.real_forms import scan

    i = "tsuchiura_kokuho_kiso"
    spec = load_spec(ASSESSMENTS / f"{i}.json")
    clean = process_bytes(render_spec(spec), f"{i}.pdf")
    assert clean.tables["fields"] and all(r["ocr_confidence"] is None for r in clean.tables["fields"])
    mapped = process_bytes(degrade.no_tounicode(render_spec(spec)), f"{i}__no_tounicode.pdf", ocr=ocr_document)
    scanned = process_bytes(scan(spec, 200), f"{i}__scan200.pdf", ocr=ocr_document)
    for got in (mapped, scanned):
        confs = [r["ocr_confidence"] for r in got.tables["fields"] if r["value"]]
        assert confs and all(c is not None and 0.0 <= c <= 1.0 for c in confs), confs
        # the form's printed text names most glyphs for sure; a free-text value is less sure
        assert min(confs) < max(confs)
