"""extract.assessment.structure / values / records on a hand-built page: the form's own
numbering gives the SCHEMA.md keys, ＜選択肢＞ the selection's index, marks the checks."""

from __future__ import annotations

from extract.assessment import records
from extract.assessment.rows import document_rows
from extract.assessment.structure import walk
from extract.assessment.values import rows_for
from tests.layout.pages import Sheet, read

XS = [50, 200, 450]


def form_page() -> Sheet:
    """Part I of a 全項目-like form: two subsections, a sub-row, a choice and check boxes."""
    s = Sheet().text(50, 70, "Ⅰ　基本情報", 11).text(50, 95, "１．特定個人情報ファイルを取り扱う事務", 10)
    s.grid(
        XS,
        [105, 135, 165, 195],
        {
            (0, 0): "①事務の名称",
            (0, 1): "国民健康保険に関する事務",
            (1, 0): "②事務の内容",
            (1, 1): "資格の得喪及び保険給付に関する事務",
            (2, 0): "③対象人数",
            (2, 1): "［　３０万人以上　］",
        },
    )
    s.text(203, 190, "＜選択肢＞１）１，０００人未満　２）３０万人以上", 7)
    s.text(50, 225, "２．特定個人情報ファイル名", 10)
    s.grid(
        XS,
        [235, 265, 295],
        {
            (0, 0): "①ファイルの種類",
            (0, 1): "［○］システム用ファイル　［　］その他の電子ファイル",
            (1, 0): "②保管期間",
            (1, 1): "５年",
        },
    )
    s.grid([80, 200, 450], [295, 325], {(0, 0): "その妥当性", (0, 1): "法令の定めによる"})
    s.rule(50, 295, 50, 325).rule(50, 325, 80, 325)  # the item's label column goes on beside the sub-row
    return s


def test_items_are_keyed_by_part_subsection_and_circled_number():
    structure = walk(document_rows(read(form_page())), ())
    assert structure.parts == ["I"]
    assert [(i.key, i.kind) for i in structure.items] == [
        ("I.1.1", "field"),
        ("I.1.2", "field"),
        ("I.1.3", "choice"),
        ("I.2.1", "field"),
        ("I.2.2", "field"),
        ("I.2.2/その妥当性", "field"),
    ]


def test_values_become_fields_choices_and_checks_with_page_and_cell():
    structure = walk(document_rows(read(form_page())), ())
    fields, choices, checks = [], [], []
    for item in structure.items:
        f, c, k, _w = rows_for(item)
        fields += f
        choices += c
        checks += k
    by_key = {f["key"]: f for f in fields}
    assert by_key["I.1.1"]["value"] == "国民健康保険に関する事務"
    assert by_key["I.1.1"]["page"] == 1 and by_key["I.1.1"]["bbox"] == [200.0, 105.0, 450.0, 135.0]
    assert by_key["I.2.2/その妥当性"]["value"] == "法令の定めによる"
    (choice,) = choices
    assert (choice["key"], choice["selected"], choice["selected_index"]) == ("I.1.3", "30万人以上", 2)
    assert (choice["range_min"], choice["range_max"]) == (300000, None)
    assert [(k["key"], k["option"], k["checked"]) for k in checks] == [
        ("I.2.1", "システム用ファイル", True),
        ("I.2.1", "その他の電子ファイル", False),
    ]
    # the field of a check item holds the checked options
    assert by_key["I.2.1"]["value"] == "システム用ファイル"


def test_a_changes_table_becomes_change_records_with_dates_and_timing():
    s = Sheet().text(50, 70, "（別添３）変更箇所", 11)
    s.grid(
        [50, 120, 220, 330, 440, 500, 560],
        [80, 110, 140],
        {
            (0, 0): "変更日",
            (0, 1): "項目",
            (0, 2): "変更前の記載",
            (0, 3): "変更後の記載",
            (0, 4): "提出時期",
            (0, 5): "提出時期に係る説明",
            (1, 0): "令和６年４月１日",
            (1, 1): "Ⅰ－２",
            (1, 2): "旧システム",
            (1, 3): "新システム",
            (1, 4): "事前",
            (1, 5): "重要な変更",
        },
        size=7,
    )
    structure = walk(document_rows(read(s)), ())
    changes, _warnings = records.changes(structure.changes)
    assert [(str(c["changed_on"]), c["item"], c["before"], c["after"], c["timing"]) for c in changes] == [
        ("2024-04-01", "I-2", "旧システム", "新システム", "事前")
    ]
