"""`hyokasho export --format xlsx`, read back with openpyxl as Excel would see it."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import openpyxl
import pytest

import hyokasho.export_xlsx as xlsx
from hyokasho.export import ExportOptions, export
from models.schema import TABLES, describe
from tests.queries.factory import assessment, build, other_doc

LONG = "長" * 40_000


@pytest.fixture
def data(tmp_path):
    return build(
        tmp_path / "ds",
        [
            assessment(
                "a" * 64,
                "kiso",
                code="019992",
                name="架空町",
                pref="北海道",
                jimu="住民基本台帳に関する事務",
                published_on=date(2024, 4, 1),
                entrustments=[
                    {
                        "item_no": 1,
                        "contractor": '=HYPERLINK("x")',
                        "subcontract": True,
                        "handler_min": 10,
                        "title": "1-2",
                    }
                ],
                fields=[{"key": "I.1.2", "value": LONG, "bbox": [1.0, 2.5, 3.0, 4.0], "page": 2}],
            ),
            other_doc(
                "b" * 64,
                "minutes",
                meetings=[
                    {
                        "body": "架空町個人情報保護審査会",
                        "held_on": date(2024, 5, 1),
                        "start_time": time(10, 0),
                        "agenda": ["議題1", "議題2"],
                    }
                ],
            ),
            other_doc(
                "c" * 64,
                "public_comment",
                comment_rounds=[{"subject": "x", "opinions": 0, "by_channel": [("郵送", 0), ("電子メール", 1)]}],
            ),
        ],
    )


def sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_workbook_typed_cells(data, tmp_path):
    report = export(data, tmp_path / "x", ExportOptions(fmt="xlsx"))
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == [
        "data_dictionary.md",
        "hyokasho.xlsx",
        "manifest.json",
    ]
    wb = openpyxl.load_workbook(tmp_path / "x" / "hyokasho.xlsx")
    assert wb.sheetnames == ["data_dictionary", *TABLES]
    [a] = sheet_rows(wb["assessments"])
    assert a["municipality_code"] == "019992"  # a string: the zero stays
    assert wb["assessments"]["F2"].data_type == "s"
    assert a["published_on"] == datetime(2024, 4, 1) and wb["assessments"]["I2"].number_format == "yyyy-mm-dd"
    assert a["assessment_no"] == 1 and wb["assessments"]["B2"].data_type == "n"
    [e] = sheet_rows(wb["entrustments"])
    assert e["subcontract"] is True and e["handler_min"] == 10
    assert e["title"] == "1-2"  # not 2 January
    assert e["contractor"] == '=HYPERLINK("x")' and wb["entrustments"]["I2"].data_type == "s"  # not a formula
    [m] = sheet_rows(wb["meetings"])
    assert m["start_time"] == time(10, 0) and json.loads(m["agenda"]) == ["議題1", "議題2"]
    [r] = sheet_rows(wb["comment_rounds"])
    assert json.loads(r["by_channel"]) == {"郵送": 0, "電子メール": 1} and r["opinions"] == 0
    [d] = [x for x in sheet_rows(wb["documents"]) if x["doc_id"] == "a" * 64]
    assert d["ingested_at"] == datetime(2026, 1, 1)  # UTC, without a zone (Excel has none)
    [f] = sheet_rows(wb["fields"])
    assert len(f["value"]) == xlsx.MAX_CELL and f["value"].endswith("…")
    assert json.loads(f["bbox"]) == [1.0, 2.5, 3.0, 4.0]
    assert any("fields: 1 text cell(s) longer than Excel's 32767" in w for w in report.warnings)
    # the header row is explained: a comment per column and the data_dictionary sheet
    ws = wb["entrustments"]
    assert ws["I1"].value == "contractor" and "⑥委託先名" in ws["I1"].comment.text
    dictionary = sheet_rows(wb["data_dictionary"])
    assert {
        "table": "entrustments",
        "column": "contractor",
        "type": "string",
        "description": dict((n, d) for n, _, d in describe("entrustments"))["contractor"],
    } in dictionary
    m = json.loads((tmp_path / "x" / "manifest.json").read_text())
    assert m["format"] == "xlsx" and m["tables"]["fields"] == {
        **m["tables"]["fields"],
        "rows": 1,
        "file": "hyokasho.xlsx",
        "sheets": ["fields"],
    }


def test_a_table_longer_than_a_sheet_continues(data, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 2)  # a header and one row per sheet
    report = export(data, tmp_path / "x", ExportOptions(fmt="xlsx", tables=["documents"]))
    wb = openpyxl.load_workbook(tmp_path / "x" / "hyokasho.xlsx")
    assert wb.sheetnames == ["data_dictionary", "documents", "documents (2)", "documents (3)"]
    ids = [sheet_rows(wb[s])[0]["doc_id"] for s in wb.sheetnames[1:]]
    assert sorted(ids) == ["a" * 64, "b" * 64, "c" * 64]
    assert any("3 sheets" in w for w in report.warnings)
    assert report.manifest["tables"]["documents"]["sheets"] == ["documents", "documents (2)", "documents (3)"]


def test_cli(data, tmp_path):
    import subprocess
    import sys

    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "export",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "x"),
            "--format",
            "xlsx",
            "--tables",
            "assessments",
        ],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    assert "1 tables, 1 rows" in p.stderr and "(xlsx)" in p.stderr
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "export",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "y"),
            "--format",
            "xlsx",
            "--bom",
        ],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2 and "csv only" in p.stderr
