"""Queries after 100 incremental runs are as fast as after one ingest (compaction).

    uv run python bench/bench_compaction.py                 # 50,000 documents + 100 runs of 50
    uv run python bench/bench_compaction.py --copies 10 --runs 30   # a quick run

Three datasets holding the same rows, built from a real ingest of 1,000 generated documents
(bench/bench_export.py's base, replicated by bench/replica.py):
* **one**: every document written by one run (what a fresh ingest of them gives);
* **incremental**: the first `--copies` × 1,000 documents in one run, then `--runs` runs of
  `--per-run` new documents each, every run also re-writing one document of the first run (a
  re-published file: the full segment holding it is rewritten), with the default layout
  (hyokasho.segments.LAYOUT: automatic merges by size tier);
* **never merged**: the same runs with automatic merging switched off (fan_in beyond the number
  of runs) — one more part file per table and run, as hyokasho wrote before issue 18.
Every canned query (queries/*.sql) then runs on each dataset, a fresh connection each time,
the datasets taking turns within every round; the best of `--repeat` per query and dataset is
kept, and each query's number of rows must be equal on the three. Reported: files per table, each query's
best time, and incremental ÷ one and never merged ÷ one (target: incremental within 10%).
Writes bench/results/compaction.md (gitignored).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]
RESULTS = REPO / "bench" / "results"


def subset(tables: dict, ids: set[str]) -> dict:
    """The rows of these documents (ingest_errors: of these sha256)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    value_set = pa.array(sorted(ids), pa.string())
    out = {}
    for table, t in tables.items():
        key = "sha256" if table == "ingest_errors" else "doc_id"
        part = t.filter(pc.fill_null(pc.is_in(t.column(key), value_set=value_set), False))
        if part.num_rows:
            out[table] = part
    return out


def build(work: Path, base: Path, n_copies: int, runs: int, per_run: int) -> dict[str, Path]:
    from replica import base_tables, copy_of

    from hyokasho.dataset import Dataset
    from hyokasho.segments import LAYOUT, LayoutSettings

    tables = base_tables(base)
    ids = tables["documents"].column("doc_id").to_pylist()

    def weekly(r: int) -> tuple[dict, dict]:
        """Run r: per_run new documents (of copy n_copies + r·per_run ÷ 1,000), and one document
        of the first run again (same doc_id, same rows: a replacement)."""
        start = r * per_run
        c = copy_of(tables, n_copies + start // len(ids))
        new_ids = set(c["documents"].column("doc_id").to_pylist()[start % len(ids) : start % len(ids) + per_run])
        again = copy_of(tables, r % n_copies)
        old_id = again["documents"].column("doc_id")[(r * 37) % len(ids)].as_py()
        return subset(c, new_ids), subset(again, {old_id})

    out = {}
    one = work / "one"
    with Dataset(one).writer() as w:
        for i in range(n_copies):
            w.add_tables(copy_of(tables, i))
        for r in range(runs):
            w.add_tables(weekly(r)[0])
    out["one"] = one
    for name, settings in (("incremental", LAYOUT), ("never merged", LayoutSettings(fan_in=runs + 2))):
        path = work / name.replace(" ", "-")
        ds = Dataset(path, settings)
        with ds.writer() as w:
            for i in range(n_copies):
                w.add_tables(copy_of(tables, i))
        t0 = time.perf_counter()
        for r in range(runs):
            new, again = weekly(r)
            with ds.writer() as w:
                w.add_tables(new)
                w.add_tables(again)
        print(f"{name}: {runs} runs in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        out[name] = path
    return out


def files_per_table(data: Path) -> int:
    from hyokasho.dataset import Dataset
    from models.schema import TABLES

    cur = Dataset(data).current()
    return max(len([p for p in (cur / t).glob("*.parquet") if not p.name.startswith("empty-")]) for t in TABLES)


def time_queries(
    datasets: dict[str, Path], repeat: int
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    from hyokasho.paths import queries_dir
    from hyokasho.query import connect, execute, load_sql

    names = [p.name for p in sorted(queries_dir().glob("*.sql")) if p.name not in ("views.sql", "macros.sql")]
    best = {d: {q: float("inf") for q in names} for d in datasets}
    cpu = {d: {q: 0.0 for q in names} for d in datasets}
    for _ in range(repeat):
        for q in names:
            sql = load_sql(q)
            answers = {}
            for d, path in datasets.items():
                con = connect(path)  # a fresh connection, as `hyokasho query` has
                t0, c0 = time.perf_counter(), time.process_time()
                rows = execute(con, sql).rows
                wall, c = time.perf_counter() - t0, time.process_time() - c0
                con.close()
                if wall < best[d][q]:
                    best[d][q], cpu[d][q] = wall, c
                # the number of rows: some queries pick among tied rows (arg_max over the copies'
                # equal dates), so which source_file they name may differ between equal datasets
                answers[d] = len(rows)
            if len(set(answers.values())) != 1:
                raise SystemExit(f"{q}: the datasets answer differently: {answers}")
    return best, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=50, help="copies of the 1,000 documents in the first run")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--per-run", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=RESULTS / "compaction-work")
    a = ap.parse_args()
    from bench_export import base_dataset

    from hyokasho.dataset import Dataset

    base = base_dataset(1000)
    shutil.rmtree(a.work, ignore_errors=True)
    a.work.mkdir(parents=True)
    datasets = build(a.work, base, a.copies, a.runs, a.per_run)
    docs = Dataset(datasets["one"]).version_info()["rows"]["documents"]
    rows = {d: Dataset(p).version_info()["rows"] for d, p in datasets.items()}
    assert len({repr(r) for r in rows.values()}) == 1, rows
    files = {d: files_per_table(p) for d, p in datasets.items()}
    best, cpu = time_queries(datasets, a.repeat)
    load = os.getloadavg()
    names = list(datasets)
    lines = [
        f"# queries after {a.runs} incremental runs: {docs:,} documents, {sum(rows['one'].values()):,} rows",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
        f"best of {a.repeat}, the datasets taking turns",
        "",
        "files per table (max): " + ", ".join(f"{d} {files[d]}" for d in names),
        "",
        "| query | " + " | ".join(f"{d} (s)" for d in names) + " | incremental ÷ one | never merged ÷ one |",
        "|---|" + "---|" * (len(names) + 2),
    ]
    for q in best["one"]:
        lines.append(
            f"| {q.removesuffix('.sql')} | "
            + " | ".join(f"{best[d][q]:.3f}" for d in names)
            + f" | {best['incremental'][q] / best['one'][q]:.2f} | {best['never merged'][q] / best['one'][q]:.2f} |"
        )
    tot = {d: sum(best[d].values()) for d in names}
    tot_cpu = {d: sum(cpu[d].values()) for d in names}
    lines.append(
        "| **all** | "
        + " | ".join(f"{tot[d]:.2f}" for d in names)
        + f" | **{tot['incremental'] / tot['one']:.2f}** | {tot['never merged'] / tot['one']:.2f} |"
    )
    lines += [
        "",
        "CPU seconds of the best runs, all queries: "
        + ", ".join(f"{d} {tot_cpu[d]:.2f}" for d in names)
        + f" (incremental ÷ one {tot_cpu['incremental'] / tot_cpu['one']:.2f}); target: within 10% (≤ 1.10)",
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "compaction.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
