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


def _staged_steps(out) -> set[str]:
    """What a killed run had got to, from the staging folder it left behind."""
    steps = set()
    for tmp in Dataset(out).versions_dir.glob(".tmp-*"):
        for p in tmp.rglob("*"):
            name = p.name
            if "-m0" in name:
                steps.add("merge")
            elif "-r0" in name:
                steps.add("rewrite")
            elif name == "_version.json":
                steps.add("sealed")
            elif p.is_file() and p.stat().st_nlink > 1:
                steps.add("carry-over")
            elif p.suffix == ".parquet":
                steps.add("flush")
    return steps


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_sigkill_at_any_point_of_a_commit_leaves_one_complete_version(tmp_path, templates):
    """A writer run killed at ever later moments — while it flushes, carries segments over,
    rewrites the ones holding replaced documents, merges, writes the index, fsyncs, renames, swaps
    — leaves the previous version, complete and indexed, or the new one; never anything else. The
    run that finally completes gives exactly the rows the runs' rule says."""
    import pickle

    from hyokasho.segments import LayoutSettings
    from tests.batch.rows import State, clone, dataset_rows, state_rows, write_run
    from tests.batch.test_layout import check_index

    settings = LayoutSettings(segment_rows=1_500, fan_in=3, tiers=2, row_group_rows=200, flush_rows=400, spill_rows=64)
    out, state, n, history = tmp_path / "ds", State(), 0, []
    for _ in range(5):
        docs = [clone(templates[i % len(templates)], n + i) for i in range(25)]
        n += 25
        write_run(Dataset(out, settings), docs)
        state.apply(docs, [])
        history += docs
    added = [clone(templates[i % len(templates)], n + i) for i in range(120)]
    added += [clone(templates[2], 10_000 + i, source=d.source) for i, d in enumerate(history[3:100:17])]
    forgotten = [d.doc_id for d in history[5:120:40] if d.doc_id]
    spec = tmp_path / "run.pickle"
    spec.write_bytes(pickle.dumps((out, settings, added, forgotten, None)))
    before, version = dataset_rows(out), Dataset(out).current()
    state.apply(added, forgotten)
    after = state_rows(state)

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    steps: set[str] = set()
    delay, kills = 0.4, 0
    while True:
        proc = subprocess.Popen([sys.executable, "-m", "tests.batch.layout_run", str(spec)], cwd=REPO, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        out_text, err_text = proc.communicate()
        if proc.returncode == 0:
            assert "committed" in out_text
            break
        assert proc.returncode == -signal.SIGKILL, err_text
        kills += 1
        if Dataset(out).current() == version:
            assert dataset_rows(out) == before, f"killed after {delay:.2f} s: the previous version changed"
        else:  # killed after the link swapped: the new version, whole
            assert dataset_rows(out) == after, f"killed after {delay:.2f} s: a new version, but not the whole run"
            break
        check_index(out)
        steps |= _staged_steps(out)
        delay += 0.12
    assert dataset_rows(out) == after
    check_index(out)
    assert kills >= 5
    # the kills landed in the new steps too (the staging folder they left says how far they got)
    assert {"rewrite", "merge"} <= steps, steps
    write_run(Dataset(out, settings), [clone(templates[0], 99_999)])  # the next run cleans up
    assert not list(Dataset(out).versions_dir.glob(".tmp-*"))
