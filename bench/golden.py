"""Golden output of a fixed set of PDFs, to prove a refactoring of the reading layer changes nothing.

    uv run python bench/golden.py OUT.json [--gen DIR] [--files N]
    uv run python bench/golden.py --compare A.json B.json

For every PDF of the set it records
  * `rows`: every row `hyokasho.pipeline.process_file` produces, all tables, minus the
    wall-clock columns (`ingested_at`, `at`) — the end-to-end output;
  * `reader`: what `extract.pdf.read_pdf_bytes` returns, page by page (a digest of the exact
    chars, segments and fills, the image area and raw char count, and every line's text and
    bbox) — so a change in the reading layer shows up even where the extractors absorb it.

The set: the samples in data/raw/samples ($HYOKASHO_SAMPLES for another copy), tests/fixtures/producers/*.pdf, the first N files
of data/raw/synthetic, and (with --gen DIR) generated messy variants written once into DIR
(fake bold, spaced, rects, vector marks, …) so that two runs read identical bytes.

To compare two versions of the code, run the same script with the other tree first on the
import path (e.g. `PYTHONPATH=/tmp/base .venv/bin/python bench/golden.py ...`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = Path(os.environ.get("HYOKASHO_SAMPLES") or ROOT / "data" / "raw" / "samples")
DROP = {"ingested_at", "at"}


def pdf_set(n_synthetic: int, gen: Path | None) -> list[Path]:
    files = sorted(SAMPLES.glob("*.pdf"))
    files += sorted((ROOT / "tests" / "fixtures" / "producers").glob("*.pdf"))
    synth = sorted((ROOT / "data" / "raw" / "synthetic").glob("*.pdf"))
    # spread over the kinds (kiso, juten, zenkomoku, minutes, public_comment), not the first N by name
    step = max(1, len(synth) // max(1, n_synthetic))
    files += synth[::step][:n_synthetic]
    if gen is not None:
        files += generated(gen)
    return files


def generated(out: Path) -> list[Path]:
    """Messy variants from the test generator, written once (kept across runs)."""
    out.mkdir(parents=True, exist_ok=True)
    variants = {
        "clean": {},
        "fake_bold": {"fake_bold": True},
        "spaced": {"spaced": True},
        "spaced_literal": {"spaced": "literal"},
        "rects": {"rules": "rects"},
        "kangxi": {"kangxi": True},
        "vector": {"mark": "vector"},
        "split_rows": {"split_rows": True},
        "all": {"fake_bold": True, "kangxi": True, "split_rows": True, "mark": "vector", "rules": "rects"},
    }
    jobs = [(k, v) for k in ("kiso", "juten", "zenkomoku") for v in variants]
    jobs += [("minutes", "clean"), ("minutes", "fake_bold"), ("public_comment", "clean"), ("public_comment", "spaced")]
    paths = []
    for kind, variant in jobs:
        p = out / f"gen_{kind}_{variant}.pdf"
        if not p.exists():
            sys.path.insert(0, str(ROOT))
            from tests.pdfgen.fixtures import generate
            from tests.pdfgen.messy import Messy

            pdf, _ = generate(kind, Messy(**variants[variant]))
            p.write_bytes(pdf)
        paths.append(p)
    return paths


def _clean(v):
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items() if k not in DROP}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if isinstance(v, float):
        return repr(v)
    if v is None or isinstance(v, (str, int, bool)):
        return v
    return str(v)


def reader_summary(data: bytes, name: str) -> dict:
    from extract.pdf import PdfError, read_pdf_bytes

    try:
        doc = read_pdf_bytes(data, name)
    except PdfError as e:
        return {"error": e.code}
    pages = []
    for p in doc.pages:
        h = hashlib.sha256()
        for c in p.chars:
            h.update(repr((c.text, c.x0, c.y0, c.x1, c.y1, c.size, c.font, c.glyph)).encode())
        h.update(b"|")
        for s in p.segments:
            h.update(repr((s.x0, s.y0, s.x1, s.y1)).encode())
        h.update(b"|")
        for f in p.fills:
            h.update(repr((f.x0, f.y0, f.x1, f.y1, f.gray)).encode())
        pages.append(
            {
                "n": p.number,
                "size": [p.width, p.height],
                "chars": len(p.chars),
                "raw": p.raw_char_count,
                "segments": len(p.segments),
                "fills": len(p.fills),
                "image_area": repr(p.image_area),
                "digest": h.hexdigest(),
                "lines": [[ln.text, [round(x, 3) for x in ln.bbox]] for ln in p.lines],
            }
        )
    return {"pages": pages, "metadata": doc.metadata, "page_count": doc.page_count}


def record(files: list[Path]) -> dict:
    from hyokasho.pipeline import process_file

    out = {}
    for f in files:
        res = process_file(f)
        key = f.name
        out[key] = {
            "rows": _clean({t: rows for t, rows in sorted(res.tables.items())}),
            "reader": _clean(reader_summary(f.read_bytes(), str(f))),
        }
        print(f"  {key}: {sum(len(r) for r in res.tables.values())} rows", file=sys.stderr)
    return out


def compare(a: dict, b: dict) -> int:
    diffs = 0
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            print(f"{name}: only in {'B' if name not in a else 'A'}")
            diffs += 1
            continue
        for part in ("reader", "rows"):
            x, y = a[name][part], b[name][part]
            if x == y:
                continue
            diffs += 1
            if part == "reader" and "pages" in x and "pages" in y:
                for pa, pb in zip(x["pages"], y["pages"]):
                    if pa != pb:
                        keys = [k for k in pa if pa[k] != pb.get(k)]
                        print(f"{name}: reader page {pa['n']} differs in {keys}")
            elif part == "rows":
                for t in sorted(set(x) | set(y)):
                    ra, rb = x.get(t, []), y.get(t, [])
                    if ra != rb:
                        sa = {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in ra}
                        sb = {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rb}
                        print(
                            f"{name}: table {t}: {len(ra)} vs {len(rb)} rows, "
                            f"{len(sa - sb)} only in A, {len(sb - sa)} only in B"
                        )
                        for r in sorted(sa - sb)[:3]:
                            print(f"    A: {r[:300]}")
                        for r in sorted(sb - sa)[:3]:
                            print(f"    B: {r[:300]}")
            else:
                print(f"{name}: {part} differs")
    print(f"{len(set(a) | set(b))} files, {diffs} differing parts")
    return diffs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--gen", type=Path, help="directory for generated messy PDFs (created once)")
    ap.add_argument("--files", type=int, default=10, help="how many data/raw/synthetic files")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    a = ap.parse_args()
    if a.compare:
        x, y = (json.loads(p.read_text()) for p in a.compare)
        sys.exit(1 if compare(x, y) else 0)
    if a.out is None:
        ap.error("OUT is required unless --compare")
    import extract.pdf

    print(f"extract.pdf from {extract.pdf.__file__}", file=sys.stderr)
    data = record(pdf_set(a.files, a.gen))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0)
    # the tree's own location (a worktree or a copy) is not output
    a.out.write_text(text.replace(str(ROOT), "<root>"))


if __name__ == "__main__":
    main()
