from __future__ import annotations

import pytest

from tests.queries.factory import assessment, query

BANDS = ["1,000人未満(任意実施)", "1,000人以上1万人未満", "1万人以上10万人未満", "10万人以上30万人未満", "30万人以上"]
MINS = [0, 1000, 10000, 100000, 300000]
K_N = "II.1.評価対象の事務の対象人数は何人か"
K_H = "II.2.特定個人情報ファイル取扱者数は500人以上か"
K_I = "II.3.過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか"


def kiso_answers(
    band: int | None, handlers_500: bool | None, incident: bool | None, with_range: bool = True
) -> list[dict]:
    rows = []
    if band is not None:
        rows.append(
            {
                "key": K_N,
                "selected": BANDS[band],
                "selected_index": band + 1,
                "options": BANDS,
                "range_min": MINS[band] if with_range else None,
                "range_max": (MINS + [None])[band + 1] if with_range else None,
            }
        )
    if handlers_500 is not None:
        rows.append(
            {
                "key": K_H,
                "selected": "500人以上" if handlers_500 else "500人未満",
                "range_min": 500 if handlers_500 else 0,
                "range_max": None if handlers_500 else 500,
            }
        )
    if incident is not None:
        rows.append({"key": K_I, "selected": "発生あり" if incident else "発生なし"})
    return rows


def body(n: int, forms: list[str], band, handlers, incident, stated: str | None = None, with_range=True):
    """A municipality n filing `forms` for one 事務, with its 基礎項目評価書 answers."""
    where = dict(code=f"40{n:04d}", name=f"市{n}", pref="福岡県", jimu="国民健康保険に関する事務")
    docs = []
    for t in forms:
        extra = {}
        if t == "kiso":
            extra["choices"] = kiso_answers(band, handlers, incident, with_range)
            if stated:
                extra["fields"] = [{"key": "III.しきい値判断結果", "value": stated}]
        docs.append(assessment(f"d{n}-{t}", t, **where, **extra))
    return docs


ZEN = "基礎項目評価及び全項目評価の実施が義務付けられる"
JUTEN = "基礎項目評価及び重点項目評価の実施が義務付けられる"
KISO = "基礎項目評価の実施が義務付けられる"


@pytest.fixture
def rows(dataset):
    docs = (
        body(1, ["kiso", "zenkomoku"], 4, False, False, ZEN)  # 30万+ → 全項目: match, stated right
        + body(2, ["kiso"], 3, False, False, JUTEN)  # 10–30万 → 重点 required, only 基礎 filed
        + body(3, ["kiso", "juten"], 2, True, False, JUTEN)  # 1–10万 + 500人以上 → 重点: match
        + body(4, ["kiso", "zenkomoku"], 2, False, False, KISO)  # 1–10万 plain → 基礎; 全項目 is voluntary
        + body(5, ["zenkomoku"], None, None, None)  # no 基礎項目評価書 at all
        + body(6, ["kiso"], 3, None, False)  # 取扱者数 unread → cannot decide
        + body(7, ["kiso"], 1, False, False, KISO, with_range=False)  # band read from the label only
        + body(8, ["kiso", "juten"], 3, False, True, JUTEN)  # 10–30万 + 重大事故 → 全項目; stated wrong
        + body(9, ["kiso"], 0, False, False)
    )  # < 1,000: not required, 基礎 voluntary
    return {r["municipality_name"]: r for r in query(dataset(docs), "threshold_consistency")}


@pytest.mark.parametrize(
    "muni, forms, required, verdict, stated_agrees",
    [
        ("市1", "kiso+zenkomoku", 3, "match", True),
        ("市2", "kiso", 2, "less_than_required", True),
        ("市3", "kiso+juten", 2, "match", True),
        ("市4", "kiso+zenkomoku", 1, "more_than_required", True),
        ("市5", "zenkomoku", None, "no_kiso", None),
        ("市6", "kiso", None, "unknown", None),
        ("市7", "kiso", 1, "match", True),
        ("市8", "kiso+juten", 3, "less_than_required", False),
        ("市9", "kiso", 0, "match", None),
    ],
)
def test_verdicts(rows, muni, forms, required, verdict, stated_agrees):
    r = rows[muni]
    assert (r["forms_filed"], r["required_level"], r["verdict"], r["stated_agrees"]) == (
        forms,
        required,
        verdict,
        stated_agrees,
    )


def test_inputs_are_reported(rows):
    r = rows["市8"]
    assert (r["target_min"], r["handlers_500"], r["serious_incident"], r["required"], r["stated_level"]) == (
        100000,
        False,
        True,
        "kiso+zenkomoku",
        2,
    )
    assert rows["市7"]["target_min"] == 1000


def test_findings_sort_first(rows, dataset):
    order = [r["verdict"] for r in rows.values()]
    assert order.index("match") > order.index("less_than_required")
