"""Benchmark of `hyokasho ingest` on generated documents.

    uv run python bench/bench_ingest.py            # 1,000 documents
    uv run python bench/bench_ingest.py --n 200    # a quick run

Measures files/s, pages/s, peak memory of the whole process tree (the ingest and its
workers; summed RSS, and summed PSS which counts shared library pages once), the time of a
no-op re-run, and the ratio of the wall time to the ideal: single-file extraction time
(measured in this run, in-process, on a sample) × files ÷ cores.
Writes bench/results/ingest.md (gitignored).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
RESULTS = REPO / "bench" / "results"


def make_corpus(folder: Path, n: int, seed: int = 7) -> int:
    """n distinct documents: ~45% 基礎, ~35% 重点, ~20% multi-page 全項目. Cached on disk."""
    from tests.pdfgen.forms_assessment import assessment, default_spec

    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    for i in range(n):
        path = folder / f"doc{i:05d}.pdf"
        if path.exists():
            continue
        form = rnd.choices(("kiso", "juten", "zenkomoku"), weights=(45, 35, 20))[0]
        spec = default_spec(form=form, assessment_no=1000 + i, population=rnd.choice((3, 4, 5)))
        path.write_bytes(assessment(spec)[0])
    return n


def single_file_seconds(files: list[Path], sample: int) -> tuple[float, float]:
    """Mean in-process extraction time per file (the pipeline only, no pool), after a warm-up:
    (wall, CPU). On a shared machine the wall time includes waiting for a core; the CPU time
    does not, so the ideal is computed from it."""
    from hyokasho.pipeline import process_file

    process_file(files[0])
    picked = random.Random(1).sample(files, min(sample, len(files))) if sample else files
    walls, cpus = [], []
    for f in picked:
        t0, c0 = time.perf_counter(), time.process_time()
        process_file(f)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.mean(walls), statistics.mean(cpus)


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_rss = self.peak_pss = 0
        self.cpu: dict[int, float] = {}  # pid → last seen user+system seconds
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                return
            rss = pss = 0
            for p in procs:
                try:
                    ct = p.cpu_times()
                    self.cpu[p.pid] = ct.user + ct.system
                    mi = p.memory_full_info()
                    rss += mi.rss
                    pss += getattr(mi, "pss", mi.rss)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.stop.wait(self.every)


def run_ingest(corpus: Path, out: Path, jobs: int) -> tuple[float, TreeMemory, str, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "ingest",
            str(corpus),
            "--out",
            str(out),
            "--jobs",
            str(jobs),
            "--no-progress",
            "--json-log",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    mem = TreeMemory(proc.pid)
    mem.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    mem.stop.set()
    mem.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({proc.returncode}):\n{stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and every worker it waited for
    tree_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, mem, stdout.strip().splitlines()[-1], tree_cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument(
        "--sample",
        type=int,
        default=0,
        help="files timed in-process for the ideal (default 0 = all: the exact sequential time)",
    )
    args = ap.parse_args()
    import json

    corpus = RESULTS / f"corpus-{args.n}"
    t0 = time.perf_counter()
    make_corpus(corpus, args.n)
    print(f"corpus: {args.n} files in {corpus} ({time.perf_counter() - t0:.0f} s to generate)", file=sys.stderr)
    files = sorted(corpus.glob("*.pdf"))
    per_file_wall, per_file = single_file_seconds(files, args.sample)
    print(
        f"single-file extraction: {per_file:.3f} s CPU, {per_file_wall:.3f} s wall (mean of {args.sample})",
        file=sys.stderr,
    )

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        out = work / "ds"
        wall, mem, summary_line, tree_cpu = run_ingest(corpus, out, args.jobs)
        summary = json.loads(summary_line)
        noop, _mem2, noop_line, _ = run_ingest(corpus, out, args.jobs)
        noop_summary = json.loads(noop_line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = os.cpu_count() or 1
    ideal = per_file * args.n / min(cores, args.jobs)
    pages = summary["pages"]
    rows = [
        ("documents", f"{args.n}"),
        ("pages", f"{pages}"),
        ("cores / jobs", f"{cores} / {args.jobs}"),
        ("wall time", f"{wall:.1f} s"),
        ("files/s", f"{args.n / wall:.2f}"),
        ("pages/s", f"{pages / wall:.1f}"),
        ("single-file extraction (in-process mean, CPU / wall)", f"{per_file:.3f} s / {per_file_wall:.3f} s"),
        ("ideal = single CPU × files ÷ cores", f"{ideal:.1f} s"),
        ("wall ÷ ideal (target ≤ 1.5)", f"{wall / ideal:.2f}"),
        ("wall ÷ (tree CPU ÷ cores): share of the machine we got", f"{wall / (tree_cpu / min(cores, args.jobs)):.2f}"),
        (
            "CPU time of the tree (CLI + workers) / of the CLI alone",
            f"{tree_cpu:.1f} s / {mem.cpu.get(mem.pid, 0):.1f} s",
        ),
        ("CPU time ÷ (single × files)", f"{tree_cpu / (per_file * args.n):.2f}"),
        ("peak memory, process tree, summed RSS", f"{mem.peak_rss / 2**20:.0f} MB"),
        ("peak memory, process tree, summed PSS", f"{mem.peak_pss / 2**20:.0f} MB"),
        (
            "no-op re-run (whole CLI)",
            f"{noop:.2f} s ({noop_summary['extracted']} extracted, {noop_summary['unchanged']} unchanged)",
        ),
        ("no-op re-run scaled to 1,000 files (linear; overstates, startup is fixed)", f"{noop * 1000 / args.n:.2f} s"),
        ("failed / needs OCR", f"{summary['failed']} / {summary['needs_ocr']}"),
    ]
    load = os.getloadavg()
    lines = ["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    text = (
        f"# hyokasho ingest benchmark\n\n{time.strftime('%Y-%m-%d %H:%M')}, "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n\n" + "\n".join(lines) + "\n"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
