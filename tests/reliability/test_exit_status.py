"""An exit status a scheduler can trust (issue 11.3): a closed stdout during `ingest --json-log`
never yields 0 with work dropped — the run finishes and commits with the log gone quiet."""

from __future__ import annotations

import json
import subprocess

from hyokasho.dataset import Dataset
from tests.foundation.pdfs import unknown_pdf
from tests.reliability.conftest import cli_line, env, hyokasho
from tests.samples import REPO


def _folder(tmp_path, n=6):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        unknown_pdf(src / f"d{i}.pdf", f"document {i}")
    return src


def _pipe(cmd: str) -> subprocess.CompletedProcess:
    # PIPESTATUS[0]: the exit status of hyokasho itself, not of head
    return subprocess.run(
        ["bash", "-c", f'{cmd}; echo "hyokasho-rc=${{PIPESTATUS[0]}}" >&2'],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=env(),
    )


def test_json_log_into_head_finishes_and_commits(tmp_path):
    src, ds = _folder(tmp_path), tmp_path / "ds"
    assert hyokasho("ingest", src, "--out", ds).returncode == 0
    before = Dataset(ds).current()
    p = _pipe(f"{cli_line('ingest', src, '--out', ds, '--force', '--json-log', '--jobs', '1')} | head -1")
    assert "hyokasho-rc=0" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr and "Exception ignored" not in p.stderr, p.stderr
    assert len(p.stdout.splitlines()) == 1 and json.loads(p.stdout)["event"] == "file"
    assert "stdout was closed" in p.stderr  # said once, on stderr
    after = Dataset(ds).current()
    assert after != before, "the forced re-extraction was not committed"
    assert len(Dataset(ds).read("documents")) == 6


def test_both_streams_closed_still_commits(tmp_path):
    src, ds = _folder(tmp_path), tmp_path / "ds"
    p = _pipe(f"{cli_line('ingest', src, '--out', ds, '--json-log', '--jobs', '1')} 2>&1 | head -1")
    assert "hyokasho-rc=0" in p.stderr, p.stderr
    assert len(Dataset(ds).read("documents")) == 6


def test_failures_keep_exit_1_when_the_log_is_gone(tmp_path):
    src, ds = _folder(tmp_path), tmp_path / "ds"
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    p = _pipe(f"{cli_line('ingest', src, '--out', ds, '--json-log', '--jobs', '1')} | head -1")
    assert "hyokasho-rc=1" in p.stderr, p.stderr
    assert len(Dataset(ds).read("documents")) == 6 and len(Dataset(ds).read("ingest_errors")) == 1
