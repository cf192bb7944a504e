"""Excel-safe CSV from `hyokasho query` and `hyokasho export`: one writer, the same cells."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import pytest

from hyokasho.csv_format import Encoder, cell, excel_text, write
from tests.queries.factory import assessment, build

# a clearly fictional body: 架空町 and its code 019992 do not exist (北海道 codes start with 0)
CODE, NAME = "019992", "架空町"


@pytest.mark.parametrize(
    "text, shown",
    [
        ("011002", '="011002"'),  # leading zero: Excel would drop it
        ("1-2", '="1-2"'),  # Excel would make it 2 January
        ("2024/4/1", '="2024/4/1"'),
        ("4月1日", '="4月1日"'),
        ("R6.4.1", '="R6.4.1"'),
        ("10:00", '="10:00"'),
        ("1,000", '="1,000"'),
        ("50%", '="50%"'),
        ("1e5", '="1e5"'),
        ("=SUM(A1)", '="=SUM(A1)"'),  # formula injection is shown as text
        ('-"x"', '="-""x"""'),
        ("-" + "あ" * 300, "'-" + "あ" * 300),  # too long for a formula string: apostrophe
        ("-a\nb", "'-a\nb"),
        ("北九州市", "北九州市"),
        ("30万人以上", "30万人以上"),
        ("", ""),
        ("a1b2", "a1b2"),
    ],
)
def test_excel_text(text, shown):
    assert excel_text(text) == shown


def test_formula_cells_are_quoted_only_when_needed():
    buf = io.BytesIO()
    write(buf, ["a", "b"], [("011002", "1,000")], excel=True)
    assert buf.getvalue().decode().splitlines()[1] == '="011002","=""1,000"""'


def test_cell_and_encoder():
    assert [cell(None), cell(True), cell(False), cell(date(2024, 4, 1)), cell(["a", "b"]), cell(3)] == [
        "",
        "true",
        "false",
        "2024-04-01",
        '["a", "b"]',
        "3",
    ]
    enc = Encoder("cp932")
    assert enc("〜𠮷").decode("cp932") == "～?" and dict(enc.replaced) == {"𠮷": 1}


@pytest.fixture
def data(tmp_path):
    return build(
        tmp_path / "ds",
        [
            assessment(
                "c" * 64,
                "kiso",
                code=CODE,
                name=NAME,
                pref="北海道",
                jimu="住民基本台帳に関する事務",
                published_on=date(2024, 4, 1),
                entrustments=[{"item_no": 1, "contractor": "𠮷田システム株式会社", "subcontract": True}],
            )
        ],
    )


def hyokasho(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", *map(str, args)], input=stdin, capture_output=True, timeout=120
    )


SQL = (
    "SELECT a.municipality_code, a.municipality_name, a.published_on, e.subcontract, e.handler_min, e.contractor "
    "FROM assessments a JOIN entrustments e USING (doc_id)"
)


def test_query_csv_plain_bom_cp932_excel(data):
    plain = hyokasho("query", SQL, "--data", data, "--format", "csv")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.decode().splitlines()[1] == f"{CODE},{NAME},2024-04-01,true,,𠮷田システム株式会社"
    bom = hyokasho("query", SQL, "--data", data, "--format", "csv", "--bom").stdout
    assert bom.startswith(b"\xef\xbb\xbfmunicipality_code,") and b"\r\n" in bom
    excel = hyokasho("query", SQL, "--data", data, "--format", "csv", "--excel").stdout
    assert excel.startswith(b"\xef\xbb\xbf")
    assert excel.decode("utf-8-sig").splitlines()[1] == f'="{CODE}",{NAME},2024-04-01,true,,𠮷田システム株式会社'
    sjis = hyokasho("query", SQL, "--data", data, "--format", "csv", "--encoding", "cp932", "--excel")
    assert sjis.returncode == 0 and not sjis.stdout.startswith(b"\xef\xbb\xbf")
    assert sjis.stdout.decode("cp932").splitlines()[1] == f'="{CODE}",{NAME},2024-04-01,true,,?田システム株式会社'
    assert b"1 character(s) not representable in cp932" in sjis.stderr
    # what a CSV reader (pandas, csv module) gets back from the Excel form
    [row] = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"))))
    assert row["municipality_code"] == f'="{CODE}"' and row["subcontract"] == "true"


def test_query_from_stdin_and_empty_sql(data):
    p = hyokasho("query", "-", "--data", data, "--format", "csv", stdin=b"SELECT municipality_name FROM assessments\n")
    assert p.returncode == 0 and p.stdout.decode().splitlines() == ["municipality_name", NAME]
    for empty in ("", "   ", "-- only a comment\n;"):
        q = hyokasho("query", empty, "--data", data)
        assert q.returncode == 2 and b"no SQL in the command line" in q.stderr, empty
    q = hyokasho("query", "-", "--data", data, stdin=b"\n")
    assert q.returncode == 2 and b"no SQL in standard input" in q.stderr
    empty_file = data.parent / "empty.sql"
    empty_file.write_text("-- nothing yet\n")
    q = hyokasho("query", empty_file, "--data", data)
    assert q.returncode == 2 and b"empty.sql" in q.stderr
    q = hyokasho("query", "SELECT 1", "--data", data, "--bom")
    assert q.returncode == 2 and b"--format csv only" in q.stderr


def test_export_excel_csv(data, tmp_path):
    out = tmp_path / "x"
    p = hyokasho("export", "--data", data, "--out", out, "--format", "csv", "--excel")
    assert p.returncode == 0, p.stderr
    raw = (out / "assessments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert row["municipality_code"] == f'="{CODE}"' and row["published_on"] == "2024-04-01"
    assert row["assessment_no"] == "1"  # a typed number is left for Excel to read as a number
    [ent] = list(csv.DictReader(io.StringIO((out / "entrustments.csv").read_bytes().decode("utf-8-sig"))))
    assert ent["subcontract"] == "true"
    bad = hyokasho("export", "--data", data, "--out", tmp_path / "y", "--format", "jsonl", "--excel")
    assert bad.returncode == 2 and b"--format csv only" in bad.stderr
