"""A cell's text lines on a scan: a thin run of ink joins the nearer line, and a misreading
that straddles a line break is still undone.

The real filings are development fixtures (tests/fixtures/real/assessments, `held_out: false`),
rendered, scanned at 200 dpi and OCR'd. Before: 和光市's line `う。` lent the top stroke of its
う to the line above, which then looked like two touching lines and was cut through its glyphs,
the cut-off bottoms read as `ーーーーニーー…`; 内子町's `別表第` / `ーの主務省令` kept its long-vowel
mark because the break hid it from the rule that reads `第ー` as 第一.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from extract.ocr_cells import line_bands
from hyokasho.ocr import ocr_document, tesseract_status
from hyokasho.pipeline import process_file
from tests.pdfgen.real_forms import load_spec, scan
from tests.pdfgen.real_manifest import ASSESSMENTS, entries


def _image(runs: list[tuple[int, int]], height: int = 80) -> np.ndarray:
    img = np.full((height, 200), 255, np.uint8)
    for a, b in runs:
        img[a:b, 10:190] = 0
    return img


def test_a_thin_run_joins_the_nearer_line():
    # a line, the top stroke of the next line's first glyph (thin, nearer the line below), that line
    assert line_bands(_image([(0, 24), (31, 34), (36, 60)])) == [(0, 24), (31, 60)]
    # the tail of a glyph just below its own line joins that line
    assert line_bands(_image([(0, 24), (26, 29), (40, 64)])) == [(0, 29), (40, 64)]


def test_lines_apart_stay_apart():
    assert line_bands(_image([(0, 24), (34, 58)])) == [(0, 24), (34, 58)]


@pytest.fixture(scope="session")
def scanned(tmp_path_factory):
    ok, why = tesseract_status()
    assert ok, f"OCR tests need Tesseract with jpn (scripts/setup.sh installs it): {why}"
    dev = {e["id"] for e in entries("dev")}
    folder = tmp_path_factory.mktemp("cell_lines")
    out = {}
    for i in ("wako_juki_kiso", "uchiko_jidoteate_kiso"):
        assert i in dev, f"{i} is not a development fixture"
        path = folder / f"{i}__scan200.pdf"
        path.write_bytes(scan(load_spec(ASSESSMENTS / f"{i}.json"), 200))
        out[i] = {r["key"]: r["value"] for r in process_file(path, ocr=ocr_document).tables["fields"]}
    return out


@pytest.mark.ocr
@pytest.mark.slow
def test_no_line_is_read_from_the_glyphs_of_its_neighbours(scanned):
    value = scanned["wako_juki_kiso"]["I.1.2"]
    assert "住民基本台帳に記載された特定個人情報に係る事務" in value
    assert not re.search("[ーｰ]{3}", value), value[:200]


@pytest.mark.ocr
@pytest.mark.slow
def test_a_misreading_across_a_line_break_is_undone(scanned):
    assert "別表第一の主務省令" in scanned["uchiko_jidoteate_kiso"]["I.3.法令上の根拠"].replace("\n", "")
