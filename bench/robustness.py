#!/usr/bin/env python3
"""Robustness matrix: {real samples + producer fixtures} × {clean + degradations}, scored.

    uv run python bench/robustness.py [--only REGEX] [--degrade clean,kangxi,...] [--keep DIR]

Builds `<spec>__<producer>__<degradation>.pdf` in a temp folder (tests/pdfgen/degrade.py
applied to the real PDFs), ingests the folder with the real CLI (`hyokasho ingest`), scores
every file with scripts/score.py's own functions (so the measures are exactly
the judge's) and prints one row per file: rate per measure and overall. The table also goes
to bench/results/robustness.md (gitignored).

image_only needs OCR (tesseract); it is skipped for documents over --max-ocr-pages pages
because OCR of the 58-page 全項目 sample takes many minutes on this machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.precision import TABLES as PRECISION_TABLES  # noqa: E402
from bench.precision import Precision  # noqa: E402
from tests.pdfgen import degrade  # noqa: E402
from tests.samples_truth import with_extra  # noqa: E402

SAMPLES = Path(os.environ.get("HYOKASHO_SAMPLES") or ROOT / "data" / "raw" / "samples")
SCORE = ROOT / "scripts" / "score.py"
PRODUCERS = ROOT / "tests" / "fixtures" / "producers"
DEGRADATIONS = ("clean", "fake_bold", "kangxi", "spaced", "no_tounicode", "image_only")
SCAN_DEGRADATIONS = tuple(degrade.SCANS)  # --degrade scans: every scan variant


def sources() -> list[tuple[str, str, Path, Path]]:
    """(spec, producer, pdf, expected json) for every sample and producer fixture."""
    out = []
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        spec, _, prod = pdf.stem.partition("__")
        # the seed samples were made by LibreOffice Writer but carry no producer in the name
        out.append((spec, prod or "lowriter", pdf, SAMPLES / f"{pdf.stem}.expected.json"))
    for pdf in sorted(PRODUCERS.glob("*.pdf")):
        spec, _, prod = pdf.stem.partition("__")
        out.append((spec, prod, pdf, PRODUCERS / f"{spec}.expected.json"))
    return out


def load_score():
    spec = importlib.util.spec_from_file_location("hyokasho_score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def build(work: Path, degradations: list[str], only: str, max_ocr_pages: int) -> tuple[Path, Path, list[str]]:
    pdfs, exp = work / "pdfs", work / "expected"
    pdfs.mkdir(parents=True)
    exp.mkdir()
    skipped = []
    for spec, prod, pdf, truth in sources():
        if not re.search(only, f"{spec}__{prod}"):
            continue
        shutil.copy(truth, exp / f"{spec}.expected.json")  # score.find_expected: base name
        data = pdf.read_bytes()
        pages = pymupdf.open("pdf", data).page_count
        for d in degradations:
            name = f"{spec}__{prod}__{d}"
            if (d == "image_only" or d.startswith("scan")) and pages > max_ocr_pages:
                skipped.append(f"{name} ({pages} pages > --max-ocr-pages {max_ocr_pages})")
                continue
            out = data if d == "clean" else degrade.TRANSFORMS[d](data)
            (pdfs / f"{name}.pdf").write_bytes(out)
    return pdfs, exp, skipped


def score_each(pdfs: Path, exp: Path, data: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """file -> measure -> (ok, n), using score.py's functions on one shared connection."""
    sc = load_score()
    con = sc.load(data)
    files = {p.stem: p for p in sorted(pdfs.glob("*.pdf"))}
    ids = sc.doc_ids(con, files)
    out = {}
    for name in files:
        t = sc.Tally()
        want = sc.find_expected(exp, name)
        did = ids.get(name)
        t.add("documents_found", did is not None, name)
        if did is not None:
            kind = want.get("kind") or want.get("document", {}).get("doc_type")
            fn = {"meeting": sc.score_meeting, "public_comment": sc.score_comments}.get(kind, sc.score_assessment)
            fn(con, did, want, t, name)
        out[name] = {m: (t.ok[m], t.n[m]) for m in t.n}
        out[name]["_misses"] = {m: t.misses[m][:2] for m in t.misses if t.misses[m]}
        if did is not None and (want.get("document") or {}).get("doc_type") in ("kiso", "juten", "zenkomoku"):
            # precision: every emitted row matched by the truth (with the repository's extra
            # truth for the samples) or explained; extra and wrongly keyed rows per table
            got = {tb: sc.rows(con, f"SELECT * FROM {tb} WHERE doc_id = ?", did) for tb in PRECISION_TABLES}
            prec = Precision()
            prec.document(got, with_extra(name, want), name)
            out[name]["_precision"] = prec.as_dict()
    return out


