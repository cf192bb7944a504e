"""A caller that is itself large (a notebook, a test runner) must not make every file too_large."""

from __future__ import annotations

import pytest

from hyokasho.ingest import ingest
from hyokasho.memory import rss_mb, tree_budget_mb
from tests.batch.conftest import simple_pdf, table


def test_ingest_from_a_large_process_reads_every_file(tmp_path):
    import os

    # resident, not just reserved: every page written (the tree budget is 960 MB on 2 cores)
    ballast = b"\x01" * ((tree_budget_mb() - 200) << 20)
    assert rss_mb(os.getpid()) > tree_budget_mb() - 300
    src, out = tmp_path / "in", tmp_path / "ds"
    src.mkdir()
    for i in range(4):
        simple_pdf(src / f"d{i}.pdf", f"document {i}")
    report = ingest([str(src)], out, jobs=2, log=lambda _m: None)
    del ballast
    assert report.failed == [] and report.exit_code == 0
    assert len(table(out, "documents")) == 4


@pytest.mark.ocr
def test_a_scan_is_ocrd_from_a_large_process(tmp_path):
    """OCR of a 300-dpi page peaks near 600 MB in its worker: the floor must leave room for it."""
    import os

    from tests.batch.test_ocr import HAVE_TESSERACT, Messy, _scanned_kiso

    assert HAVE_TESSERACT  # scripts/setup.sh installs it; this test is about OCR
    ballast = b"\x01" * ((tree_budget_mb() - 200) << 20)
    assert rss_mb(os.getpid()) > tree_budget_mb() - 300
    src, out = tmp_path / "in", tmp_path / "ds"
    src.mkdir()
    _scanned_kiso(src / "scan.pdf", Messy(image_only=True, image_dpi=200))
    report = ingest([str(src)], out, jobs=1, log=lambda _m: None)
    del ballast
    assert report.failed == [], report.failed
    [doc] = table(out, "documents")
    assert doc["text_source"] == "ocr" and doc["doc_type"] == "kiso"
