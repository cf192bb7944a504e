from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from hyokasho.cli import main as cli
from hyokasho.dictionary import docs_path, render
from hyokasho.export import ExportError, ExportOptions, export
from models.schema import TABLES
from tests.queries.factory import assessment, build, other_doc

HOKKE = "𠮷野家株式会社"  # 𠮷 (U+20BB7) is not in cp932


@pytest.fixture
def data(tmp_path) -> Path:
    return build(
        tmp_path / "ds",
        [
            assessment(
                "a" * 64,
                "zenkomoku",
                code="401005",
                name="北九州市",
                pref="福岡県",
                jimu="国民健康保険に関する事務",
                published_on=date(2024, 4, 1),
                entrustments=[
                    {"item_no": 1, "contractor": HOKKE, "subcontract": True, "title": "運用〜保守\n（2行目）"}
                ],
                fields=[{"key": "I.1.1", "value": '値, "引用"', "bbox": [1.0, 2.0, 3.0, 4.0]}],
            ),
            other_doc(
                "b" * 64,
                "public_comment",
                comment_rounds=[{"subject": "x", "opinions": 0, "by_channel": [("郵送", 0), ("電子メール", 1)]}],
            ),
        ],
    )


def read_csv(path: Path, encoding: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode(encoding), newline="")))


def test_csv_utf8_round_trips_lists_maps_and_newlines(data, tmp_path):
    out = tmp_path / "x"
    report = export(data, out, ExportOptions(fmt="csv"))
    assert report.warnings == []
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{t}.csv" for t in TABLES] + ["data_dictionary.md", "manifest.json"]
    )
    assert not (out / "entrustments.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    [ent] = read_csv(out / "entrustments.csv", "utf-8")
    assert ent["contractor"] == HOKKE and ent["subcontract"] == "true" and ent["handler_min"] == ""
    assert ent["title"] == "運用〜保守\n（2行目）"
    [f] = read_csv(out / "fields.csv", "utf-8")
    assert f["value"] == '値, "引用"' and json.loads(f["bbox"]) == [1.0, 2.0, 3.0, 4.0]
    [r] = read_csv(out / "comment_rounds.csv", "utf-8")
    assert json.loads(r["by_channel"]) == {"郵送": 0, "電子メール": 1}
    [a] = read_csv(out / "assessments.csv", "utf-8")
    assert a["published_on"] == "2024-04-01"


def test_csv_bom_for_excel(data, tmp_path):
    export(data, tmp_path / "x", ExportOptions(fmt="csv", bom=True))
    raw = (tmp_path / "x" / "assessments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,")
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text())
    assert manifest["encoding"] == "utf-8-sig"


def test_cp932_replaces_and_counts_instead_of_crashing(data, tmp_path):
    report = export(data, tmp_path / "x", ExportOptions(fmt="csv", encoding="cp932"))
    [ent] = read_csv(tmp_path / "x" / "entrustments.csv", "cp932")
    assert ent["contractor"] == "?野家株式会社"
    assert ent["title"] == "運用～保守\n（2行目）"  # WAVE DASH mapped to its cp932 twin, not replaced
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text())
    assert manifest["replaced_characters"] == {"entrustments": {"count": 1, "characters": ["𠮷"]}}
    assert len(report.warnings) == 1 and "entrustments: 1 character" in report.warnings[0]


def test_jsonl_and_parquet(data, tmp_path):
    export(data, tmp_path / "j", ExportOptions(fmt="jsonl", tables=["comment_rounds", "entrustments"]))
    assert sorted(p.name for p in (tmp_path / "j").iterdir()) == [
        "comment_rounds.jsonl",
        "data_dictionary.md",
        "entrustments.jsonl",
        "manifest.json",
    ]
    [row] = [json.loads(line) for line in (tmp_path / "j" / "comment_rounds.jsonl").read_text().splitlines()]
    assert row["by_channel"] == {"郵送": 0, "電子メール": 1} and row["opinions"] == 0
    export(data, tmp_path / "p", ExportOptions(fmt="parquet"))
    t = pq.read_table(tmp_path / "p" / "entrustments.parquet")
    assert t.column("contractor").to_pylist() == [HOKKE] and t.schema.field("subcontract").type == "bool"


def test_manifest_lets_a_researcher_cite_the_export(data, tmp_path):
    export(data, tmp_path / "x", ExportOptions(fmt="csv"))
    m = json.loads((tmp_path / "x" / "manifest.json").read_text())
    assert m["format"] == "csv" and m["encoding"] == "utf-8"
    assert (
        m["dataset"]["version"]
        and m["dataset"]["version"] == json.loads((data.resolve() / "_version.json").read_text())["version"]
    )
    assert m["extractor_versions"] == ["0.1.0"]
    assert [s["sha256"] for s in m["sources"]] == ["a" * 64, "b" * 64]
    assert m["sources"][0]["source_file"] == "a" * 64 + ".pdf"
    assert m["tables"]["entrustments"]["rows"] == 1 and m["tables"]["documents"]["rows"] == 2
    assert m["tables"]["meetings"]["rows"] == 0
    f = tmp_path / "x" / "entrustments.csv"
    assert m["tables"]["entrustments"]["sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()
    assert m["exported_at"].endswith("+00:00")


def test_refuses_to_overwrite_and_leaves_nothing_half_written(data, tmp_path):
    out = tmp_path / "x"
    export(data, out, ExportOptions(fmt="parquet"))
    with pytest.raises(ExportError, match="already exists"):
        export(data, out, ExportOptions(fmt="csv"))
    export(data, out, ExportOptions(fmt="csv", force=True))
    assert (out / "documents.csv").exists() and not (out / "documents.parquet").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".x")] == []


def test_failure_midway_leaves_no_output(data, tmp_path, monkeypatch):
    import hyokasho.export as mod

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(mod, "render_dictionary", boom)
    with pytest.raises(RuntimeError):
        export(data, tmp_path / "x", ExportOptions(fmt="csv"))
    assert not (tmp_path / "x").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".x")] == []


@pytest.mark.parametrize(
    "options, message",
    [
        (ExportOptions(fmt="docx"), "unknown format"),
        (ExportOptions(fmt="jsonl", encoding="cp932"), "csv only"),
        (ExportOptions(fmt="csv", encoding="cp932", bom=True), "byte-order mark"),
        (ExportOptions(tables=["nope"]), "unknown table"),
    ],
)
def test_usage_errors(data, tmp_path, options, message):
    with pytest.raises(ExportError, match=message):
        export(data, tmp_path / "x", options)


def test_cli(data, tmp_path, capsys):
    out = tmp_path / "cli"
    assert (
        cli(
            [
                "export",
                "--data",
                str(data),
                "--out",
                str(out),
                "--format",
                "csv",
                "--encoding",
                "cp932",
                "--tables",
                "entrustments,documents",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "warning: entrustments: 1 character" in err and "2 tables" in err
    assert cli(["export", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "y")]) == 2


def test_data_dictionary_covers_every_column_and_docs_copy_is_current(data, tmp_path):
    export(data, tmp_path / "x", ExportOptions(fmt="parquet", tables=["entrustments"]))
    text = (tmp_path / "x" / "data_dictionary.md").read_text()
    assert "## entrustments" in text and "`contractor`" in text and "## documents" not in text
    full = render()
    from models.schema import SCHEMAS

    for table, schema in SCHEMAS.items():
        assert f"## {table}" in full
        for name in schema.names:
            assert f"| `{name}` |" in full
    assert docs_path().read_text(encoding="utf-8") == full, (
        "docs/data_dictionary.md is stale: run `uv run python -m hyokasho.dictionary --write`"
    )
