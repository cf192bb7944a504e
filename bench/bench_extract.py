"""Time the structured extraction of the sample 全項目評価書 against raw PyMuPDF and pdfplumber.

    uv run python bench/bench_extract.py [PDF] [--repeat N]

Prints ms/page for: raw PyMuPDF get_text("dict") + get_drawings(), pdfplumber
extract_tables(), and extract_assessment(open_pdf(...)), plus ratios to the raw baseline.
Ratios, not absolute times: all three run in the same process on the same pages.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import pymupdf

from extract.assessment import extract_assessment
from extract.pdf import open_pdf

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "samples" / "kitakyushu_kokuho_zenkomoku__calc.pdf"


def raw_pymupdf(path: Path) -> int:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("dict")
            page.get_drawings()
        return doc.page_count


def plumber(path: Path) -> None:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def ours(path: Path) -> None:
    extract_assessment(open_pdf(path))


def best(fn, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    pages = raw_pymupdf(a.pdf)  # also warms the caches
    base = best(raw_pymupdf, a.pdf, a.repeat)
    rows = [("raw PyMuPDF dict+drawings", base), ("extract_assessment", best(ours, a.pdf, a.repeat))]
    try:
        rows.insert(1, ("pdfplumber extract_tables", best(plumber, a.pdf, max(1, a.repeat - 2))))
    except ImportError:
        print("pdfplumber not installed: skipped")
    print(f"{a.pdf.name}: {pages} pages")
    for name, t in rows:
        print(f"  {name:28s} {1000 * t / pages:8.2f} ms/page   {t / base:6.2f}x raw")


if __name__ == "__main__":
    main()
