"""The reading layer (extract/pdf.py) on real PDFs written with PyMuPDF: what every extractor
builds on — deduplicated characters, lines, ruling segments, fills, image share."""

from __future__ import annotations

import gc

import pymupdf
import pytest

from extract.pdf import Char, PdfError, dedupe_chars, group_lines, join_chars, read_pdf_bytes

JP = "japan"


def _pdf(draw) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    draw(page)
    data = doc.tobytes()
    doc.close()
    return data


def _page(draw):
    return read_pdf_bytes(_pdf(draw), "t.pdf").pages[0]


def _text_each(page, x, y, text, size=11, gap=0.0, font=JP):
    """Every character as its own text object, `gap` points after its advance."""
    f = pymupdf.Font(font)
    for ch in text:
        page.insert_text((x, y), ch, fontname=font, fontsize=size)
        x += f.text_length(ch, fontsize=size) + gap


def test_fake_bold_copies_dropped_real_repeats_kept():
    def draw(page):
        for dx in (0.0, 0.4):  # fake bold: everything printed twice, 0.4 pt apart
            page.insert_text((72 + dx, 100), "(ii) 1100", fontname="helv", fontsize=11)
            page.insert_text((72 + dx, 140), "ここに記載", fontname=JP, fontsize=11)

    p = _page(draw)
    assert p.raw_char_count == 2 * len(p.chars)
    assert [ln.text for ln in p.lines] == ["(ii) 1100", "ここに記載"]


def test_clean_text_not_deduplicated():
    def draw(page):
        page.insert_text((72, 100), "(ii) 1100", fontname="helv", fontsize=11)
        page.insert_text((72, 140), "ここ", fontname=JP, fontsize=11)

    p = _page(draw)
    assert len(p.chars) == p.raw_char_count == len("(ii)1100ここ")
    assert p.text == "(ii) 1100\nここ"


def test_dedupe_keeps_narrow_repeats_and_drops_overprints():
    def c(t, x, w=3.0, y=100.0, size=10.0):
        return Char(t, x, y, x + w, y + size, size, "f")

    # "ii": the second i is 2.8 pt right of the first — less than a third of an em, but not
    # overlapping most of the glyph: a real repeat
    assert len(dedupe_chars([c("i", 10), c("i", 12.8)])) == 2
    assert len(dedupe_chars([c("i", 10), c("i", 10.4)])) == 1
    assert len(dedupe_chars([c("こ", 10, 10), c("こ", 20, 10)])) == 2
    assert len(dedupe_chars([c("こ", 10, 10), c("こ", 10.4, 10), c("こ", 20, 10), c("こ", 20.4, 10)])) == 2
    # a copy in the next row bucket is still a copy; a different character never is
    assert len(dedupe_chars([c("A", 10, y=100.0), c("A", 10.3, y=103.2)])) == 1
    assert len(dedupe_chars([c("A", 10), c("B", 10)])) == 2


def test_spaced_characters_grouped_into_one_line():
    def draw(page):
        _text_each(page, 72, 100, "特定個人情報ファイル", gap=4.0)  # spaced Japanese: no spaces
        _text_each(page, 72, 140, "Name", gap=1.0, font="helv")  # small Latin gaps: one word

    p = _page(draw)
    assert [ln.text for ln in p.lines] == ["特定個人情報ファイル", "Name"]


def test_lines_ordered_top_to_bottom_and_left_to_right():
    def draw(page):
        page.insert_text((72, 300), "三行目", fontname=JP, fontsize=11)
        page.insert_text((300, 100), "右", fontname=JP, fontsize=11)
        page.insert_text((72, 100), "一行目", fontname=JP, fontsize=11)
        page.insert_text((72, 200), "二行目", fontname=JP, fontsize=11)

    p = _page(draw)
    assert [ln.text for ln in p.lines] == ["一行目 右", "二行目", "三行目"]
    tops = [ln.bbox[1] for ln in p.lines]
    assert tops == sorted(tops)


def test_speaker_gap_kept_as_a_space():
    def draw(page):
        page.insert_text((72, 100), "○委員長", fontname=JP, fontsize=11)
        page.insert_text((72 + 4 * 11 + 11, 100), "ただいまから開会します。", fontname=JP, fontsize=11)

    p = _page(draw)
    assert p.text == "○委員長 ただいまから開会します。"


