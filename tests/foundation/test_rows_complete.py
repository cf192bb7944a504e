"""Every row an extractor emits names every column of its table: a forgotten column fails here
(and in the pipeline) instead of silently becoming NULL in users' SQL."""

from __future__ import annotations

import pytest

from hyokasho.pipeline import process_file
from models.schema import SCHEMAS, SchemaError, validate_rows
from tests.samples import sample


def test_a_missing_column_is_an_error_naming_it():
    row = {name: None for name in SCHEMAS["meetings"].names if name not in ("doc_id", "venue")}
    with pytest.raises(SchemaError, match=r"meetings: row lacks column\(s\) \['venue'\]"):
        validate_rows("meetings", [row], complete=True, supplied=("doc_id",))
    validate_rows("meetings", [{**row, "venue": None}], complete=True, supplied=("doc_id",))


def test_a_misspelt_column_is_an_error_naming_it():
    with pytest.raises(SchemaError, match=r"unknown column\(s\) \['vneue'\]"):
        validate_rows("meetings", [{"vneue": "x"}])


@pytest.mark.parametrize(
    "name",
    [
        "kitakyushu_kokuho_kiso__calc",
        "kitakyushu_kokuho_zenkomoku__calc",
        "seed00_kitakyushu_22_kokuho",
        "seed02_izumi_h29_cloud",
    ],
)
def test_every_row_of_a_real_document_has_every_column(name):
    result = process_file(sample(name))
    assert result.ok
    for table, rows in result.tables.items():
        for row in rows:
            assert set(row) == set(SCHEMAS[table].names), table
