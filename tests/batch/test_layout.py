"""The dataset's part files: segments, their index, compaction (issue 18).

After any sequence of runs — new documents, replaced ones, forgotten ones, failed files and
their later success, compaction — the dataset holds exactly the rows the writer's rule says
(a document's rows replaced by doc_id, a failed file's by sha256 or path), the same rows a
fresh write of that final state holds; every file is covered by its segment's index; a run
reads, rewrites and fsyncs only the files holding documents it replaces.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from hyokasho import segments
from hyokasho.dataset import Dataset
from hyokasho.segments import INDEX_DIR, LayoutSettings, next_merge
from models.schema import TABLES, to_table
from tests.batch.conftest import REPO
from tests.batch.rows import State, clone, dataset_rows, state_rows, write_run

# small enough that a few dozen documents make every step happen: several tiers, merges into
# more than one segment, row groups split
SMALL = LayoutSettings(segment_rows=1_500, fan_in=3, tiers=2, row_group_rows=200, flush_rows=400, spill_rows=64)


def _files(out) -> dict[str, int]:
    cur = Dataset(out).current()
    return {t: len([p for p in (cur / t).glob("*.parquet") if not p.name.startswith("empty-")]) for t in TABLES}


def check_index(out) -> None:
    """Every part file is in an indexed segment, and each index says exactly what its files hold."""
    cur = Dataset(out).current()
    indexed = {s.name: s for s in segments.load(cur) if s.index_file().is_file()}
    for seg in segments.load(cur):
        assert seg.name in indexed, f"{seg.name}: a part file no index covers"
    for seg in indexed.values():
        derived = segments._derive(cur, seg.name, {t: seg.file(t) for t in seg.stats})
        assert derived.stats.keys() == seg.stats.keys()
        assert {t: r for t, (r, _) in derived.stats.items()} == {t: r for t, (r, _) in seg.stats.items()}
        assert sorted(derived.keys.to_pylist(), key=repr) == sorted(seg.keys.to_pylist(), key=repr), seg.name


def test_the_merge_policy_takes_the_lowest_tier_holding_fan_in_segments():
    s = LayoutSettings(segment_rows=1000, fan_in=2, tiers=2)  # full ≥ 500; tiers < 250 and < 500
    assert [s.tier(n) for n in (1, 249, 250, 499, 500, 10_000)] == [0, 0, 1, 1, None, None]
    assert next_merge({"a": 10, "b": 300, "c": 600}, s) == []
    assert next_merge({"a": 10, "b": 300, "c": 20, "d": 400}, s) == ["a", "c"]
    assert next_merge({"b": 300, "d": 400, "e": 900, "f": 800}, s) == ["b", "d"]  # full ones never
    t = LayoutSettings(segment_rows=1000, fan_in=4, tiers=3)
    assert next_merge({n: 5 for n in "abc"}, t) == [] and next_merge({n: 5 for n in "abcd"}, t) == list("abcd")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_any_sequence_of_runs_equals_a_fresh_write(tmp_path, templates, seed):
    rnd = random.Random(seed)
    out, state, present, n = tmp_path / "ds", State(), [], 0
    ds = Dataset(out, SMALL)
    max_files = 0
    for run in range(14):
        added, forgotten = [], []
        used_sources = set()
        for _ in range(rnd.choice((0, 1, 3, 8, 20))):  # new documents
            n += 1
            d = clone(rnd.choice(templates), n)
            added.append(d)
            used_sources.add(d.source)
        candidates = [d for d in present if d.source not in used_sources]
        for d in rnd.sample(candidates, min(len(candidates), rnd.choice((0, 1, 2)))):
            if d.doc_id and rnd.random() < 0.5:
                forgotten.append(d.doc_id)  # an input edited in place: its old version goes
                used_sources.add(d.source)
            else:  # the same path read again: as a document now, or failing now
                n += 1
                added.append(clone(rnd.choice(templates), n, source=d.source))
                used_sources.add(d.source)
        compact = rnd.choice((None, None, None, "small", "all"))
        write_run(ds, added, forgotten, compact)
        state.apply(added, forgotten)
        present = [d for d in present if d.doc_id not in forgotten and d.source not in {a.source for a in added}]
        present += added
        assert dataset_rows(out) == state_rows(state), f"run {run}"
        check_index(out)
        max_files = max(max_files, max(_files(out).values()))
    rows = sum(len(r) for r in state.rows.values())
    # bounded by the size: full segments (≥ segment_rows / 2 each) plus (fan_in − 1) per tier
    assert max_files <= 2 * rows // SMALL.segment_rows + 1 + (SMALL.fan_in - 1) * SMALL.tiers + 1

    fresh = tmp_path / "fresh"
    with Dataset(fresh, SMALL).writer() as w:
        w.add_tables({t: to_table(t, r) for t, r in state.rows.items() if r})
    assert dataset_rows(fresh) == dataset_rows(out)
    check_index(fresh)


def test_a_run_reads_rewrites_and_fsyncs_only_the_files_holding_what_it_replaces(tmp_path, templates, monkeypatch):
    out = tmp_path / "ds"
    ds = Dataset(out, LayoutSettings(segment_rows=10_000, fan_in=10, tiers=2))
    weeks = [[clone(templates[i % 5], 10 * w + i) for i in range(5)] for w in range(4)]
    for week in weeks:
        write_run(ds, week)  # four small segments (fan_in 10: no merge)
    before = Dataset(out).current()
    inodes = {p.stat().st_ino: p for p in before.rglob("*.parquet")}
    target = weeks[1][0]  # a 基礎: rows in documents, assessments, fields, … not in meetings
    seg = next(s for s in segments.load(before) if target.doc_id in s.keys.column("doc_id").to_pylist())

    opened, synced = [], []
    real_pf, real_schema = pq.ParquetFile, pq.read_schema
    monkeypatch.setattr(
        pq, "ParquetFile", lambda p, *a, **k: (opened.append(os.path.realpath(p)), real_pf(p, *a, **k))[1]
    )
    monkeypatch.setattr(
        pq, "read_schema", lambda p, *a, **k: (opened.append(os.path.realpath(p)), real_schema(p, *a, **k))[1]
    )
    import hyokasho.dataset as dataset_module

    real_sync = dataset_module._fsync_file
    monkeypatch.setattr(dataset_module, "_fsync_file", lambda p: (synced.append(os.stat(p).st_ino), real_sync(p))[1])

    w = write_run(ds, [clone(templates[3], 999)], forgotten=[target.doc_id])
    assert w.stats.linked == 3 and w.stats.rewritten == 1
    after = Dataset(out).current()
    touched = {os.path.realpath(seg.file(t)) for t in target.tables if target.tables[t]}
    old_files_opened = {p for p in opened if p.startswith(os.path.realpath(before)) and f"/{INDEX_DIR}/" not in p}
    assert old_files_opened == touched  # only the replaced document's own files were read
    assert not set(synced) & set(inodes)  # nothing carried over was fsynced again
    # the other segments, and the touched segment's tables without the document, are the same inodes
    kept = {p.stat().st_ino for p in after.rglob("*.parquet")} & set(inodes)
    untouched = {
        p.stat().st_ino
        for p in before.rglob("*.parquet")
        if os.path.realpath(p) not in touched and not p.name.startswith("empty-") and f"/{INDEX_DIR}/" not in str(p)
    }
    assert untouched <= kept
    assert target.doc_id not in Dataset(out).read("documents").column("doc_id").to_pylist()


def test_merged_files_have_duckdb_sized_row_groups(tmp_path, templates):
    s = LayoutSettings(segment_rows=100_000, fan_in=2, tiers=1, row_group_rows=500)
    out = tmp_path / "ds"
    write_run(Dataset(out, s), [clone(templates[2], i) for i in range(30)])  # 全項目: 124 fields rows each
    files = Dataset(out).files("fields")
    assert len(files) == 1
    groups = [
        pq.ParquetFile(files[0]).metadata.row_group(i).num_rows for i in range(pq.ParquetFile(files[0]).num_row_groups)
    ]
    assert groups[:-1] == [500] * (len(groups) - 1) and 0 < groups[-1] <= 500 and sum(groups) == 30 * 124


def test_a_dataset_written_before_the_index_is_indexed_on_its_next_run(tmp_path, templates):
    """The layout of hyokasho ≤ 0.2.1: files named per table write, no _index/."""
    out, state = tmp_path / "ds", State()
    docs = [clone(templates[i % 7], i) for i in range(12)]
    write_run(Dataset(out, SMALL), docs)
    state.apply(docs, [])
    cur = Dataset(out).current()
    # rewrite the version as the old writer left it: every table in per-table parts, no index
    for i, t in enumerate(TABLES):
        rows = Dataset(out).read(t)
        for p in (cur / t).glob("*.parquet"):
            p.unlink()
        for j in range(0, max(rows.num_rows, 1), 7):
            pq.write_table(rows.slice(j, 7), cur / t / f"part-old-{i:02d}{j:03d}.parquet")
    import shutil

    shutil.rmtree(cur / INDEX_DIR)
    more = [clone(templates[0], 100), clone(templates[4], 5, source=docs[5].source)]
    write_run(Dataset(out, SMALL), more, forgotten=[docs[1].doc_id])
    state.apply(more, [docs[1].doc_id])
    assert dataset_rows(out) == state_rows(state)
    check_index(out)


def test_files_a_killed_chunk_left_without_an_index_never_count(tmp_path, templates):
    out = tmp_path / "ds"
    with Dataset(out, SMALL).writer() as w:
        d = clone(templates[0], 1)
        w.add(d.tables, d.source, d.doc_id)
        # a Dask worker lost between a table file and its segment's index
        (w.dir / "fields").mkdir(exist_ok=True)
        pq.write_table(
            to_table("fields", clone(templates[0], 2).tables["fields"]), w.dir / "fields" / "part-dask-x-000001.parquet"
        )
        (w.dir / "fields" / ".part-dask-x-000002.parquet.tmp-1").write_bytes(b"half")
    assert Dataset(out).read("documents").num_rows == 1
    assert Dataset(out).read("fields").num_rows == len(d.tables["fields"])
    assert not [p for p in Dataset(out).current().rglob("*") if "dask" in p.name]


def _compact(*args):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "compact", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_compact_command_merges_small_segments_and_says_what_it_did(tmp_path, templates):
    out = tmp_path / "ds"
    ds = Dataset(out, LayoutSettings(fan_in=50))  # default sizes; no automatic merge in these 5 runs
    state = State()
    for w in range(5):
        docs = [clone(templates[w], 10 * w + i) for i in range(3)]
        write_run(ds, docs)
        state.apply(docs, [])
    assert max(_files(out).values()) == 5
    version = Dataset(out).current()
    r = _compact("--data", out)
    assert r.returncode == 0, r.stderr
    assert "5 segments → 1" in r.stderr
    assert max(_files(out).values()) == 1 and Dataset(out).current() != version
    assert dataset_rows(out) == state_rows(state)
    check_index(out)
    r = _compact("--data", out)  # nothing left to merge: no new version
    assert r.returncode == 0 and "already compact" in r.stderr
    r = _compact("--data", tmp_path / "nothing-here")
    assert r.returncode == 2 and "no hyokasho dataset" in r.stderr