def test_rules_from_lines_and_rectangles():
    def draw(page):
        page.draw_line((50, 60), (400, 60), color=(0, 0, 0), width=0.5)  # `l` item
        page.draw_line((50, 60), (50, 300), color=(0, 0, 0), width=0.5)
        page.draw_rect(pymupdf.Rect(100, 400, 300, 500), color=(0, 0, 0), width=0.5)  # `re`
        page.draw_rect(pymupdf.Rect(50, 600, 400, 600.5), fill=(0, 0, 0), color=None)  # hairline box
        page.draw_line((60, 700), (200, 780), color=(0, 0, 0))  # diagonal: not a rule

    p = _page(draw)
    got = {(round(s.x0, 1), round(s.y0, 1), round(s.x1, 1), round(s.y1, 1)) for s in p.segments}
    assert got == {
        (50, 60, 400, 60),
        (50, 60, 50, 300),
        (100, 400, 300, 400),
        (100, 500, 300, 500),
        (100, 400, 100, 500),
        (300, 400, 300, 500),
        (50, 600.2, 400, 600.2),
    }
    assert sum(s.horizontal for s in p.segments) == 4


def test_filled_grey_label_cell_and_drawn_check_mark_are_fills():
    def draw(page):
        page.draw_rect(pymupdf.Rect(50, 100, 250, 130), fill=(0.8, 0.8, 0.8), color=None)
        page.draw_circle((300, 115), 3, fill=(0, 0, 0), color=None)  # a drawn dot (curves)

    p = _page(draw)
    grey = [f for f in p.fills if f.gray > 0.5]
    assert len(grey) == 1
    g = grey[0]
    assert (round(g.x0), round(g.y0), round(g.x1), round(g.y1)) == (50, 100, 250, 130)
    assert g.gray == pytest.approx(0.8)
    dots = [f for f in p.fills if f.gray < 0.5]
    assert len(dots) == 1 and dots[0].x1 - dots[0].x0 <= 7
    assert p.segments == []


def test_image_only_page_has_image_area():
    def draw(page):
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
        pix.clear_with(200)
        page.insert_image(page.rect, pixmap=pix)

    p = _page(draw)
    assert p.image_area > 0.25
    assert p.chars == [] and p.lines == []
    assert _page(lambda page: page.insert_text((72, 100), "文字", fontname=JP)).image_area == 0.0


def test_invisible_text_is_skipped():
    def draw(page):
        page.insert_text((72, 100), "見える", fontname=JP, fontsize=11)
        page.insert_text((72, 200), "見えない", fontname=JP, fontsize=11, fill_opacity=0)

    assert _page(draw).text == "見える"


def test_group_lines_and_join_on_values():
    def c(t, x, y, size=10.0, w=10.0):
        return Char(t, x, y, x + w, y + size, size, "f")

    chars = [c("b", 15, 100.5, w=5), c("い", 0, 200), c("a", 10, 100, w=5), c("あ", 0, 100)]
    lines = group_lines(chars)
    assert [ln.text for ln in lines] == ["あab", "い"]
    assert lines[0].bbox == (0, 100, 20, 110.5)
    assert join_chars([c("A", 0, 0, w=5), c("B", 8, 0, w=5)]) == "A B"  # 3 pt > a quarter em
    assert join_chars([c("あ", 0, 0), c("い", 15, 0)]) == "あい"  # 5 pt < 0.8 em
    assert join_chars([c("あ", 0, 0), c("い", 20, 0)]) == "あ い"
    assert join_chars([]) == "" and group_lines([]) == []


