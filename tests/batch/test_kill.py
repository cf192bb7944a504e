"""SIGKILL in the middle of a real `hyokasho ingest` leaves the previous dataset complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
    return {
        t: con.execute(f"SELECT count(*) FROM read_parquet('{out}/{t}/**/*.parquet', union_by_name=true)").fetchone()[0]
        for t in TABLES
    }


@pytest.mark.slow
def test_sigkill_mid_run_keeps_previous_version(tmp_path):
    first, more, out = tmp_path / "first", tmp_path / "more", tmp_path / "ds"
    _corpus(first, 3)
    r = run_cli(first, "--out", out, "--jobs", "2")
    assert r.returncode in (0, 1), r.stderr
    before = _read_all(out)
    version = Dataset(out).current()
    assert before["documents"] == 3

    # 10 more: enough that the run is far from its end after 4 progress lines (kill is immediate)
    _corpus(more, 10, start=3)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hyokasho.cli", "ingest", str(first), str(more), "--out", str(out), "--jobs", "2"],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
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
    assert _read_all(out)["documents"] == 13
    assert len(table(out, "documents")) == 13
    assert not list(Dataset(out).versions_dir.glob(".tmp-*"))  # the killed run's staging was cleaned up


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_sigkill_at_any_step_of_a_commit_leaves_one_complete_version(tmp_path, templates):
    """A writer run killed at every kind of step — while it flushes, carries segments over,
    rewrites the ones holding replaced documents, spills and merges, writes an index, fsyncs,
    renames, swaps — leaves the previous version, complete and indexed, or the new one; never
    anything else. The run that finally completes gives exactly the rows the runs' rule says,
    the rows of a fresh write of the same documents."""
    import pickle
    import shutil

    from hyokasho.segments import LayoutSettings
    from models.schema import to_table
    from tests.batch.rows import State, clone, dataset_rows, state_rows, write_run
    from tests.batch.test_layout import check_index

    settings = LayoutSettings(segment_rows=1_500, fan_in=3, tiers=2, row_group_rows=200, flush_rows=400, spill_rows=64)
    home = tmp_path / "a"
    home.mkdir()
    out, state, n, history = home / "ds", State(), 0, []
    # 3 earlier runs of 10 and 30 added: measured to still produce every kind of step below
    # (the kinds assert checks it), at half the cost per subprocess run of 5×25 and 120
    for _ in range(3):
        docs = [clone(templates[i % len(templates)], n + i) for i in range(10)]
        n += 10
        write_run(Dataset(out, settings), docs)
        state.apply(docs, [])
        history += docs
    added = [clone(templates[i % len(templates)], n + i) for i in range(30)]
    added += [clone(templates[2], 10_000 + i, source=d.source) for i, d in enumerate(history[3:30:7])]
    forgotten = [d.doc_id for d in history[5:30:10] if d.doc_id]
    before, version = dataset_rows(out), Dataset(out).current()
    state.apply(added, forgotten)
    after = state_rows(state)

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.batch.layout_run", "--serve"],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    specs: dict[Path, Path] = {}  # target dataset → its run's spec, written once

    def run(target, kill_at: int = 0) -> subprocess.CompletedProcess:
        """One writer run in its own process (forked by the server: the imports are paid once)."""
        if target not in specs:
            specs[target] = tmp_path / f"run{len(specs)}.pickle"
            specs[target].write_bytes(pickle.dumps((target, settings, added, forgotten, None)))
        spec, out_file, err_file = specs[target], tmp_path / "run.out", tmp_path / "run.err"
        assert server.stdin and server.stdout
        server.stdin.write(f"{spec}\t{kill_at}\t{out_file}\t{err_file}\n")
        server.stdin.flush()
        code = int(server.stdout.readline())
        return subprocess.CompletedProcess(
            ["layout_run", spec, kill_at], code, out_file.read_text(), err_file.read_text()
        )

    # the steps of this run, counted on a copy of the dataset (the same run, the same steps)
    shutil.copytree(home, tmp_path / "count", symlinks=True)
    counted = run(tmp_path / "count" / "ds")
    assert counted.returncode == 0, counted.stderr
    events = counted.stdout.split()[:-1]
    kinds = {
        "flush",
        "carry-over",
        "rewrite",
        "spill",
        "merge",
        "index",
        "fsync",
        "fsync-dir",
        "rename",
        "swap",
        "swapped",
    }
    assert kinds <= set(events), set(events)
    # each kind of step at its first and its middle occurrence, and six more spread evenly
    points = {i + 1 for i in range(0, len(events), -(-len(events) // 6))}
    for kind in kinds:
        at = [i + 1 for i, e in enumerate(events) if e == kind]
        points |= {at[0], at[len(at) // 2]}
    killed_at = set()
    for point in sorted(points):
        r = run(out, point)
        assert r.returncode == -signal.SIGKILL, (point, r.stderr)
        killed_at.add(r.stderr.strip().splitlines()[-1].removeprefix("killed at "))
        if Dataset(out).current() == version:
            assert dataset_rows(out) == before, (
                f"killed at step {point} ({events[point - 1]}): the previous version changed"
            )
        else:  # killed after the link swapped: the new version, whole
            assert events[point - 1] == "swapped", point
            assert dataset_rows(out) == after, f"killed at step {point}: a new version, but not the whole run"
            break
        check_index(out)
    assert killed_at == kinds, killed_at
    if Dataset(out).current() == version:
        assert run(out).returncode == 0
    assert dataset_rows(out) == after
    check_index(out)
    fresh = tmp_path / "fresh"
    with Dataset(fresh, settings).writer() as w:
        w.add_tables({t: to_table(t, r) for t, r in state.rows.items() if r})
    assert dataset_rows(fresh) == after
    server.stdin.close()
    assert server.wait(timeout=60) == 0
    write_run(Dataset(out, settings), [clone(templates[0], 99_999)])  # the next run cleans up
    assert not list(Dataset(out).versions_dir.glob(".tmp-*"))
