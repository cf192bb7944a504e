import pytest

from normalize.form_labels import labels, snap_label


def test_the_list_holds_form_labels_only():
    assert 40 <= len(labels()) <= 400
    assert "目的外の入手が行われるリスクへの対策は十分か" in labels()
    assert all(len(x) >= 4 and not x[-1].isdigit() for x in labels())
    assert len(set(labels())) == len(labels())


@pytest.mark.parametrize("ocr,printed", [
    # what Tesseract and glyph maps voted from it make of the labels (robustness bench)
    ("目的外の入手がが行わるリスクへの対策は十分か", "目的外の入手が行われるリスクへの対策は十分か"),
    ("権限のない者(元職員、アクセス権限のない職員等)によって不正に使用さわるリスクへの対策は十分か",
     "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスクへの対策は十分か"),
    ("目を超え的た紐付け、事務に必要な情報との紐付けが行われるリスクへの対策は十分か",
     "目的を超えた紐付け、事務に必要な情報との紐付けが行われるリスクへの対策は十分か"),
    ("判の断根拠", "判断の根拠"),
])
def test_misread_label_snaps_to_the_printed_one(ocr, printed):
    assert snap_label(ocr) == printed


@pytest.mark.parametrize("text", [
    "目的外の入手が行われるリスクへの対策は十分か",  # already printed
    "委託事項7", "リスク2",  # block names: one digit apart from each other
    "北九州市長", "中交外の入手が行われるりスクへの対",  # not a label / too garbled to be sure
    "", "abc",
])
def test_left_alone(text):
    assert snap_label(text) == text
