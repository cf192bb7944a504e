"""The `hyokasho` command as a user runs it: a subprocess, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hyokasho.cli import COMMANDS
from tests.foundation.pdfs import unknown_pdf


def hyokasho(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize("name", [c.NAME for c in COMMANDS])
def test_every_command_has_help_with_an_example(name):
    p = hyokasho(name, "--help")
    assert p.returncode == 0
    assert "examples:" in p.stdout and f"hyokasho {name}" in p.stdout


def test_usage_error_exits_2():
    assert hyokasho("ingest").returncode == 2
    assert hyokasho("frobnicate").returncode == 2


def test_ingest_reports_failures_and_goes_on(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    unknown_pdf(src / "sub" / "good.pdf")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (src / "empty.pdf").write_bytes(b"")
    (src / "readme.txt").write_text("not a pdf")
    out = tmp_path / "out"
    p = hyokasho("ingest", src, "--out", out)
    assert p.returncode == 1, p.stderr
    assert "skip" in p.stderr and "readme.txt" in p.stderr
    assert "FAILED" in p.stderr and "empty.pdf" in p.stderr and "broken.pdf" in p.stderr
    q = hyokasho(
        "query", "SELECT error_code, source_file FROM ingest_errors ORDER BY 1", "--data", out, "--format", "json"
    )
    errors = json.loads(q.stdout)
    assert {e["error_code"] for e in errors} == {"empty", "truncated"}
    docs = json.loads(hyokasho("query", "SELECT source_file FROM documents", "--data", out, "--format", "json").stdout)
    assert [d["source_file"].endswith("good.pdf") for d in docs] == [True]


def test_second_ingest_of_unchanged_folder_extracts_nothing(tmp_path):
    unknown_pdf(tmp_path / "a.pdf")
    out = tmp_path / "out"
    hyokasho("ingest", tmp_path / "a.pdf", "--out", out)
    p = hyokasho("ingest", tmp_path / "a.pdf", "--out", out)
    assert "0 extracted" in p.stderr and "1 unchanged" in p.stderr


def test_query_formats_and_missing_dataset(tmp_path):
    unknown_pdf(tmp_path / "a.pdf")
    out = tmp_path / "out"
    hyokasho("ingest", tmp_path / "a.pdf", "--out", out)
    csv = hyokasho("query", "SELECT doc_type, page_count FROM documents", "--data", out, "--format", "csv")
    assert csv.stdout.splitlines() == ["doc_type,page_count", "unknown,1"]
    table = hyokasho("query", "SELECT doc_type FROM documents", "--data", out)
    assert "unknown" in table.stdout and "(1 row)" in table.stdout
    bad = hyokasho("query", "SELECT nope FROM documents", "--data", out)
    assert bad.returncode == 1 and "nope" in bad.stderr
    missing = hyokasho("query", "SELECT 1", "--data", tmp_path / "nowhere")
    assert missing.returncode == 1 and "run `hyokasho ingest` first" in missing.stderr


def test_inspect_prints_status_and_never_writes(tmp_path):
    pdf = unknown_pdf(tmp_path / "a.pdf")
    p = hyokasho("inspect", pdf, cwd=tmp_path)
    assert "doc_type    unknown" in p.stdout and "status      partial" in p.stdout
    assert not (tmp_path / "data").exists()
    broken = tmp_path / "x.pdf"
    broken.write_bytes(b"hello")
    p = hyokasho("inspect", broken)
    assert p.returncode == 1 and "not a PDF" in p.stdout


def test_output_piped_into_head_is_not_an_error(tmp_path):
    unknown_pdf(tmp_path / "a.pdf")
    out = tmp_path / "out"
    hyokasho("ingest", tmp_path / "a.pdf", "--out", out)
    p = subprocess.run(
        f"{sys.executable} -m hyokasho.cli query 'SELECT * FROM range(100000)' --data {out} --format csv | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.stdout.strip() == "range" and "Traceback" not in p.stderr


def test_query_runs_on_a_dataset_written_before_a_table_existed(tmp_path):
    """A dataset written by a hyokasho without `meeting_items` (0.3.2) has no folder for it until
    it is re-extracted; every query must still run, the new table empty."""
    import shutil
    from pathlib import Path

    unknown_pdf(tmp_path / "a.pdf")
    out = tmp_path / "out"
    assert hyokasho("ingest", tmp_path / "a.pdf", "--out", out).returncode == 0
    shutil.rmtree(Path(out).resolve() / "meeting_items")  # the test's own dataset, made as an older one
    p = hyokasho(
        "query",
        "SELECT (SELECT count(*) FROM meeting_items) AS items, count(*) AS docs FROM documents",
        "--data",
        out,
        "--format",
        "csv",
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == ["items,docs", "0,1"]
