"""Scanned pages: OCR with Tesseract when present, status needs_ocr with a clear message when not."""

from __future__ import annotations

import pymupdf
import pytest

from hyokasho.ingest import ingest
from hyokasho.ocr import tesseract_status
from tests.batch.conftest import table
from tests.pdfgen.forms_assessment import assessment, default_spec
from tests.pdfgen.messy import Messy

pytestmark = pytest.mark.ocr

HAVE_TESSERACT, WHY = tesseract_status()


def _scanned_kiso(path, messy: Messy) -> None:
    data, _ = assessment(default_spec(form="kiso"), messy)
    doc = pymupdf.open(stream=data, filetype="pdf")
    doc.select([0])  # the cover page carries the title: enough to classify, fast to OCR
    doc.save(path)


def test_without_tesseract_status_is_needs_ocr_then_ocr_once_installed(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "ds"
    src.mkdir()
    _scanned_kiso(src / "scan.pdf", Messy(image_only=True, image_dpi=200))
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    with monkeypatch.context() as m:
        m.setenv("PATH", str(empty_bin))  # workers inherit it: no tesseract on the PATH
        report = ingest([str(src)], out, jobs=1, log=lambda _m: None)
    assert report.exit_code == 1 and len(report.needs_ocr) == 1
    doc = table(out, "documents")[0]
    assert doc["status"] == "needs_ocr" and doc["text_source"] == "text_layer"
    assert any("OCR is needed" in w and "tesseract" in w for w in doc["warnings"])
    if not HAVE_TESSERACT:
        pytest.skip(f"OCR half skipped: {WHY}")
    # Tesseract is available now: the unchanged needs_ocr file is picked up again
    report = ingest([str(src)], out, jobs=1, log=lambda _m: None)
    assert report.processed == 1
    doc = table(out, "documents")[0]
    # the cover page alone: the form skeleton is incomplete, so the OCR'd document stays `partial`
    # (status ocr only for complete OCR'd documents); text_source says it was OCR'd
    assert (doc["status"], doc["text_source"], doc["doc_type"]) == ("partial", "ocr", "kiso")


@pytest.mark.skipif(not HAVE_TESSERACT, reason=f"Tesseract unavailable: {WHY} (run scripts/setup.sh)")
def test_font_without_tounicode_is_ocrd(tmp_path):
    src, out = tmp_path / "in", tmp_path / "ds"
    src.mkdir()
    _scanned_kiso(src / "garbled.pdf", Messy(no_tounicode="remove"))
    report = ingest([str(src)], out, jobs=1, log=lambda _m: None)
    doc = table(out, "documents")[0]
    assert (doc["status"], doc["text_source"], doc["doc_type"]) == ("partial", "ocr", "kiso"), (doc, report.failed)
    assert any("ToUnicode" in w for w in doc["warnings"])


def test_text_layer_detects_implausible_mix():
    from extract.pdf import read_pdf_bytes
    from extract.text_layer import assess_text_layer

    for form in ("kiso", "juten", "zenkomoku"):  # clean text layers are never sent to OCR
        data, _ = assessment(default_spec(form=form))
        assert not assess_text_layer(read_pdf_bytes(data, form)).needs_ocr
    # a ToUnicode that maps glyphs to valid but wrong kanji (no PUA, no U+FFFD)
    doc = pymupdf.open()
    page = doc.new_page()
    text = "".join(chr(0x4E00 + (i * 37) % 0x5000) for i in range(400))
    for row in range(10):
        page.insert_text((40, 60 + 20 * row), text[row * 40 : (row + 1) * 40], fontname="japan", fontsize=10)
    health = assess_text_layer(read_pdf_bytes(doc.tobytes(), "garbage"))
    assert health.needs_ocr and "kana" in health.warnings[0]
