"""SIGKILL in the middle of a real `hyokasho ingest` leaves the previous dataset complete."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from hyokasho.dataset import Dataset
from models.schema import TABLES
from tests.batch.conftest import REPO, run_cli, table
from tests.pdfgen.forms_assessment import assessment, default_spec


def _corpus(folder, n: int, start: int = 0) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(start, start + n):
        spec = default_spec(form="zenkomoku" if i % 3 == 0 else "kiso", assessment_no=100 + i)
        data, _ = assessment(spec)
        (folder / f"doc{i:03d}.pdf").write_bytes(data)


def _read_all(out) -> dict[str, int]:
    """Every table through the documented SQL glob: the dataset is complete and readable."""
    con = duckdb.connect()
    return {t: con.execute(f"SELECT count(*) FROM read_parquet('{out}/{t}/**/*.parquet', union_by_name=true)")
            .fetchone()[0] for t in TABLES}


@pytest.mark.slow
def test_sigkill_mid_run_keeps_previous_version(tmp_path):
    first, more, out = tmp_path / "first", tmp_path / "more", tmp_path / "ds"
    _corpus(first, 3)
    r = run_cli(first, "--out", out, "--jobs", "2")
    assert r.returncode in (0, 1), r.stderr
    before = _read_all(out)
    version = Dataset(out).current()
    assert before["documents"] == 3

    _corpus(more, 30, start=3)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "hyokasho.cli", "ingest", str(first), str(more), "--out", str(out),
                             "--jobs", "2"], cwd=REPO, stderr=subprocess.PIPE, text=True, env=env)
    done = 0
    deadline = time.monotonic() + 300
    while done < 4 and time.monotonic() < deadline:  # some files extracted and staged, far from the end
        line = proc.stderr.readline()
        if not line:
            break
        done += line.startswith("[")
    assert done >= 4, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    assert Dataset(out).current() == version
    assert _read_all(out) == before  # the previous version, complete
    time.sleep(1)  # the workers die with their parent (PR_SET_PDEATHSIG)

    r = run_cli(first, more, "--out", out, "--jobs", "2")  # a new run takes the lock and succeeds
    assert r.returncode in (0, 1), r.stderr
    assert "another hyokasho run" not in r.stderr
    assert _read_all(out)["documents"] == 33
    assert len(table(out, "documents")) == 33
    assert not list(Dataset(out).versions_dir.glob(".tmp-*"))  # the killed run's staging was cleaned up
