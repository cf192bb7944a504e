"""extract.ocr_marks: check boxes seen in a scanned page's pixels, on PDFs we render and scan."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from extract.ocr_marks import find_boxes
from tests.pdfgen import degrade
from tests.pdfgen.messy import finish

# PyMuPDF's built-in Japanese font sets ASCII brackets and spaces a full em wide, so "[○]"
# here looks like "[ ○ ]" of the forms' fonts
LINES = [  # (text, expected boxes left to right: checked?)
    ("[○] 自己点検　[○] 内部監査　[] 外部監査", [True, True, False]),
    ("［ ］ 委託しない", [False]),
    ("［○］全項目評価又は重点項目評価を実施する", [True]),  # 【 】 (filled, curved) is not recognised yet
    ("国民健康保険 口座 日目 [ 十分である ] 品目", []),  # 口 日 目 are not boxes, a choice is not one
]


def _sheet() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for k, (text, _want) in enumerate(LINES):
        page.insert_text((40, 80 + 40 * k), text, fontname="japan", fontsize=9)
    return finish(doc)


def _line_crops(pdf: bytes) -> list[np.ndarray]:
    with pymupdf.open("pdf", pdf) as doc:
        pix = doc[0].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY, alpha=False)
    gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    z = 300 / 72
    return [
        gray[int((80 + 40 * k - 14) * z) : int((80 + 40 * k + 8) * z), int(30 * z) : int(560 * z)]
        for k in range(len(LINES))
    ]


@pytest.fixture(scope="module")
def sheet() -> bytes:
    return _sheet()


@pytest.mark.parametrize("scan", ["scan200", "scan300", "scan200_bw", "scan150"])
def test_boxes_and_marks_are_seen(sheet, scan):
    crops = _line_crops(degrade.TRANSFORMS[scan](sheet))
    for (text, want), crop in zip(LINES, crops):
        got = [b.checked for b in find_boxes(crop)]
        assert got == want, (scan, text, [(b.x0, b.x1, b.checked, b.ink) for b in find_boxes(crop)])


def test_blank_image_has_no_boxes():
    assert find_boxes(np.full((60, 400), 255, np.uint8)) == []
