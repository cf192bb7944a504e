"""A Dask ingest of many documents ends with compacted tables (issue 18).

    uv run python bench/bench_dask_scale.py                 # 50,000 documents
    uv run python bench/bench_dask_scale.py --n 2000        # a quick run

`--distinct` documents are generated (bench_ingest's mix: 基礎, 重点, 全項目) and copied to
`--n` input files, each copy made distinct by a comment after its `%%EOF` (a different sha256,
so every copy is really extracted: hyokasho skips content it has already read). Then
`hyokasho ingest --executor dask` reads them all in one run on a local cluster, and the
benchmark reports its throughput beside the process pool's on the first `--pool-n` files
(the baseline of the same run), the peak memory of the process tree, and the files per table
the run leaves against the bound the layout promises (rows ÷ half a segment + the small tiers).
Writes bench/results/dask_scale.md (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_ingest import RESULTS, TreeMemory, make_corpus  # noqa: E402


def copies(corpus: Path, folder: Path, n: int) -> list[Path]:
    """n input files cycling over the corpus, each with its own trailing comment."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(corpus.glob("*.pdf"))
    out = []
    for i in range(n):
        path = folder / f"c{i // 1000:03d}" / f"copy{i:06d}.pdf"
        path.parent.mkdir(exist_ok=True)
        if not path.exists():
            # after %%EOF a PDF reader ignores a comment line; the bytes, and so the doc_id, differ
            path.write_bytes(sources[i % len(sources)].read_bytes() + f"\n% bench copy {i}\n".encode())
        out.append(path)
    return out


def ingest(inputs: Path, out: Path, executor: str, jobs: int) -> tuple[float, TreeMemory, dict]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "hyokasho.cli", "ingest", str(inputs), "--out", str(out)]
    cmd += ["--jobs", str(jobs), "--executor", executor, "--no-progress", "--json-log"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mem = TreeMemory(proc.pid)
    mem.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    mem.stop.set()
    mem.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest ({executor}) failed ({proc.returncode}):\n{stderr[-3000:]}")
    return wall, mem, json.loads(stdout.strip().splitlines()[-1])


def layout_of(out: Path) -> tuple[dict[str, int], int, int, int]:
    """Files per table, segments, rows of every table, and the layout's bound on segments."""
    import pyarrow.parquet as pq

    from hyokasho.dataset import Dataset
    from hyokasho.segments import LAYOUT
    from models.schema import TABLES

    ds = Dataset(out)
    files = {t: len(ds.files(t)) for t in TABLES}
    rows = sum(pq.ParquetFile(f).metadata.num_rows for t in TABLES for f in ds.files(t))
    bound = rows // LAYOUT.full_rows + (LAYOUT.fan_in - 1) * LAYOUT.tiers
    return files, len(ds.segments()), rows, bound


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--distinct", type=int, default=200)
    ap.add_argument("--pool-n", type=int, default=2_000, help="files the process pool reads as the baseline")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--work", type=Path, help="keep inputs and datasets here (default: a temporary folder)")
    args = ap.parse_args()

    corpus = RESULTS / f"corpus-{args.distinct}"
    make_corpus(corpus, args.distinct)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-dask-"))
    try:
        t0 = time.perf_counter()
        inputs = copies(corpus, work / "in", args.n)
        print(f"{len(inputs)} inputs in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        pool_in = work / "pool-in"
        if not pool_in.exists():
            pool_in.mkdir()
            for p in inputs[: args.pool_n]:
                os.link(p, pool_in / p.name)
        results = {}
        for name, folder, executor in (("pool", pool_in, "process"), ("dask", work / "in", "dask")):
            out = work / f"ds-{name}"
            if out.exists():
                shutil.rmtree(out)  # our own output of an earlier run of this benchmark
            wall, mem, summary = ingest(folder, out, executor, args.jobs)
            files, segments, rows, bound = layout_of(out)
            results[name] = (wall, mem, summary, files, segments, rows, bound)
            print(f"{name}: {summary['extracted']} extracted in {wall:.0f} s", file=sys.stderr)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    lines = ["| run | documents | wall s | files/s | peak RSS (tree) | rows | segments (bound) | files per table |"]
    lines.append("|---|---|---|---|---|---|---|---|")
    for name, (wall, mem, summary, files, segments, rows, bound) in results.items():
        per_table = f"{min(files.values())}–{max(files.values())}"
        lines.append(
            f"| {name} | {summary['extracted']} (failed {summary['failed']}) | {wall:.0f} | {summary['extracted'] / wall:.1f} "
            f"| {mem.peak_rss / 2**20:.0f} MB | {rows:,} | {segments} ({bound}) | {per_table} |"
        )
    pool_rate = results["pool"][2]["extracted"] / results["pool"][0]
    dask_rate = results["dask"][2]["extracted"] / results["dask"][0]
    load = os.getloadavg()
    text = (
        f"# Dask ingest at scale\n\n{time.strftime('%Y-%m-%d %H:%M')}, load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; {args.distinct} distinct documents\n\n"
        + "\n".join(lines)
        + f"\n\nDask throughput ÷ pool throughput: {dask_rate / pool_rate:.2f}\n"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dask_scale.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
