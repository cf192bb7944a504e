"""extract.glyph_verify and extract.glyph_shapes: words and shapes overrule OCR's consistent
misreadings of glyphs of fonts without ToUnicode.

The PDFs are generated here (MuPDF's Droid Sans Fallback, ToUnicode removed by
tests.pdfgen.degrade); the OCR is a stand-in that reads the clean file's words with the
misreadings Tesseract makes on real filings (賦 → 虐, ④ → 9, ● → *), because Tesseract makes
them only sometimes and the test must not depend on which.
"""

from __future__ import annotations

import dataclasses

import pymupdf
import pytest

from extract import glyph_map as gm
from extract.glyph_map import OcrWord
from extract.glyph_shapes import find_fonts, glyph_picture, similarity
from extract.settings import DEFAULT, using
from tests.pdfgen import degrade

LINES = [
    "固定資産税の賦課に関する事務",
    "賦課期日は一月一日",
    "④保護の停止又は廃止に関する事務",
    "●住民票の写しの交付等",
    "賦課額の決定",
]
MISREAD = str.maketrans({"賦": "虐", "④": "9", "●": "*"})


def _clean_pdf(lines=LINES) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = pymupdf.Font("japan")
    tw = pymupdf.TextWriter(page.rect)
    for i, text in enumerate(lines):
        tw.append((72, 100 + 30 * i), text, font=font, fontsize=11)
    tw.write_text(page)
    return doc.tobytes(garbage=3, deflate=True)


def _ocr(clean: bytes, table=None):
    """OCR words of a page: the clean file's words, misread through `table`."""

    def words(page: pymupdf.Page) -> list[OcrWord]:
        with pymupdf.open("pdf", clean) as d:
            found = d[page.number].get_text("words")
        return [OcrWord(w[4].translate(table or {}), w[0], w[1], w[2], w[3], 90.0) for w in found]

    return words


def _text(result) -> str:
    return "".join(c.text for c in result.pages[1].chars)


def test_consistent_misreadings_are_renamed_by_words_and_shapes():
    clean = _clean_pdf()
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, MISREAD))
    assert result.renamed == 3
    assert "3 renamed by the words around them and their shape" in result.warning
    assert _text(result) == "".join(LINES)
    # a renamed glyph's confidence is its shape's likeness, not OCR's (wrong) certainty
    conf = {c.text: c.conf for c in result.pages[1].chars}
    assert 0.6 <= conf["賦"] < 1.0 and 0.6 <= conf["④"] < 1.0


def test_right_names_are_left_alone():
    clean = _clean_pdf(LINES + ["住民等の交付等", "Ａ地区", "1.中間サーバ"])
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean))
    assert result.renamed == 0
    assert _text(result) == "".join(LINES) + "住民等の交付等Ａ地区1.中間サーバ"


def test_the_thresholds_are_settings():
    clean = _clean_pdf()
    bad = degrade.no_tounicode(clean)
    strict = dataclasses.replace(DEFAULT, glyph_verify=dataclasses.replace(DEFAULT.glyph_verify, min_similarity=1.01))
    with using(strict):
        result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, MISREAD))
    assert result.renamed == 0
    assert "虐課" in _text(result)


@pytest.mark.parametrize("ch,others", [("賦", "虐農貝"), ("窮", "究穿"), ("④", "9@③"), ("●", "*○■")])
def test_a_glyph_looks_most_like_its_own_character(ch, others):
    clean = _clean_pdf([ch])
    fonts = find_fonts(DEFAULT.glyph_verify.fonts)
    with pymupdf.open("pdf", clean) as d:
        c = d[0].get_texttrace()[0]["chars"][0]
        picture = glyph_picture(d[0], c[3], 11, 300, DEFAULT.glyph_verify.grid)
    assert picture is not None
    gv = DEFAULT.glyph_verify
    own = similarity(picture, ch, fonts, gv.grid, gv.max_extent_ratio)
    assert own >= 0.6
    assert all(own - similarity(picture, o, fonts, gv.grid, gv.max_extent_ratio) >= 0.2 for o in others)


def test_reference_fonts_fall_back_to_mupdfs_own(caplog):
    with caplog.at_level("WARNING", logger="extract.glyph_shapes"):
        assert find_fonts("no-such-font-for-this-test.ttf") == ("japan",)
    assert "no-such-font-for-this-test.ttf" in caplog.text  # said, not silent
    assert all(f == "japan" or f.endswith((".ttf", ".otf", ".ttc")) for f in find_fonts(DEFAULT.glyph_verify.fonts))


def test_a_misread_letter_frees_its_name_for_the_glyph_that_prints_it():
    # Tesseract read komae's `d` as `p` and its `p` as `B` (狛江市's minutes without ToUnicode):
    # the `d` glyph must give up `p` before the `p` glyph can take it
    lines = ["pdf update", "dpi"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"d": "p", "p": "B"})))
    assert _text(result) == "".join(lines).replace(" ", "")  # spaces are no glyphs
    assert result.renamed == 2


