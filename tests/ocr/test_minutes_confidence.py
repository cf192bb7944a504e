"""OCR'd minutes say how sure each row is: attendees, utterances and meeting_items carry
ocr_confidence, NULL for the text layer's rows and 0–1 for OCR'd ones, and each attendee row
names the page that lists the person.

A real development fixture (tests/fixtures/real/minutes/hidaka_r0202: a `sections` header with
出席委員 and 事務局 lists, `○委員` inline turns) is rendered clean, without ToUnicode (the glyph
map names its glyphs) and scanned at 200 dpi.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.minutes import extract_minutes
from extract.pdf import read_pdf_bytes
from hyokasho.ocr import ocr_document, tesseract_status
from tests.pdfgen import degrade
from tests.pdfgen.real_docs import load_spec, render_spec

pytestmark = [pytest.mark.ocr, pytest.mark.slow]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "minutes" / "hidaka_r0202.json"
TABLES = ("attendees", "utterances", "meeting_items")


@pytest.fixture(scope="module")
def read():
    ok, why = tesseract_status()
    assert ok, f"OCR tests need Tesseract with jpn (scripts/setup.sh installs it): {why}"
    pdf = render_spec(load_spec(FIXTURE))
    clean = extract_minutes(read_pdf_bytes(pdf, "hidaka.pdf"))
    mapped = extract_minutes(ocr_document(degrade.no_tounicode(pdf), "hidaka__no_tounicode.pdf"))
    scanned = extract_minutes(ocr_document(degrade.TRANSFORMS["scan200"](pdf), "hidaka__scan200.pdf"))
    return clean, mapped, scanned


def test_text_layer_rows_have_no_confidence(read):
    clean, _, _ = read
    for table in TABLES:
        rows = clean.tables[table]
        assert rows, table
        assert all(r["ocr_confidence"] is None for r in rows), table


@pytest.mark.parametrize("which", [1, 2], ids=["no_tounicode", "scan200"])
def test_ocr_read_rows_say_how_sure_they_are(read, which):
    got = read[which]
    for table in TABLES:
        rows = [r for r in got.tables[table] if r.get("text", r.get("name", r.get("value"))) is not None]
        assert rows, table
        confs = [r["ocr_confidence"] for r in rows]
        assert all(c is not None and 0.0 <= c <= 1.0 for c in confs), (table, confs)
    # per person, not per list: the names of one 出席委員 list are not all equally sure
    people = [r["ocr_confidence"] for r in got.tables["attendees"]]
    assert len(set(people)) > 1, people


def test_attendees_trace_to_their_page(read):
    clean, mapped, scanned = read
    want = {r["name"]: r["page"] for r in clean.tables["attendees"]}
    assert want and all(p == 1 for p in want.values()), want  # the header is on the first page
    for got in (mapped, scanned):
        pages = {r["name"]: r["page"] for r in got.tables["attendees"] if r["name"] in want}
        assert pages and all(pages[n] == want[n] for n in pages), pages