def table(results: dict, skipped: list[str], header: str) -> str:
    measures = sorted({m for r in results.values() for m in r if not m.startswith("_")})
    short = {
        m: m.replace("assessment.", "a.")
        .replace("utterances.", "utt.")
        .replace("meeting.", "m.")
        .replace("comment_round.", "cr.")
        .replace("entrustments.", "ent.")
        for m in measures
    }
    lines = [
        header,
        "",
        "| file | overall | precision (extra + wrong key / emitted) | " + " | ".join(short[m] for m in measures) + " |",
        "|---|---|---|" + "---|" * len(measures),
    ]
    for name, r in results.items():
        ok = sum(v[0] for m, v in r.items() if not m.startswith("_"))
        n = sum(v[1] for m, v in r.items() if not m.startswith("_"))
        cells = [f"{r[m][0] / r[m][1]:.2f}" if m in r and r[m][1] else "" for m in measures]
        prec = r.get("_precision")
        if prec:
            bad = sum(t["extra"] + t["wrong_key"] for t in prec.values())
            emitted = sum(t["emitted"] for t in prec.values())
            worst = min(prec.items(), key=lambda kv: kv[1]["precision"])
            pcell = f"{1 - bad / max(emitted, 1):.3f} ({bad}/{emitted}; worst {worst[0]} {worst[1]['precision']:.3f})"
        else:
            pcell = ""
        lines.append(f"| {name} | {ok / max(n, 1):.3f} ({ok}/{n}) | {pcell} | " + " | ".join(cells) + " |")
    if skipped:
        lines += ["", "skipped: " + "; ".join(skipped)]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="regex on <spec>__<producer>")
    ap.add_argument(
        "--degrade",
        default=",".join(DEGRADATIONS),
        help="comma-separated; 'scans' = every scan variant (" + ", ".join(SCAN_DEGRADATIONS) + ")",
    )
    ap.add_argument("--max-ocr-pages", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--no-ocr",
        action="store_true",
        help="hide tesseract from the ingest run (no_tounicode/image_only then stay needs_ocr); "
        "OCR of the 58–93 page 全項目 files takes many minutes",
    )
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it (default: temp, removed)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "robustness.md")
    a = ap.parse_args(argv)
    degradations = [x for d in a.degrade.split(",") if d for x in (SCAN_DEGRADATIONS if d == "scans" else (d,))]
    work = a.keep or Path(tempfile.mkdtemp(prefix="hyokasho-robust-"))
    if a.keep and work.exists():
        shutil.rmtree(work)
    try:
        t0 = time.time()
        pdfs, exp, skipped = build(work, degradations, a.only, a.max_ocr_pages)
        data = work / "out"
        env = dict(os.environ)
        if a.no_ocr:  # the CLI uses OCR whenever `tesseract` is on PATH; keep only uv's and the venv's dirs
            env["PATH"] = os.pathsep.join([str(Path(shutil.which("uv")).parent), str(ROOT / ".venv" / "bin")])
        p = subprocess.run(
            [
                shutil.which("uv"),
                "run",
                "hyokasho",
                "ingest",
                str(pdfs),
                "--out",
                str(data),
                "--jobs",
                str(a.jobs),
                "--timeout",
                "900",
                "--no-progress",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
        )
        if p.returncode not in (0, 1):
            print(p.stdout[-3000:], p.stderr[-3000:], sep="\n")
            return 1
        results = score_each(pdfs, exp, data)
        commit = subprocess.run(
            ["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        md = table(
            results,
            skipped,
            f"# Robustness ({time.strftime('%Y-%m-%d %H:%M')}, HEAD {commit}, {time.time() - t0:.0f}s)",
        )
        misses = {n: r["_misses"] for n, r in results.items() if r.get("_misses")}
        extras = {
            n: {t: v["examples"] for t, v in r["_precision"].items() if v["examples"]}
            for n, r in results.items()
            if r.get("_precision")
        }
        md += (
            "\n## first extra / wrongly keyed rows per file\n\n```\n"
            + json.dumps({n: e for n, e in extras.items() if e}, ensure_ascii=False, indent=1)[:20000]
            + "\n```\n"
        )
        md += (
            "\n## first misses per file\n\n```\n" + json.dumps(misses, ensure_ascii=False, indent=1)[:20000] + "\n```\n"
        )
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(md)
        print(md.split("\n## first misses")[0])
        return 0
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
