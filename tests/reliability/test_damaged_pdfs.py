"""Truncated and damaged PDFs are failures, never documents that hide the damage (issue 11.4);
a document read but not recognised keeps both facts visible: status `partial`, text_source `ocr`.

The damage is made to a real sample's bytes: cut short (as a broken download), one object
cut out of the middle (offsets shift, MuPDF must repair), the cross-reference pointer broken
(a repair that finds everything), the table lost at the very end (truncated but whole).
"""

from __future__ import annotations

import re

import pytest

from hyokasho.ocr import tesseract_status
from hyokasho.pipeline import process_bytes, process_file
from tests.batch.conftest import table
from tests.foundation.pdfs import unknown_pdf
from tests.pdfgen import degrade
from tests.reliability.conftest import hyokasho
from tests.samples import sample

KISO = "kitakyushu_kokuho_kiso__calc"
HAVE_TESSERACT, WHY = tesseract_status()
VOLATILE = {"doc_id", "ingested_at", "at", "file_size", "source_file"}


def _rows(result) -> dict[str, list[dict]]:
    return {t: [{k: v for k, v in r.items() if k not in VOLATILE} for r in rows] for t, rows in result.tables.items()}


def test_a_pdf_cut_to_5000_bytes_is_a_truncated_failure(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "cut.pdf").write_bytes(sample(KISO).read_bytes()[:5000])
    unknown_pdf(src / "good.pdf")
    out = tmp_path / "ds"
    p = hyokasho("ingest", src, "--out", out)
    assert p.returncode == 1, p.stderr  # was 0: the file became an `unknown` document with status `ocr`
    assert "1 failed" in p.stderr
    assert re.search(r"FAILED .*cut\.pdf: PDF is truncated", p.stderr), p.stderr
    [err] = table(out, "ingest_errors")
    assert err["error_code"] == "truncated" and "5,000 bytes" in err["message"] and "pages 1–7" in err["message"]
    assert [d["source_file"].rsplit("/", 1)[1] for d in table(out, "documents")] == ["good.pdf"]
    i = hyokasho("inspect", src / "cut.pdf")
    assert i.returncode == 1 and "FAILED (truncated)" in i.stdout


def test_an_object_cut_out_of_the_middle_is_damaged():
    data = sample(KISO).read_bytes()
    start = data.index(b"\n16 0 obj") + 1  # page 2's content stream
    end = data.index(b"endobj", start) + len(b"endobj")
    broken = data[:start] + data[end:]
    assert b"%%EOF" in broken[-16:]
    r = process_bytes(broken, "damaged.pdf")
    assert r.document is None
    assert r.error["error_code"] == "damaged" and "page 2 of 7" in r.error["message"], r.error


def test_a_repair_that_finds_every_page_changes_nothing():
    data = sample(KISO).read_bytes()
    clean = process_bytes(data, "x.pdf")
    # a wrong startxref offset: MuPDF rebuilds the table and finds every object
    bad_pointer = re.sub(rb"startxref\n\d+", b"startxref\n123", data)
    repaired = process_bytes(bad_pointer, "x.pdf")
    assert _rows(repaired) == _rows(clean)
    # the table and trailer cut off: truncated, yet every page is whole → a document, with a warning
    cut = data[: data.rindex(b"\nxref") + 1]
    r = process_bytes(cut, "x.pdf")
    assert r.error is None and r.document["status"] == clean.document["status"] == "ok"
    [w] = [w for w in r.document["warnings"] if "truncated" in w]
    assert "every page was found whole" in w
    rows, ref = _rows(r), _rows(clean)
    rows["documents"][0]["warnings"].remove(w)
    assert rows == ref


@pytest.mark.skipif(not HAVE_TESSERACT, reason=f"needs OCR: {WHY}")
def test_an_ocr_d_document_that_is_not_recognised_stays_partial(tmp_path):
    from hyokasho.ocr import make_ocr

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(degrade.image_only(unknown_pdf(tmp_path / "notice.pdf", "お知らせ").read_bytes(), dpi=200))
    r = process_file(scan, ocr=make_ocr())
    d = r.document
    assert (d["doc_type"], d["status"], d["text_source"]) == ("unknown", "partial", "ocr"), d
    assert any("not recognised" in w for w in d["warnings"])
