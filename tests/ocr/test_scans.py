"""A scanned 評価書 read by OCR, cell by cell, against the clean PDF's own rows.

The real 基礎 sample is scanned at 200 dpi (tests/pdfgen/degrade.scan: the issue's target
resolution), OCR'd once per session, and compared with what its clean text layer gives:
the document's type and cover, every ＜選択肢＞ selection, every check box and every field,
key and value exactly (text folded as the dataset folds it). Floors are the shares measured
on this machine (2026-12-02) less a small margin, so a change that loses rows fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hyokasho.ocr import ocr_document, tesseract_status
from hyokasho.pipeline import process_file
from tests.pdfgen import degrade

pytestmark = [pytest.mark.ocr, pytest.mark.slow]

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "raw" / "samples"  # the committed copy of the samples
NAME = "kitakyushu_kokuho_kiso__calc"
# measured 2026-12-02 (scan200): choices 14/17 of the clean rows
FLOORS = {"choices": 0.8, "checks": 0.9, "fields": 0.7}


@pytest.fixture(scope="session")
def scanned(tmp_path_factory):
    ok, why = tesseract_status()
    assert ok, f"OCR tests need Tesseract with jpn (scripts/setup.sh installs it): {why}"
    src = SAMPLES / f"{NAME}.pdf"
    path = tmp_path_factory.mktemp("scans") / f"{NAME}__scan200.pdf"
    path.write_bytes(degrade.TRANSFORMS["scan200"](src.read_bytes()))
    return process_file(src), process_file(path, ocr=ocr_document)


def _rows(result, table: str, cols: tuple[str, ...]) -> set[tuple]:
    return {tuple(r.get(c) for c in cols) for r in result.tables.get(table, [])}


def test_scan_is_marked_and_recognised(scanned):
    clean, scan = scanned
    doc = scan.document
    assert (doc["status"], doc["text_source"]) == ("ocr", "ocr")
    assert (doc["doc_type"], doc["form_label"]) == (clean.document["doc_type"], clean.document["form_label"])
    want, got = clean.tables["assessments"][0], scan.tables["assessments"][0]
    for col in ("assessment_no", "organization", "municipality_code", "published_on", "title"):
        assert got[col] == want[col], (col, got[col], want[col])


@pytest.mark.parametrize(
    "table,cols",
    [("choices", ("key", "selected")), ("checks", ("key", "option", "checked")), ("fields", ("key", "value"))],
)
def test_scan_rows_match_clean(scanned, table, cols):
    clean, scan = scanned
    want, got = _rows(clean, table, cols), _rows(scan, table, cols)
    share = len(want & got) / len(want)
    assert share >= FLOORS[table], (f"{table}: {len(want & got)} of {len(want)} clean rows", sorted(want - got)[:5])


def test_every_ocr_decision_is_traceable(scanned):
    """Options read as the official list, selections read as the closest option: each such
    decision is a warning naming the key, so a reviewer finds it."""
    _clean, scan = scanned
    warnings = scan.document["warnings"]
    decided = [w for w in warnings if "read as the official list" in w or "read as the closest option" in w]
    assert decided, warnings
    keys = {r["key"] for r in scan.tables["choices"]}
    assert all(w.split(":", 1)[0] in keys for w in decided), decided
