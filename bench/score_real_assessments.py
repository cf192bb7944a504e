#!/usr/bin/env python3
"""Score the current extractor on the real-text 評価書 fixtures, recall and precision.

    uv run python bench/score_real_assessments.py --split dev              # parser development
    uv run python bench/score_real_assessments.py --split dev --style word # every spec Word-like
    uv run python bench/score_real_assessments.py --split dev --scan 200   # image-only, 200 dpi
    uv run python bench/score_real_assessments.py --split dev --degrade scan200_skew  # any tests/pdfgen/degrade
    uv run python bench/score_real_assessments.py --split held_out         # the coordinator, at the end

Renders the split's specs (tests/fixtures/real/assessments/<id>.json, split per manifest.json)
to PDFs, ingests them with the CLI into a temporary dataset, and prints

- the judge's measures: scripts/score.py's own score_assessment (doc_type, form_label,
  assessment.*, fields, choices, checks, entrustments, risk_measures, transfers, changes) —
  recall: how many expected rows were found with the right value;
- precision per table (bench/precision.py): rows emitted that no expected row matches
  (`extra`) and rows with the right text under a wrong key (`wrong_key`).

Held-out fixtures are for the final scoring only: parser developers run --split dev.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.precision import TABLES, Precision  # noqa: E402
from tests.pdfgen import degrade  # noqa: E402
from tests.pdfgen.real_forms import load_spec, render_spec, scan  # noqa: E402
from tests.pdfgen.real_manifest import ASSESSMENTS, entries  # noqa: E402

SCORE = ROOT / "scripts" / "score.py"


def judge():
    """The judge's scorer module (scripts/score.py), loaded from its file."""
    if not SCORE.exists():
        raise SystemExit(f"{SCORE}: the scoring tool is missing")
    spec = importlib.util.spec_from_file_location("hyokasho_judge_score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def render_all(
    ids: list[str], pdfs: Path, style: str, dpi: int | None, degradation: str | None = None
) -> dict[str, Path]:
    out = {}
    for i in ids:
        spec = load_spec(ASSESSMENTS / f"{i}.json")
        if style != "native":
            spec = {**spec, "style": style}
        # <id>__<variant> shares <id>'s truth (score.py's find_expected rule)
        name = (
            i
            + (f"__{style}" if style != "native" else "")
            + (f"__scan{dpi}" if dpi else "")
            + (f"__{degradation}" if degradation else "")
        )
        if degradation:
            pdf = degrade.TRANSFORMS[degradation](render_spec(spec))
        else:
            pdf = scan(spec, dpi) if dpi else render_spec(spec)
        path = pdfs / f"{name}.pdf"
        path.write_bytes(pdf)
        out[name] = path
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "held_out", "all"), required=True)
    ap.add_argument(
        "--style",
        choices=("native", "excel", "word"),
        default="native",
        help="render every spec in its own style (native) or in the given one",
    )
    ap.add_argument("--scan", type=int, metavar="DPI", help="score image-only renderings at this resolution")
    ap.add_argument(
        "--degrade",
        choices=sorted(degrade.TRANSFORMS),
        metavar="NAME",
        help="score this degradation of each rendering (tests/pdfgen/degrade.py: scan200_skew, "
        "scan200_bw, scan200_jpeg, scan300, no_tounicode, …) instead of --scan",
    )
    ap.add_argument("--only", default="", help="regex on fixture ids")
    ap.add_argument("--keep", type=Path, help="render and ingest into this folder instead of a temporary one")
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)

    ids = [e["id"] for e in entries(a.split) if re.search(a.only, e["id"])]
    if not ids:
        print(f"no fixtures in split {a.split}" + (f" matching {a.only!r}" if a.only else ""), file=sys.stderr)
        return 2
    if a.split != "dev":
        print("note: held-out fixtures are for the final scoring only", file=sys.stderr)
    score = judge()
    work = a.keep or Path(tempfile.mkdtemp(prefix="hyokasho-real-assessments-"))
    pdfs = work / "pdfs"
    pdfs.mkdir(parents=True, exist_ok=True)
    files = render_all(ids, pdfs, a.style, a.scan, a.degrade)
    data = work / "out"
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "ingest",
            *map(str, files.values()),
            "--out",
            str(data),
            "--force",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=a.timeout,
    )
    if p.returncode not in (0, 1):
        print(p.stdout[-2000:], p.stderr[-2000:], sep="\n", file=sys.stderr)
        print(f"ingest failed: exit {p.returncode}", file=sys.stderr)
        return 1

    con = score.load(data)
    found = score.doc_ids(con, files)
    t = score.Tally()
    prec = Precision()
    for name in files:
        exp = score.find_expected(ASSESSMENTS, name)
        did = found.get(name)
        t.add("documents_found", did is not None, name)
        if did is None:
            continue
        score.score_assessment(con, did, exp, t, name)
        got = {tb: score.rows(con, f"SELECT * FROM {tb} WHERE doc_id = ?", did) for tb in TABLES}
        prec.document(got, exp, name)

    measures = {
        m: {"ok": t.ok[m], "n": t.n[m], "rate": round(t.rate(m), 4), "misses": t.misses[m]} for m in sorted(t.n)
    }
    total_ok, total_n = sum(t.ok.values()), sum(t.n.values())
    if a.json:
        print(
            json.dumps(
                {
                    "split": a.split,
                    "style": a.style,
                    "scan_dpi": a.scan,
                    "documents": len(files),
                    "degradation": a.degrade,
                    "recall": measures,
                    "overall": round(total_ok / max(total_n, 1), 4),
                    "precision": prec.as_dict(),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(f"split {a.split}: {len(files)} documents, style {a.style}" + (f", scans at {a.scan} dpi" if a.scan else ""))
    for m, r in measures.items():
        miss = ("  e.g. " + " | ".join(map(str, r["misses"][:3]))) if r["misses"] else ""
        print(f"{m:32s} {r['ok']:6d}/{r['n']:<6d} {r['rate']:.4f}{miss}")
    print(f"overall recall {total_ok}/{total_n} = {total_ok / max(total_n, 1):.4f}")
    print(prec.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
