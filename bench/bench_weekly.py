"""Weekly ingests into a national-size dataset cost what changed: 20 weeks of 50 documents.

    uv run python bench/bench_weekly.py                  # into 50,000 documents, 20 weeks
    uv run python bench/bench_weekly.py --docs 10000 --weeks 5    # a quick run

The large dataset: a real ingest of 1,000 generated documents (bench/bench_ingest.py's
corpus, with its manifest) plus 49 copies of its rows under new doc_ids (bench/replica.py),
written through the dataset writer, so it is laid out as a fresh ingest of 50,000 documents
would be. Each week 50 new generated PDFs arrive: 45 as new files, 5 written over files
already ingested (3 of the base corpus, whose documents sit in full segments, and 2 of earlier
weeks) — re-published documents whose old rows must go. Every week runs the real
`hyokasho ingest` CLI over the corpus folder and the weekly folder.

Baseline, in the same run and interleaved week by week: the same weekly input ingested into
a small dataset (the 1,000 real documents alone), so each week's ratio large ÷ small says
what the dataset's size costs, whatever the machine's load did meanwhile. Reported: time per
run (and last ÷ first), the ratio to the small dataset, files per table, and what each commit
did with the segments. Writes bench/results/weekly.md (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]
RESULTS = REPO / "bench" / "results"


def weekly_pdfs(n: int) -> list[Path]:
    """n generated documents other than the base corpus' (cached)."""
    from tests.pdfgen.forms_assessment import assessment, default_spec

    folder = RESULTS / f"weekly-pdfs-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(11)
    out = []
    for i in range(n):
        path = folder / f"w{i:05d}.pdf"
        form = rnd.choices(("kiso", "juten", "zenkomoku"), weights=(45, 35, 20))[0]
        spec = default_spec(form=form, assessment_no=50_000 + i, population=rnd.choice((3, 4, 5)))
        if not path.exists():
            path.write_bytes(assessment(spec)[0])
        out.append(path)
    return out


def build(work: Path, docs: int, base_corpus: Path) -> tuple[Path, Path, Path]:
    """(corpus copy, small dataset, large dataset) in `work`: both datasets ingested from the same
    copy of the corpus, so the weekly edits of corpus files replace documents in both."""
    from replica import base_tables, copies

    from hyokasho.dataset import Dataset
    from hyokasho.ingest import ingest
    from hyokasho.manifest import Entry, Manifest

    corpus = work / "corpus"
    shutil.copytree(base_corpus, corpus)
    small = work / "small"
    ingest([str(corpus)], small, log=lambda m: None)
    tables = base_tables(small)
    n_base = tables["documents"].num_rows
    large = work / "large"
    manifest = Manifest.load(Dataset(small).current())
    with Dataset(large).writer() as w:
        w.add_tables(tables)  # copy 0: the real documents, as the manifest knows them
        for c in copies(tables, -(-docs // n_base) - 1, start=1):
            w.add_tables(c)
            for d in (
                c["documents"].select(["doc_id", "source_file", "file_size", "status", "extractor_version"]).to_pylist()
            ):
                # a national dataset's manifest lists every path ever ingested: these copies' paths
                # are not on disk, as inputs of other folders would not be
                manifest.record(
                    Entry(
                        path=f"/replica/{d['source_file']}",
                        source_file=d["source_file"],
                        size=d["file_size"],
                        mtime_ns=0,
                        inode=0,
                        sha256=d["doc_id"],
                        extractor_version=d["extractor_version"],
                        outcome=d["status"],
                    )
                )
        manifest.write(w.dir)
    return corpus, small, large


def ingest_cli(paths: list[Path], out: Path) -> tuple[float, dict]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "ingest",
            *map(str, paths),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--json-log",
            "--no-progress",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({r.returncode}): {r.stderr[-3000:]}")
    return seconds, json.loads(r.stdout.strip().splitlines()[-1])


def files_per_table(out: Path) -> dict[str, int]:
    from hyokasho.dataset import Dataset
    from models.schema import TABLES

    cur = Dataset(out).current()
    return {t: len([p for p in (cur / t).glob("*.parquet") if not p.name.startswith("empty-")]) for t in TABLES}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--weeks", type=int, default=20)
    ap.add_argument("--per-week", type=int, default=50)
    ap.add_argument("--work", type=Path, default=RESULTS / "weekly-work")
    a = ap.parse_args()
    from bench_ingest import make_corpus

    from hyokasho.dataset import Dataset

    base_corpus = RESULTS / "corpus-1000"
    make_corpus(base_corpus, 1000)
    pdfs = weekly_pdfs(a.weeks * a.per_week)
    shutil.rmtree(a.work, ignore_errors=True)
    a.work.mkdir(parents=True)
    t0 = time.perf_counter()
    corpus, small, large = build(a.work, a.docs, base_corpus)
    print(
        f"built: {Dataset(large).version_info()['rows']['documents']:,} documents in {time.perf_counter() - t0:.0f} s",
        file=sys.stderr,
    )
    weekly = a.work / "weekly"
    weekly.mkdir()
    rnd = random.Random(5)
    corpus_files = sorted(corpus.glob("*.pdf"))
    written: list[Path] = []
    rows = []
    for week in range(a.weeks):
        batch = pdfs[week * a.per_week : (week + 1) * a.per_week]
        n_edit = min(5, a.per_week // 10)
        targets = rnd.sample(corpus_files, min(3, n_edit)) + rnd.sample(written, min(len(written), n_edit - 3))
        for src, dest in zip(batch, targets):  # re-published: new bytes at a known path
            shutil.copyfile(src, dest)
        for src in batch[len(targets) :]:
            dest = weekly / f"week{week:02d}-{src.name}"
            shutil.copyfile(src, dest)
            written.append(dest)
        # interleaved: the large dataset, then the small one, on the same input
        t_large, s_large = ingest_cli([corpus, weekly], large)
        t_small, s_small = ingest_cli([corpus, weekly], small)
        info = Dataset(large).version_info()
        files = files_per_table(large)
        rows.append(
            {
                "week": week + 1,
                "large": t_large,
                "small": t_small,
                "extracted": s_large["extracted"],
                "docs": info["rows"]["documents"],
                "max_files": max(files.values()),
                "fields_files": files["fields"],
                "segments": len(Dataset(large).segments()),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)
    first, last = rows[0], rows[-1]
    head = statistics.mean(r["large"] for r in rows[:3])
    tail = statistics.mean(r["large"] for r in rows[-3:])
    ratios = [r["large"] / r["small"] for r in rows]
    load = os.getloadavg()
    lines = [
        f"# weekly ingests: {a.weeks} × {a.per_week} documents into {first['docs'] - a.per_week:,}",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "",
        "| week | documents | extracted | large (s) | small (s) | large ÷ small | segments | files per table (max) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['week']} | {r['docs']:,} | {r['extracted']} | {r['large']:.1f} | {r['small']:.1f} | "
            f"{r['large'] / r['small']:.2f} | {r['segments']} | {r['max_files']} |"
        )
    lines += [
        "",
        f"- time per run, last ÷ first: {last['large'] / first['large']:.2f} (mean of the last 3 ÷ mean "
        f"of the first 3: {tail / head:.2f}); target ≤ 1.2",
        f"- large ÷ small dataset, same input: median {statistics.median(ratios):.2f}, range "
        f"{min(ratios):.2f}–{max(ratios):.2f}",
        f"- files per table: {first['max_files']} after the first week, {last['max_files']} after the last "
        f"(at most {max(r['max_files'] for r in rows)})",
    ]
    text = "\n".join(lines) + "\n"
    (RESULTS / "weekly.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
