import pytest

from normalize.form_labels import labels, snap_label


def test_the_list_holds_form_labels_only():
    assert 40 <= len(labels()) <= 400
    assert "目的外の入手が行われるリスクへの対策は十分か" in labels()
    assert all(len(x) >= 4 and not x[-1].isdigit() for x in labels())
    assert len(set(labels())) == len(labels())


@pytest.mark.parametrize(
    "ocr,printed",
    [
        # what Tesseract and glyph maps voted from it make of the labels (robustness bench)
        ("目的外の入手がが行わるリスクへの対策は十分か", "目的外の入手が行われるリスクへの対策は十分か"),
        (
            "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用さわるリスクへの対策は十分か",
            "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスクへの対策は十分か",
        ),
        (
            "目を超え的た紐付け、事務に必要な情報との紐付けが行われるリスクへの対策は十分か",
            "目的を超えた紐付け、事務に必要な情報との紐付けが行われるリスクへの対策は十分か",
        ),
        ("判の断根拠", "判断の根拠"),
    ],
)
def test_misread_label_snaps_to_the_printed_one(ocr, printed):
    assert snap_label(ocr) == printed


@pytest.mark.parametrize(
    "text",
    [
        "目的外の入手が行われるリスクへの対策は十分か",  # already printed
        "委託事項7",
        "リスク2",  # block names: one digit apart from each other
        "北九州市長",
        "中交外の入手が行われるりスクへの対",  # not a label / too garbled to be sure
        "",
        "abc",
    ],
)
def test_left_alone(text):
    assert snap_label(text) == text


def test_the_list_is_derived_from_the_form_definitions():
    """normalize/data/form_labels.txt is what scripts/make_form_labels.py derives from
    models/forms/*.json: rerun the script after editing a form definition."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "make_form_labels.py"
    spec = importlib.util.spec_from_file_location("make_form_labels", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.OUT.read_text(encoding="utf-8") == mod.render()
    # labels of every form: 様式3's Ⅲ8 監査 items and 様式2's 令和6年10月 additions included
    for label in (
        "人為的ミスが発生するリスクへの対策は十分か",
        "当該対策は十分か【再掲】",
        "委託先名の確認方法",
        "再委託先による特定個人情報ファイルの適切な取扱いの確保",
    ):
        assert label in labels()