def test_a_small_dot_is_not_a_big_one():
    # the pictures are squared to the ink: without the ink's extent, ・ unnamed would be ● (0.96 alike)
    lines = ["日用品・文房具等", "食料品・日用品"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"・": None})))
    assert "●" not in _text(result)


def test_a_misreading_that_makes_a_word_is_caught_by_its_shape():
    # Tesseract read 狛江市's 鈴 as 笛 every time: 笛木 is a surname too, so the words raise no
    # doubt, but the glyph looks little like 笛 (0.2) and much like 鈴 (0.7)
    lines = ["委員 鈴木 弘貴", "鈴木委員からの質問", "鈴木課長が説明した"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"鈴": "笛"})))
    assert _text(result) == "".join(lines).replace(" ", "")
    assert result.renamed == 1


def test_a_variant_form_of_a_name_is_kept():
    # OCR names 淺 and 舩 by their common forms 浅 and 船; the shapes say which form is printed
    lines = ["湯淺 墾道", "舩津主任", "浅野課長"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"淺": "浅", "舩": "船"})))
    assert _text(result) == "".join(lines).replace(" ", "")


def test_the_doubt_threshold_is_a_setting():
    lines = ["委員 鈴木 弘貴", "鈴木委員からの質問"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    trusting = dataclasses.replace(
        DEFAULT, glyph_verify=dataclasses.replace(DEFAULT.glyph_verify, doubt_similarity=0.0)
    )
    with using(trusting):
        result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"鈴": "笛"})))
    assert "笛木" in _text(result)


def test_names_shifted_by_one_glyph_are_given_back():
    # OCR's words aligned one glyph off (春日井市's 第三者点検 without ToUnicode): the glyph of 者 is
    # named 三, that of 点 is named 者, that of 検 is named 点, on every line
    lines = ["第三者点検について", "出席者", "傍聴者", "点検の結果", "点数"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"者": "三", "点": "者", "検": "点"})))
    text = _text(result)
    truth = "".join(lines)
    assert "出席者" in text and "傍聴者" in text and "点数" in text
    # no glyph keeps a wrong name: a glyph whose name was taken and none found is unknown (U+FFFD)
    assert len(text) == len(truth) and all(a == b or a == "\ufffd" for a, b in zip(text, truth))


def test_many_references_at_once_are_the_same_as_one_at_a_time():
    # the references are drawn 256 to a page and compared in one matrix product
    from extract.glyph_shapes import similarities

    clean = _clean_pdf(["賦"])
    gv = DEFAULT.glyph_verify
    fonts = find_fonts(gv.fonts)
    with pymupdf.open("pdf", clean) as d:
        c = d[0].get_texttrace()[0]["chars"][0]
        picture = glyph_picture(d[0], c[3], 11, 300, gv.grid)
    assert picture is not None
    chars = tuple("賦虐農貝・●ー一あア①") + ("\U000f0000",)  # (a private-use point no font draws)
    many = similarities(picture, chars, fonts, gv.grid, gv.max_extent_ratio)
    one = [similarity(picture, ch, fonts, gv.grid, gv.max_extent_ratio) for ch in chars]
    assert many == pytest.approx(one, abs=2e-3)  # (the matrix is float16)
    assert many[0] == max(many) and many[-1] == 0.0


def test_letters_and_signs_read_as_a_digit_another_glyph_prints_are_renamed():
    # Tesseract read 内子町's `ID` as `1D` and `様式2]` as `様式21`: three glyphs of one font named
    # 1, of which a subset font can hold only one; the glyph printed most often keeps the name
    lines = ["1.中間サーバ", "1.住民基本台帳", "10月1日", "ID連携", "[様式2]"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"I": "1", "]": "1"})))
    assert _text(result) == "".join(lines)


def test_a_digit_printed_once_in_two_widths_is_no_contest():
    # a half-width 1 and a full-width １ are two characters (OCR names both `1`): neither is renamed
    lines = ["1.中間サーバ", "１．住民基本台帳"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"１": "1", "．": "."})))
    assert result.renamed == 0
    assert _text(result) == "".join(lines)


def test_a_chinese_form_glyph_is_named_by_its_shape():
    # Droid Sans Fallback (a font PDFs made without MS fonts embed) draws 与 in its Chinese form,
    # which the IPA references do not: OCR read it as 所 (剣町) and 匂 (鹿沼市); Droid is a reference
    lines = ["家庭の生活の安定に寄与する", "権利利益に影響を与え得る", "与える影響"]
    clean = _clean_pdf(lines)
    bad = degrade.no_tounicode(clean)
    result = gm.map_glyphs(bad, "generated.pdf", {1}, _ocr(clean, str.maketrans({"与": "所"})))
    assert _text(result) == "".join(lines)
