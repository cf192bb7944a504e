"""OCR'd label cells aligned to the form's printed label sequence (extract.skeleton).

Development real-text filings (tests/fixtures/real/assessments, `held_out: false` only) are
rendered, scanned at 200 dpi (the issue's target resolution) and OCR'd; the labels OCR garbles
there (Ⅰ read as `1`, ① as ⑦, 宣言 as 宣吉) must come back as the form prints them, each
reading a warning, and the keys under them must be the clean rendering's keys.
"""

from __future__ import annotations

import pytest

from extract.skeleton import align, key_text
from hyokasho.ocr import ocr_document, tesseract_status
from hyokasho.pipeline import process_file
from models import forms
from tests.pdfgen.real_forms import load_spec, render_spec, scan
from tests.pdfgen.real_manifest import ASSESSMENTS, entries

IDS = ("wako_juki_kiso", "tsurugi_jidoteate_kiso")


@pytest.fixture(scope="session")
def scanned(tmp_path_factory):
    ok, why = tesseract_status()
    assert ok, f"OCR tests need Tesseract with jpn (scripts/setup.sh installs it): {why}"
    dev = {e["id"] for e in entries("dev")}
    out = {}
    folder = tmp_path_factory.mktemp("skeleton")
    for i in IDS:
        assert i in dev, f"{i} is not a development fixture"
        spec = load_spec(ASSESSMENTS / f"{i}.json")
        clean, img = folder / f"{i}.pdf", folder / f"{i}__scan200.pdf"
        clean.write_bytes(render_spec(spec))
        img.write_bytes(scan(spec, 200))
        out[i] = (process_file(clean), process_file(img, ocr=ocr_document))
    return out


def test_align_keeps_order_and_skips_values():
    """A garbled sequence with values between the labels: every label found in order, the
    values unmatched, and a label that would fit an earlier place is not pulled back."""
    printed = [key_text(t) for _k, t in forms.printed_labels("kiso", "平成26年4月")]
    ocr = [
        "評価書番号",
        "評価書名",
        "1",
        "和光市住民基本台帳関係事務基礎項目評価書",
        "個人のプライバシー等の権利利益の保護の宣吉",
        "特記事項",
        "評価実施機関名",
        "和光市長",
        "公表日",
        "1関連情報",
        "1.特定個人情報ファイルを取り扱う事務",
        "⑦事務の名称",
        "住民基本台帳法関係事務",
        "ゆ事務の概要",
    ]
    got = {i: printed[j] for i, j, _s in align([key_text(t) for t in ocr], printed)}
    assert got[4] == key_text("個人のプライバシー等の権利利益の保護の宣言")
    assert got[9] == key_text("Ⅰ 関連情報")
    assert got[11] == "①事務の名称" and got[13] == "②事務の概要"
    assert 2 not in got and 3 not in got and 7 not in got and 12 not in got


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize("fixture", IDS)
def test_scan_keys_come_back(scanned, fixture):
    clean, img = scanned[fixture]
    want = {r["key"] for r in clean.tables["fields"]}
    got = {r["key"] for r in img.tables["fields"]}
    for key in ("cover.宣言", "I.1.1", "I.1.2"):
        assert key in want and key in got, (key, sorted(got))
    readings = [w for w in img.document["warnings"] if "aligned to the form's label sequence" in w]
    assert readings, img.document["warnings"]
    assert not got - want, sorted(got - want)
