"""Minutes published as a scan read as their clean PDF does: turns, speakers, times.

A generated minutes PDF (tests/pdfgen/forms_minutes: the izumi layout, turns marked `○委員`)
is scanned at 200 dpi (tests/pdfgen/degrade.scan) and OCR'd; its turns must come out as the
clean PDF's do. Before the characters of an OCR'd line were laid on the line's ink
(extract.ocr_cells.ink_chars) Tesseract's loose word boxes, split evenly, put spaces inside
words and lost the ones after a speaker mark: 5 turns of 9 were found.
"""

from __future__ import annotations

import pytest

from extract.minutes import extract_minutes
from extract.pdf import read_pdf_bytes
from hyokasho.ocr import ocr_document, tesseract_status
from tests.pdfgen import degrade
from tests.pdfgen.forms_minutes import default_minutes_spec, minutes

pytestmark = [pytest.mark.ocr, pytest.mark.slow]


@pytest.fixture(scope="module")
def read():
    ok, why = tesseract_status()
    assert ok, f"OCR tests need Tesseract with jpn (scripts/setup.sh installs it): {why}"
    pdf, _truth = minutes(default_minutes_spec(layout="izumi", speaker_style="maru"))
    clean = extract_minutes(read_pdf_bytes(pdf, "minutes.pdf"))
    scan = extract_minutes(ocr_document(degrade.TRANSFORMS["scan200"](pdf), "minutes__scan200.pdf"))
    return clean, scan


def test_scanned_turns_match_clean(read):
    clean, scan = read
    want = [(r["speaker"], r["speaker_group"]) for r in clean.tables["utterances"]]
    got = [(r["speaker"], r["speaker_group"]) for r in scan.tables["utterances"]]
    assert got == want


def test_scanned_meeting_times_match_clean(read):
    clean, scan = read
    want, got = clean.tables["meetings"][0], scan.tables["meetings"][0]
    for col in ("held_on", "start_time", "end_time", "session_no"):
        assert got[col] == want[col], (col, got[col], want[col])
