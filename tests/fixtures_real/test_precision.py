"""bench/precision.py sorts every emitted row into matched / explained / wrong_key / extra."""

from __future__ import annotations

from bench.precision import Precision

EXPECTED = {
    "fields": [
        {"file_no": None, "key": "I.1.1", "value": "国民年金に関する事務"},
        {"file_no": 1, "key": "II.4.itaku1.6", "value": "株式会社 RKKCS"},
    ],
    "blank_cells": [{"file_no": None, "key": "cover.特記事項"}],
    "choices": [{"file_no": None, "key": "I.1.3", "selected": "30万人以上", "index": 5}],
    "checks": [{"file_no": 1, "key": "II.3.1", "option": "紙", "checked": True}],
    "entrustments": [{"file_no": 1, "item_no": 1, "contractor": "株式会社RKKCS"}],
    "changes": [{"changed_on": "2016-04-01", "timing": "事前"}],
}


def counts(p: Precision, table: str) -> tuple[int, int, int, int, int]:
    t = p.t[table]
    return t.emitted, t.matched, t.explained, t.wrong_key, t.extra


def test_rows_are_matched_explained_wrongly_keyed_or_extra():
    got = {
        "fields": [
            {"file_no": None, "key": "I.1.1", "value": "国民年金に関する事務"},  # matched
            {"file_no": None, "key": "I.1.3", "value": "30万人以上"},  # explained by the choice
            {"file_no": None, "key": "cover.特記事項", "value": ""},  # blank cell, emitted empty
            {"file_no": None, "key": "cover.公表日", "value": ""},  # nobody expected it
            {"file_no": None, "key": "II.4.itaku1.6", "value": "株式会社RKKCS"},  # right text, file_no missing
            {"file_no": None, "key": "I.1.2", "value": "何か"},
        ],  # extra
        "choices": [
            {"file_no": None, "key": "I.1.3", "selected": "30万人以上"},
            {"file_no": None, "key": "II.1.3", "selected": "30万人以上"},
        ],  # wrong key
        "checks": [
            {"file_no": 1, "key": "II.3.1", "option": "紙"},
            {"file_no": 1, "key": "II.3.2", "option": "紙"},
        ],  # wrong key
        "entrustments": [
            {"file_no": 1, "item_no": 1, "contractor": "x"},
            {"file_no": 1, "item_no": 2, "contractor": "y"},
        ],
        "changes": [{"changed_on": "2016-04-01", "timing": "事前"}, {"changed_on": "2016-04-01", "timing": "事前"}],
        "assessments": [{}, {}],
    }
    p = Precision()
    p.document(got, EXPECTED, "doc")
    assert counts(p, "fields") == (6, 1, 2, 1, 2)
    assert counts(p, "choices") == (2, 1, 0, 1, 0)
    assert counts(p, "checks") == (2, 1, 0, 1, 0)
    assert counts(p, "entrustments") == (2, 1, 0, 0, 1)
    assert counts(p, "changes") == (2, 1, 0, 0, 1)  # one expected change, emitted twice
    assert counts(p, "assessments") == (2, 1, 0, 0, 1)
    d = p.as_dict()
    assert d["fields"]["precision"] == 0.5
    assert any("wrong_key" in e for e in d["fields"]["examples"])


def test_blank_cell_emitted_with_text_is_extra():
    p = Precision()
    p.document({"fields": [{"file_no": None, "key": "cover.特記事項", "value": "なし"}]}, EXPECTED, "doc")
    assert counts(p, "fields") == (1, 0, 0, 0, 1)
