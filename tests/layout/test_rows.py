"""extract.assessment.loose and extract.assessment.rows: unruled text inside a table, page
furniture, and rows that a page break split — on hand-built pages."""

from __future__ import annotations

from extract.assessment.cells import page_rows
from extract.assessment.loose import attach_loose
from extract.assessment.rows import document_rows
from tests.layout.pages import Sheet, read

# a form-like label column (over 30% of the table width, as the official forms print it): the
# heuristics that tell a label from a value measure against that share
XS = [50, 200, 450]


def texts(rows) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in rows]


def test_unruled_text_between_two_rows_of_a_table_becomes_one_row_in_its_columns():
    sheet = Sheet().grid(XS, [100, 130], {(0, 0): "⑥委託先名", (0, 1): "株式会社A"})
    sheet.text(53, 150, "⑦再委託の有無", 9).text(203, 150, "再委託する", 9).text(203, 162, "（書面で承諾）", 9)
    sheet.grid(XS, [180, 210], {(0, 0): "⑧再委託事項", (0, 1): "保守"})
    per_page = [page_rows(read(sheet).pages[0])]
    assert [r.free for r in per_page[0]] == [False, True, False]
    attach_loose(per_page)
    rows = per_page[0]
    assert texts(rows) == [
        ["⑥委託先名", "株式会社A"],
        ["⑦再委託の有無", "再委託する\n（書面で承諾）"],
        ["⑧再委託事項", "保守"],
    ]
    loose = rows[1]
    assert loose.loose and loose.table == (50.0, 450.0)
    # the loose cells take the table's column edges, not the text's own extent
    assert [c.x0 for c in loose.cells] == [50.0, 200.0]


def test_a_heading_between_two_tables_stays_free_text():
    sheet = Sheet().grid(XS, [100, 130], {(0, 0): "①事務の名称", (0, 1): "値"})
    sheet.text(50, 152, "２．特定個人情報ファイルの概要", 10)
    sheet.grid(XS, [170, 200], {(0, 0): "①ファイルの種類", (0, 1): "システム用ファイル"})
    per_page = [page_rows(read(sheet).pages[0])]
    attach_loose(per_page)
    assert [(r.free, r.loose) for r in per_page[0]] == [(False, False), (True, False), (False, False)]
    assert per_page[0][1].cells[0].text == "２．特定個人情報ファイルの概要"


def test_page_numbers_and_running_titles_are_dropped_and_a_split_row_is_joined():
    p1 = Sheet().grid(
        XS, [100, 130, 800], {(0, 0): "④記録される項目", (0, 1): "個人番号", (1, 0): "⑤保管場所", (1, 1): "サーバ室に"}
    )
    p2 = Sheet().grid(XS, [60, 90, 120], {(0, 1): "設置している", (1, 0): "⑥保管期間", (1, 1): "５年"})
    p3 = Sheet().grid(XS, [60, 90], {(0, 0): "⑦消去方法", (0, 1): "上書き"})
    for n, p in enumerate((p1, p2, p3), 1):
        p.text(280, 830, f"{n} / 3", 8)  # page number at the foot
        p.text(50, 30, "国民健康保険に関する事務", 8)  # a running title on every page
    rows = document_rows(read(p1, p2, p3))
    # the label-less half on page 2 joins its row on page 1; no footer or title row is left
    assert texts(rows) == [
        ["④記録される項目", "個人番号"],
        ["⑤保管場所", "サーバ室に\n設置している"],
        ["⑥保管期間", "５年"],
        ["⑦消去方法", "上書き"],
    ]
    assert [r.page for r in rows] == [1, 1, 2, 3]


def test_a_title_on_only_two_pages_is_content_not_furniture():
    # furniture must repeat on at least 3 pages (or half of them): a two-page document keeps it
    p1 = Sheet().grid(XS, [100, 130], {(0, 0): "①事務の名称", (0, 1): "値"}).text(50, 30, "見出し", 8)
    p2 = Sheet().grid(XS, [100, 130], {(0, 0): "②事務の内容", (0, 1): "値"}).text(50, 30, "見出し", 8)
    assert [r.cells[0].text for r in document_rows(read(p1, p2)) if r.free] == ["見出し", "見出し"]


def test_an_unruled_continuation_at_the_top_of_the_next_page_joins_the_row_above():
    p1 = Sheet().grid(
        XS, [700, 730, 800], {(0, 0): "①事務の名称", (0, 1): "値", (1, 0): "②事務の内容", (1, 1): "資格の得喪、"}
    )
    p2 = Sheet()
    p2.text(203, 70, "保険料の賦課及び給付に関する事務", 9)  # the value goes on, no rules around it
    p2.grid(XS, [100, 130], {(0, 0): "③対象人数", (0, 1): "３０万人以上"})
    rows = document_rows(read(p1, p2))
    assert texts(rows) == [
        ["①事務の名称", "値"],
        ["②事務の内容", "資格の得喪、\n保険料の賦課及び給付に関する事務"],
        ["③対象人数", "３０万人以上"],
    ]
