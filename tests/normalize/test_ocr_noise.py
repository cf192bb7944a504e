import pytest

from normalize.ocr_noise import fix_label_start, fix_marks


@pytest.mark.parametrize("raw,want", [
    ("| 関連情報", "I関連情報"), ("Il しきい値判断項目", "IIしきい値判断項目"), ("川しきい値判断結果", "IIIしきい値判断結果"),
    ("lV リスク対策", "IVリスク対策"), ("IVリスク対策", "IVリスク対策"), ("(①事務の名称", "①事務の名称"),
    ("(② 法令上の根拠)", "②法令上の根拠)"), ("1.対象人数", "1.対象人数"), ("1)基礎項目評価書", "1)基礎項目評価書"),
    ("北九州市", "北九州市"), ("香川県", "香川県"),
])
def test_fix_label_start(raw, want):
    assert fix_label_start(raw) == want


def test_fix_marks():
    assert fix_marks("[O]自己点検 「0」内部監査 [ ]外部監査") == "[○]自己点検 [○]内部監査 [ ]外部監査"
    assert fix_marks("|〇]自己点検") == "[○]自己点検"
    assert fix_marks("[|外部監査") == "[ ]外部監査"
