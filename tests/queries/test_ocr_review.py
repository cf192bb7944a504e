"""queries/ocr_review.sql: OCR'd values below the review threshold, lowest confidence first."""

from __future__ import annotations

from hyokasho.query import connect, load_sql, run
from tests.queries.factory import assessment, build, other_doc, query


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


def test_minutes_rows_are_listed_with_their_page(tmp_path):
    """OCR'd minutes rows (attendees, utterances, meeting_items) are listed beside the 評価書 values;
    a text-layer minutes row (NULL) is not."""
    ds = build(
        tmp_path / "ds",
        [
            other_doc(
                "mins",
                "minutes",
                meetings=[{"body": "土浦市個人情報保護審議会", "municipality_name": "土浦市"}],
                attendees=[
                    {"group": "committee", "name": "山田 太郎", "title": "会長", "page": 1, "ocr_confidence": 0.62},
                    {"group": "committee", "name": "鈴木 花子", "title": "委員", "page": 1, "ocr_confidence": 0.97},
                ],
                utterances=[
                    {
                        "seq": 1,
                        "speaker": "会長",
                        "speaker_group": "chair",
                        "text": "ただいまから開会します。",
                        "page": 2,
                        "ocr_confidence": 0.55,
                    },
                    {
                        "seq": 2,
                        "speaker": "委員",
                        "speaker_group": "committee",
                        "text": "質問です。",
                        "page": 2,
                        "ocr_confidence": None,
                    },
                ],
                meeting_items=[
                    {"seq": 1, "key": "venue", "label": "場所", "value": "本庁舎3階", "page": 1, "ocr_confidence": 0.7}
                ],
            )
        ],
    )
    rows = query(ds, "ocr_review")
    assert [(r["tbl"], r["key"], r["value"], r["page"], r["ocr_confidence"]) for r in rows] == [
        ("utterances", "1", "会長: ただいまから開会します。", 2, 0.55),
        ("attendees", "committee", "会長 山田 太郎", 1, 0.62),
        ("meeting_items", "場所", "本庁舎3階", 1, 0.7),
    ]
    assert all(r["municipality_name"] == "土浦市" and r["doc_type"] == "minutes" and r["bbox"] is None for r in rows)
