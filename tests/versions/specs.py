"""Generated versions of one fictional body's assessments, with the changes between them known.

架空市 re-publishes its 国民健康保険 基礎項目評価書 twice (v1 → v2 → v3) and its 全項目評価書 once
(z1 → z2). Each newer version's 変更箇所 declares some of its changes and not others; EXPECTED
says which, so tests can check both the diff and the "not declared" answer.
"""

from __future__ import annotations

from tests.pdfgen.fictional import fictional_body

BODY = fictional_body()
OLD_CHANGE = {
    "date": "2016-04-01",
    "item": "Ⅱしきい値判断項目",
    "before": "1,000人以上1万人未満",
    "after": "1万人以上10万人未満",
    "timing": "事前",
    "note": "",
}
THIRD_SYSTEM = {
    "name": "団体内統合宛名システム",
    "functions": "1 宛名管理機能",
    "links": ["庁内連携システム"],
    "other": None,
}

KISO = {
    "v1": dict(BODY, published_on="2023-04-01", population=3, count_date="2023-03-31", changes=[OLD_CHANGE]),
    "v2": dict(
        BODY,
        published_on="2024-04-01",
        population=4,
        count_date="2024-03-31",
        department="架空市市民局保険年金課",
        chief="保険年金担当課長",
        systems="+third",
        changes=[
            OLD_CHANGE,
            {
                "date": "2024-03-01",
                "item": "Ⅱしきい値判断項目",
                "before": "1万人以上10万人未満",
                "after": "10万人以上30万人未満",
                "timing": "事前",
                "note": "",
            },
            {
                "date": "2024-03-01",
                "item": "Ⅰ-5-①部署",
                "before": "架空市保健福祉局保険年金課",
                "after": "架空市市民局保険年金課",
                "timing": "事後",
                "note": "組織改正",
            },
        ],
    ),
}
KISO["v3"] = dict(
    KISO["v2"],
    published_on="2025-04-01",
    department="架空市市民局医療保険課",
    changes=KISO["v2"]["changes"]
    + [
        {
            "date": "2025-03-01",
            "item": "Ⅰ-5-①部署",
            "before": "架空市市民局保険年金課",
            "after": "架空市市民局医療保険課",
            "timing": "事後",
            "note": "組織改正",
        }
    ],
)

# what v1 → v2 changes, and which of those its 変更箇所 does not declare
EXPECTED_V1_V2 = {
    "cover.公表日",
    "I.1.3",
    "I.5.1",
    "I.5.2",
    "II.1.評価対象の事務の対象人数は何人か",
    "II.1.いつ時点の計数か",
    "II.2.いつ時点の計数か",
    "III.しきい値判断結果",
    "IV.1.提出する特定個人情報保護評価書の種類",
}
UNDECLARED_V1_V2 = {"I.1.3", "I.5.2", "III.しきい値判断結果", "IV.1.提出する特定個人情報保護評価書の種類"}

NEW_ENTRUSTMENT = {
    "title": "収納業務",
    "content": "保険料の収納業務",
    "scope": 2,
    "handlers": 1,
    "contractor": "架空データサービス株式会社",
    "subcontract": True,
    "subcontract_items": "印刷業務",
}
ZEN = {
    "z1": dict(BODY, published_on="2023-04-01", population=5, changes=[OLD_CHANGE]),
    "z2": dict(
        BODY,
        published_on="2024-04-01",
        population=5,
        systems="+third",
        entrustments="+new",
        changes=[
            OLD_CHANGE,
            {
                "date": "2024-03-01",
                "item": "Ⅰ-2 システム3",
                "before": "",
                "after": "団体内統合宛名システム",
                "timing": "事前",
                "note": "",
            },
        ],
    ),
}


def spec(version: dict) -> dict:
    """The generator's spec: '+third' / '+new' add the block to the default lists."""
    from tests.pdfgen.forms_assessment import default_spec

    s = dict(version)
    base = default_spec()
    if s.get("systems") == "+third":
        s["systems"] = base["systems"] + [THIRD_SYSTEM]
    if s.get("entrustments") == "+new":
        s["entrustments"] = base["entrustments"] + [NEW_ENTRUSTMENT]
    return s
