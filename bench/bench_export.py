"""Export memory is flat in the dataset's size: peak RSS of `hyokasho export` at 1k and 50k documents.

    uv run python bench/bench_export.py                       # 1,000 and 50,000 documents, every format
    uv run python bench/bench_export.py --large 10000 --formats parquet,csv

The small dataset is a real ingest of 1,000 generated documents (bench/bench_ingest.py's
corpus, cached in bench/results/); the large one is that dataset's rows replicated
(bench/replica.py) through the dataset writer. Each export runs in its own process; its RSS
is sampled every 20 ms (psutil). The two sizes take turns for every format (small, large,
small, large …) so a burst of load on the shared machine hits both. The baseline is DuckDB's
own `COPY … TO parquet` of every table of the same dataset, in the same run. Writes
bench/results/export.md (gitignored).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]
RESULTS = REPO / "bench" / "results"


def base_dataset(n: int) -> Path:
    """A real ingest of n generated documents (cached)."""
    from bench_ingest import make_corpus

    from hyokasho.ingest import ingest

    out = RESULTS / f"base-{n}"
    if not (out / "documents").is_dir():
        corpus = RESULTS / f"corpus-{n}"
        make_corpus(corpus, n)
        ingest([str(corpus)], out, log=lambda m: None)
    return out


def large_dataset(base: Path, docs: int) -> Path:
    from replica import replicate

    from hyokasho.dataset import Dataset

    out = RESULTS / f"replica-{docs}"
    n_base = Dataset(base).read("documents", columns=["doc_id"]).num_rows
    if not (out / "documents").is_dir():
        replicate(base, out, -(-docs // n_base))
    return out


def export_peak(data: Path, fmt: str, dest: Path) -> tuple[float, float]:
    """(seconds, peak RSS MB) of one `hyokasho export` process."""
    shutil.rmtree(dest, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hyokasho.cli", "export", "--data", str(data), "--out", str(dest), "--format", fmt],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    child, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, child.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - t0
    if proc.wait() != 0:
        raise SystemExit(f"export --format {fmt} of {data} failed: {proc.stderr.read().decode()[-2000:]}")
    shutil.rmtree(dest, ignore_errors=True)
    return seconds, peak / 2**20


def duckdb_copy(data: Path, dest: Path) -> float:
    import duckdb

    from models.schema import TABLES

    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    con = duckdb.connect()
    t0 = time.perf_counter()
    for t in TABLES:
        con.execute(
            f"COPY (SELECT * FROM read_parquet('{data.resolve()}/{t}/**/*.parquet', union_by_name = true)) "
            f"TO '{dest}/{t}.parquet' (FORMAT parquet, COMPRESSION zstd)"
        )
    seconds = time.perf_counter() - t0
    shutil.rmtree(dest, ignore_errors=True)
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000, help="documents of the real ingest (default 1000)")
    ap.add_argument("--large", type=int, default=50_000, help="documents of the replicated dataset (default 50000)")
    ap.add_argument("--formats", default="parquet,csv,jsonl,xlsx,sqlite")
    a = ap.parse_args()
    from hyokasho.dataset import Dataset

    small = base_dataset(a.small)
    large = large_dataset(small, a.large)
    rows = {name: sum(Dataset(d).version_info()["rows"].values()) for name, d in (("small", small), ("large", large))}
    docs = {name: Dataset(d).version_info()["rows"]["documents"] for name, d in (("small", small), ("large", large))}
    work = RESULTS / "export-work"
    results = {}
    for fmt in a.formats.split(","):
        for name, data in (("small", small), ("large", large)):
            results[(fmt, name)] = export_peak(data, fmt, work / f"{fmt}-{name}")
            print(fmt, name, f"{results[(fmt, name)][0]:.1f} s, {results[(fmt, name)][1]:.0f} MB", file=sys.stderr)
    copy = {name: duckdb_copy(d, work / f"copy-{name}") for name, d in (("small", small), ("large", large))}
    load = os.getloadavg()
    lines = [
        f"# export memory: {docs['small']:,} vs {docs['large']:,} documents",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
        f"rows {rows['small']:,} vs {rows['large']:,}; DuckDB COPY of every table to Parquet "
        f"{copy['small']:.1f} s vs {copy['large']:.1f} s",
        "",
        f"| format | peak RSS {docs['small']:,} | peak RSS {docs['large']:,} | ratio | seconds {docs['small']:,} "
        f"| seconds {docs['large']:,} | ÷ DuckDB COPY ({docs['large']:,}) |",
        "|---|---|---|---|---|---|---|",
    ]
    for fmt in a.formats.split(","):
        (ts, ms), (tl, ml) = results[(fmt, "small")], results[(fmt, "large")]
        lines.append(
            f"| {fmt} | {ms:.0f} MB | {ml:.0f} MB | {ml / ms:.2f} | {ts:.1f} | {tl:.1f} | {tl / copy['large']:.1f} |"
        )
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "export.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
