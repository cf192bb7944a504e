"""extract.assessment.cells: one page → rows of ruled cells, with exact boxes and texts."""

from __future__ import annotations

from extract.assessment.cells import line_text, page_rows
from extract.pdf import Char
from tests.layout.pages import Sheet, read


def cells_of(sheet: Sheet) -> list[list[tuple[list[float], str]]]:
    return [[(c.bbox, c.text) for c in r.cells] for r in page_rows(read(sheet).pages[0])]


def test_a_ruled_grid_gives_one_row_per_band_and_one_cell_per_column():
    sheet = Sheet().grid(
        [50, 150, 400],
        [100, 130, 160],
        {(0, 0): "①事務の名称", (0, 1): "国民健康保険に関する事務", (1, 0): "②事務の内容", (1, 1): "資格の得喪"},
    )
    assert cells_of(sheet) == [
        [([50.0, 100.0, 150.0, 130.0], "①事務の名称"), ([150.0, 100.0, 400.0, 130.0], "国民健康保険に関する事務")],
        [([50.0, 130.0, 150.0, 160.0], "②事務の内容"), ([150.0, 130.0, 400.0, 160.0], "資格の得喪")],
    ]


def test_a_cell_without_its_top_rule_continues_the_cell_above():
    # the label spans two bands (rowspan): the second band's row holds only its own value cell
    sheet = Sheet().grid(
        [50, 150, 400],
        [100, 130, 160],
        {(0, 0): "⑥委託先名", (0, 1): "株式会社A", (1, 1): "株式会社B"},
        skip_h={(1, 0)},
    )
    rows = page_rows(read(sheet).pages[0])
    assert [[(c.bbox, c.text) for c in r.cells] for r in rows] == [
        [([50.0, 100.0, 150.0, 160.0], "⑥委託先名"), ([150.0, 100.0, 400.0, 130.0], "株式会社A")],
        [([150.0, 130.0, 400.0, 160.0], "株式会社B")],
    ]
    assert [r.table for r in rows] == [(50.0, 400.0), (50.0, 400.0)]


def test_text_outside_the_grid_is_a_free_row_in_reading_order():
    sheet = Sheet().grid([50, 150, 400], [100, 130], {(0, 0): "①事務の名称", (0, 1): "値"})
    sheet.text(50, 80, "Ⅰ 基本情報", 10).text(50, 200, "(備考)表の外の注記", 9)
    rows = page_rows(read(sheet).pages[0])
    assert [(r.free, r.cells[0].text) for r in rows] == [
        (True, "Ⅰ 基本情報"),
        (False, "①事務の名称"),
        (True, "(備考)表の外の注記"),
    ]
    assert rows[0].table is None


def test_a_glyph_overflowing_the_outer_border_belongs_to_the_edge_cell():
    # the value runs 3 pt past the table's right rule: still that cell's text, not free text
    sheet = Sheet().grid([50, 150, 250], [100, 130], {(0, 0): "①名称"})
    sheet.text(160, 115, "ＡＢＣＤＥＦＧＨＩＪ", 9)  # ten full-width glyphs, 9 pt each: to x = 250
    sheet.text(250, 115, "Ｋ", 9)  # centred 4.5 pt beyond the border
    rows = page_rows(read(sheet).pages[0])
    assert len(rows) == 1 and rows[0].cells[1].text == "ＡＢＣＤＥＦＧＨＩＪＫ"


def test_a_drawn_square_is_a_check_box_and_a_dark_fill_inside_it_checks_it():
    sheet = Sheet().grid([50, 150, 400], [100, 130], {(0, 0): "種別"})
    for x, on in ((160, True), (260, False)):  # two 8-pt squares drawn with four strokes each
        sheet.rule(x, 110, x + 8, 110).rule(x, 118, x + 8, 118).rule(x, 110, x, 118).rule(x + 8, 110, x + 8, 118)
        if on:
            sheet.fill(x + 2, 112, x + 6, 116)
    sheet.text(171, 117, "システム用ファイル", 9).text(271, 117, "その他", 9)
    rows = page_rows(read(sheet).pages[0])
    assert rows[0].cells[1].text == "■システム用ファイル □その他"
    # the box strokes are marks, not rules: the row keeps its two cells
    assert len(rows) == 1 and len(rows[0].cells) == 2


def test_an_unruled_table_gets_its_columns_from_the_text():
    sheet = Sheet()
    for k, (label, value) in enumerate(
        [
            ("①事務の名称", "国民健康保険に関する事務"),
            ("②事務の内容", "資格の得喪に関する事務"),
            ("③対象人数", "３０万人以上"),
        ]
    ):
        sheet.text(50, 110 + 30 * k, label, 9).text(200, 110 + 30 * k, value, 9)
    rows = page_rows(read(sheet).pages[0])
    assert [[c.text for c in r.cells] for r in rows] == [
        ["①事務の名称", "国民健康保険に関する事務"],
        ["②事務の内容", "資格の得喪に関する事務"],
        ["③対象人数", "３０万人以上"],
    ]


def _c(text: str, x0: float, size: float = 10.0) -> Char:
    return Char(text, x0, 100.0, x0 + size, 110.0, size, "F")


def test_line_text_takes_the_tracking_out_of_every_gap():
    # letter-spaced digits: 10 pt glyphs with 5 pt (0.5 em) gaps; a markedly larger gap stays a space
    chars = [_c("1", 0), _c("0", 15), _c("人", 30), _c("以", 60), _c("上", 75)]
    assert line_text(chars, tracking=0.5) == "10人 以上"
    assert line_text(chars[:3]) == "1 0人"  # without the tracking the digits gap reads as a space