def test_reading_restores_the_garbage_collector():
    data = _pdf(lambda page: page.insert_text((72, 100), "本文", fontname=JP))
    assert gc.isenabled()
    read_pdf_bytes(data, "t.pdf")
    assert gc.isenabled()
    gc.disable()
    try:
        read_pdf_bytes(data, "t.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(PdfError) as e:
        read_pdf_bytes(b"%PDF-1.7\n garbage", "t.pdf")
    assert e.value.code in ("truncated", "empty", "parser_crash")
    assert gc.isenabled()


def test_same_glyph_of_another_size_on_another_line_is_kept():
    """Dedupe buckets scale with the font size: a 8.8 pt し and a 10.5 pt し 56 pt apart
    vertically fell in neighbouring buckets and one was dropped as an overprint."""
    from extract.pdf import Char, dedupe_chars

    a = Char("し", 245.97, 272.86, 254.77, 281.66, 8.8, "f")
    b = Char("し", 246.0, 329.54, 256.5, 340.04, 10.5, "f")
    copy = Char("し", 246.3, 329.8, 256.8, 340.3, 10.5, "f")
    assert dedupe_chars([a, b, copy]) == [a, b]


def test_extractors_restore_the_garbage_collector():
    """extract_assessment pauses the collector for the whole extraction (gc_paused as a
    decorator); it must come back on, also when the extraction raises."""
    from extract.assessment import extract_assessment

    doc = read_pdf_bytes(_pdf(lambda page: page.insert_text((72, 100), "本文", fontname=JP)), "t.pdf")
    assert gc.isenabled()
    extract_assessment(doc)
    assert gc.isenabled()
    with pytest.raises(AttributeError):
        extract_assessment(None)
    assert gc.isenabled()


def test_reading_does_not_depend_on_what_importing_pymupdf_loads():
    """PyMuPDF 2.0 imports pymupdf4llm and its layout model on `import pymupdf`; pymupdf4llm
    switched quad corrections off as a side effect, and every threshold of the reader was tuned
    with them off. The reader sets that itself and skips the optional imports (an ONNX session
    in every worker): a fresh interpreter shows both."""
    import subprocess
    import sys

    code = (
        "import sys, extract.pdf, pymupdf; "
        "print(pymupdf.TOOLS.unset_quad_corrections(), 'onnxruntime' in sys.modules, "
        "'pymupdf4llm' in sys.modules and sys.modules['pymupdf4llm'] is not None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "False"]


def test_overprint_check_sends_fake_bold_pages_to_the_dedupe_and_spares_clean_ones():
    """may_overprint is only a pre-check: it must say True wherever dedupe_chars would drop
    a character (here: fake bold 0.4 pt apart, and an overprint 2 pt down on another line),
    and False on clean text so that the per-character dedupe is skipped."""
    from extract.pdf import _trace_chars, char_columns, may_overprint

    def bold(page):
        for dx in (0.0, 0.4):
            page.insert_text((72 + dx, 100), "(ii) 1100 ここに記載", fontname=JP, fontsize=11)

    def lower_copy(page):
        page.insert_text((72, 100), "評価書", fontname=JP, fontsize=10.5)
        page.insert_text((72, 200), "評価書の種類", fontname=JP, fontsize=10.5)
        page.insert_text((72.5, 202), "評", fontname=JP, fontsize=10.5)

    def clean(page):
        page.insert_text((72, 100), "ここに記載 (ii) 1100 ｉｉ 〇〇〇", fontname=JP, fontsize=11)
        page.insert_text((72, 140), "ここに記載", fontname=JP, fontsize=11)

    for draw, expect in ((bold, True), (lower_copy, True), (clean, False)):
        with pymupdf.open("pdf", _pdf(draw)) as doc:
            raw = _trace_chars(doc[0])
        assert may_overprint(raw, char_columns(raw)) is expect, draw.__name__
        if not expect:
            assert dedupe_chars(raw) == raw


def test_letter_spacing_of_a_spaced_out_page():
    text = "特定個人情報ファイルの取扱いプロセスにおけるリスク対策"
    spaced = _page(lambda page: _text_each(page, 40, 100, text, gap=4.0))
    tight = _page(lambda page: _text_each(page, 40, 100, text))
    assert spaced.tracking > 0.12
    assert tight.tracking == 0.0


def test_reading_shortcuts_give_the_reference_result():
    """read_page runs the fake-bold dedupe on the overprint candidates only and sorts lines
    with one array sort and a binary search per row: the same characters and lines as the
    dedupe over every character and the plain sort/grouping (lines_in_order)."""
    from extract.pdf import _trace_chars, char_columns, lines_in_order, overprint_candidates

    def draw(page):
        for dx in (0.0, 0.4):  # a fake-bold heading over clean text
            page.insert_text((72 + dx, 80), "第1回 審議会 会議録", fontname=JP, fontsize=16)
        page.insert_text((72, 120), "委員 ここに記載 (ii) 1100 ｉｉ 〇〇〇", fontname=JP, fontsize=11)
        page.insert_text((72, 121.5), "下付き", fontname=JP, fontsize=7)  # a smaller line just below
        page.insert_text((300, 119), "右の列", fontname=JP, fontsize=13)  # another size on the same row
        _text_each(page, 72, 160, "令和5年12月1日", gap=3.0)  # letter-spaced, one object each
        page.insert_text((72.3, 160.2), "令", fontname=JP, fontsize=11)  # one overprinted glyph

    data = _pdf(draw)
    with pymupdf.open("pdf", data) as doc:
        raw = _trace_chars(doc[0])
    page = read_pdf_bytes(data, "t.pdf").pages[0]
    assert overprint_candidates(raw, char_columns(raw)) is not None
    assert page.chars == dedupe_chars(raw) and len(page.chars) < len(raw)
    ref = char_columns(page.chars)
    assert all((a == b).all() for a, b in zip(page.columns, ref))
    ordered = sorted(page.chars, key=lambda c: ((c.y0 + c.y1) / 2, c.x0))
    reference = lines_in_order([(c.y0 + c.y1) / 2 for c in ordered], ordered)
    assert [ln.chars for ln in page.lines] == [ln.chars for ln in reference]
    assert len(page.lines) >= 3
