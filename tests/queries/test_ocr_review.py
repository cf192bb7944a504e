"""queries/ocr_review.sql: OCR'd values below the review threshold, lowest confidence first."""

from __future__ import annotations

from hyokasho.query import connect, load_sql, run
from tests.queries.factory import assessment, build, query


def _ds(tmp_path):
    f = lambda key, value, conf: {
        "key": key,
        "value": value,
        "page": 1,
        "bbox": [1.0, 2.0, 3.0, 4.0],
        "ocr_confidence": conf,
    }  # noqa: E731
    return build(
        tmp_path / "ds",
        [
            assessment(
                "scan",
                "kiso",
                code="082031",
                name="土浦市",
                pref="茨城県",
                jimu="国民健康保険に関する事務",
                fields=[
                    f("I.1.1", "国民健康保険に関する事務", 0.95),
                    f("I.1.2", "賦課", 0.41),
                    f("cover.公表日", "令和3年", 0.8),
                ],
                checks=[{"key": "I.3.x", "option": "その他", "checked": True, "page": 2, "ocr_confidence": 0.5}],
            ),
            assessment(
                "clean",
                "kiso",
                code="401005",
                name="北九州市",
                pref="福岡県",
                jimu="国民健康保険に関する事務",
                fields=[f("I.1.2", "賦課", None)],
            ),
        ],
    )


def test_doubtful_values_lowest_first_text_layer_never(tmp_path):
    rows = query(_ds(tmp_path), "ocr_review")
    assert [(r["tbl"], r["key"], r["value"], r["ocr_confidence"]) for r in rows] == [
        ("fields", "I.1.2", "賦課", 0.41),
        ("checks", "I.3.x", "その他 [x]", 0.5),
        ("fields", "cover.公表日", "令和3年", 0.8),
    ]
    assert rows[0]["source_file"] == "scan.pdf" and rows[0]["page"] == 1 and rows[0]["municipality_name"] == "土浦市"


def test_the_threshold_is_a_variable(tmp_path):
    con = connect(_ds(tmp_path))
    con.execute("SET VARIABLE ocr_review_below = 0.6")
    columns, rows = run(con, load_sql("ocr_review.sql"))
    assert [dict(zip(columns, r))["key"] for r in rows] == ["I.1.2", "I.3.x"]
