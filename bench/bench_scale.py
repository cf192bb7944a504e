"""Scale: every canned query, search and export on a 50,000-document dataset.

    uv run python bench/bench_scale.py                       # 50,000 documents, every export format
    uv run python bench/bench_scale.py --docs 5000 --formats parquet,csv   # a quick run
    uv run python bench/bench_scale.py --files 1000          # the same rows in 1,000 files per table
    uv run python bench/bench_scale.py --work /tmp/scale50k --queries version_changes,meeting_links
                                                             # those queries only (no search, no exports)

The dataset is the bundled data/raw (47 documents: real samples and the synthetic set)
ingested once, then replicated: each copy gets new doc_ids and source files, and each of its
bodies is mapped to another body of the municipality table (so GROUP BY body has ~1,900
groups, and copies mapped to the same body become later versions of its assessments). The
rows are written with the dataset writer, `--files` part files per table.

Baselines, measured in the same run, so the figures are ratios as well as seconds:
* queries: a full scan of the largest table (`SELECT count(*), max(length(value)) FROM fields`);
* search: a plain DuckDB contains() scan of the same folded texts (bench/bench_search.py);
* exports: DuckDB's own `COPY … TO '….parquet'` of every table (no Python in the loop).
Each export runs in a child process whose peak RSS is read from wait4(). Writes
bench/results/scale.md (gitignored).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
RESULTS = REPO / "bench" / "results"


def base_dataset(work: Path) -> Path:
    from hyokasho.ingest import ingest

    out = work / "base"
    if not (out / "documents").is_dir():
        ingest([str(REPO / "data" / "raw")], str(out), log=lambda m: None)
    return out


def replicate(base: Path, out: Path, docs: int, files: int) -> int:
    """Write `docs` documents (copies of the base's) into a new dataset at `out`."""
    from hyokasho.dataset import Dataset
    from models.schema import HISTORY_TABLES, SCHEMAS, TABLES
    from normalize.municipality import load_table

    src = Dataset(base)
    tables = {t: src.read(t) for t in TABLES}
    base_ids = tables["documents"].column("doc_id").to_pylist()
    n_base = len(base_ids)
    copies = -(-docs // n_base)
    munis = [e for e in load_table() if e.kind != "prefecture"]
    # every body code/name of the base, to map per copy
    base_bodies = sorted(
        {
            c
            for t in ("assessments", "meetings", "comment_rounds")
            for c in tables[t].column("municipality_name").to_pylist()
            if c
        }
    )
    per_file = max(1, -(-copies // files))
    written = 0
    with Dataset(out).writer() as w:
        for table in HISTORY_TABLES:  # written whole, never in segments
            if tables[table].num_rows:
                rows = [_copy(table, tables[table], i, base_ids, base_bodies, munis) for i in range(copies)]
                w.set_history(table, pa.concat_tables(rows).to_pylist())
        for start in range(0, copies, per_file):
            chunk = range(start, min(copies, start + per_file))
            for table in TABLES:
                t = tables[table]
                if t.num_rows == 0 or table in HISTORY_TABLES:
                    continue
                parts = []
                for i in chunk:
                    parts.append(_copy(table, t, i, base_ids, base_bodies, munis))
                w._write(table, pa.concat_tables(parts).cast(SCHEMAS[table]))  # bench: arrow in, no row dicts
            written += len(chunk) * n_base
        w.documents_written = written
    return written


def _copy(table: str, t: pa.Table, i: int, base_ids: list[str], bodies: list[str], munis: list) -> pa.Table:
    def new_id(old: str | None) -> str | None:
        return None if old is None else hashlib.sha256(f"{old}/{i}".encode()).hexdigest()

    def body(name: str | None):
        if not name:
            return None
        return munis[(i * 131 + bodies.index(name) * 7) % len(munis)] if name in bodies else None

    cols = {}
    for name in t.column_names:
        col = t.column(name)
        if name == "doc_id" or (table == "ingest_errors" and name == "sha256"):
            col = pa.array([new_id(v) for v in col.to_pylist()], pa.string())
        elif name == "source_file":
            col = pa.array([None if v is None else f"copy{i:05d}/{v}" for v in col.to_pylist()], pa.string())
        cols[name] = col
    if table in ("assessments", "meetings", "comment_rounds"):
        mapped = [body(v) for v in t.column("municipality_name").to_pylist()]
        cols["municipality_name"] = pa.array(
            [m.name if m else v for m, v in zip(mapped, t.column("municipality_name").to_pylist())], pa.string()
        )
        cols["municipality_code"] = pa.array(
            [m.code if m else v for m, v in zip(mapped, t.column("municipality_code").to_pylist())], pa.string()
        )
        if table == "assessments":
            cols["prefecture"] = pa.array(
                [m.prefecture if m else v for m, v in zip(mapped, t.column("prefecture").to_pylist())], pa.string()
            )
            cols["organization"] = pa.array(
                [f"{m.name}長" if m else v for m, v in zip(mapped, t.column("organization").to_pylist())], pa.string()
            )
    return pa.table(cols)


def _best(fn, repeat: int) -> tuple[float, float, float]:
    """(first run, best of `repeat`, CPU seconds of that best run) — DuckDB's threads are in this
    process, so process_time counts their work; unlike the wall time it does not grow while the
    query waits for a core on a busy machine, and a quiet machine's wall time is at most it."""
    times = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    best = min(times)
    return times[0][0], best[0], best[1]


def time_queries(
    data: Path, repeat: int, only: set[str] | None = None
) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    from hyokasho.paths import queries_dir
    from hyokasho.query import connect, execute, load_sql

    con = connect(data)
    _, base, _ = _best(lambda: con.execute("SELECT count(*), max(length(value)) FROM fields").fetchall(), repeat)
    out = {}
    for path in sorted(queries_dir().glob("*.sql")):
        if path.name in ("views.sql", "macros.sql") or (only is not None and path.stem not in only):
            continue
        sql = load_sql(path.name)
        con = connect(data)  # a fresh connection, as `hyokasho query` has
        rows = []
        first, best, cpu = _best(lambda con=con, sql=sql, rows=rows: rows.append(len(execute(con, sql).rows)), repeat)
        out[path.stem] = (first, best, cpu, rows[-1])
    return base, out


def time_exports(data: Path, work: Path, formats: list[str]) -> tuple[float, dict[str, tuple[float, float]]]:
    import duckdb

    from models.schema import TABLES

    target = work / "copy-baseline"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    con = duckdb.connect()
    t0 = time.perf_counter()
    for t in TABLES:
        con.execute(
            f"COPY (SELECT * FROM read_parquet('{data.resolve()}/{t}/**/*.parquet', union_by_name = true)) "
            f"TO '{target}/{t}.parquet' (FORMAT parquet, COMPRESSION zstd)"
        )
    base = time.perf_counter() - t0
    out = {}
    for fmt in formats:
        dest = work / f"export-{fmt}"
        shutil.rmtree(dest, ignore_errors=True)
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "hyokasho.cli", "export", "--data", str(data), "--out", str(dest), "--format", fmt],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # sampled, not wait4()'s ru_maxrss: a forked child's high-water mark starts at this
        # (large) process's RSS at fork time, so it would report ours, not the export's
        import psutil

        child, peak = psutil.Process(proc.pid), 0
        while proc.poll() is None:
            try:
                peak = max(peak, child.memory_info().rss)
            except psutil.Error:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        if proc.wait() != 0:
            raise RuntimeError(f"export --format {fmt} failed: {proc.stderr.read().decode()[-2000:]}")
        out[fmt] = (seconds, peak / 2**20)
        shutil.rmtree(dest, ignore_errors=True)
    return base, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--files", type=int, default=10, help="part files per table (default 10)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", default="parquet,csv,jsonl,xlsx,sqlite")
    ap.add_argument("--work", type=Path, default=None, help="keep the datasets here (default: a temp folder)")
    ap.add_argument("--exports-only", action="store_true", help="skip the queries and search")
    ap.add_argument(
        "--queries",
        default=None,
        help="time only these canned queries (NAME,... without .sql); skips search and exports",
    )
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="hyokasho-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    lines = [f"# bench_scale: {a.docs} documents, {a.files} files per table", ""]

    def log(s: str = "") -> None:
        print(s, flush=True)
        lines.append(s)

    base = base_dataset(work)
    data = work / f"ds-{a.docs}-{a.files}"
    t0 = time.perf_counter()
    if not (data / "documents").is_dir():
        n = replicate(base, data, a.docs, a.files)
    else:
        n = a.docs
    log(f"dataset: {n} documents from copies of {base}, built in {time.perf_counter() - t0:.1f} s")
    from hyokasho.dataset import read_version_info

    rows = read_version_info(data.resolve()).get("rows", {})
    log(
        f"rows: {sum(rows.values())} ({', '.join(f'{k} {v}' for k, v in sorted(rows.items(), key=lambda x: -x[1])[:4])} …)"
    )

    if a.exports_only:
        return _exports(a, data, work, log, lines)
    only = {q.strip().removesuffix(".sql") for q in a.queries.split(",") if q.strip()} if a.queries else None
    if only is not None:
        from hyokasho.paths import queries_dir

        unknown = sorted(q for q in only if not (queries_dir() / f"{q}.sql").is_file())
        if unknown:
            ap.error(f"--queries: no such query: {', '.join(unknown)}")
    scan, queries = time_queries(data, a.repeat, only)
    log("")
    log(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    log(f"| query | first run | best of {a.repeat} | CPU s of the best | ÷ fields scan ({scan * 1000:.0f} ms) | rows |")
    log("|---|---|---|---|---|---|")
    for name, (first, best, cpu, nrows) in queries.items():
        log(f"| {name} | {first:.2f} s | {best:.2f} s | {cpu:.2f} | {best / scan:.1f} | {nrows} |")
    slow = [k for k, (_, b, _, _) in queries.items() if b >= 1.0]
    slow_cpu = [k for k, (_, _, c, _) in queries.items() if c >= 1.0]
    log(
        f"\nqueries at or over 1 s wall (best of {a.repeat}): {', '.join(slow) or 'none'}; "
        f"at or over 1 CPU second: {', '.join(slow_cpu) or 'none'}"
    )

    if only is not None:  # a query-only run: no search, no exports
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return 0

    import bench_search as bs

    log("")
    t0 = time.perf_counter()
    s = bs.run(str(data), repeat=5, log=lambda m: None)
    log(
        f"search: {s['units']} units ({s['distinct_texts']} distinct texts); index build {s['build_s']:.1f} s, "
        f"cached load {s['load_s']:.2f} s; query median {s['query_median_ms']:.0f} ms, "
        f"p95 {s['query_p95_ms']:.0f} ms; ÷ contains() scan {s['ratio']:.2f} (total {time.perf_counter() - t0:.0f} s)"
    )

    return _exports(a, data, work, log, lines)


def _exports(a, data: Path, work: Path, log, lines: list[str]) -> int:
    formats = [f for f in a.formats.split(",") if f]
    if formats:
        copy_s, exports = time_exports(data, work, formats)
        log("")
        log(f"| export | seconds | ÷ DuckDB COPY to Parquet ({copy_s:.1f} s) | peak RSS |")
        log("|---|---|---|---|")
        for fmt, (sec, rss) in exports.items():
            log(f"| {fmt} | {sec:.1f} | {sec / copy_s:.1f} | {rss:.0f} MB |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
