"""Time the structured extraction of the sample 全項目評価書 against raw PyMuPDF and pdfplumber.

    uv run python bench/bench_extract.py [PDF] [--repeat N] [--no-plumber]

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
from extract.pdf import gc_paused, open_pdf
from normalize.text import fold, join_wrapped

DEFAULT = Path(__file__).resolve().parents[1] / "data" / "raw" / "samples" / "kitakyushu_kokuho_zenkomoku__calc.pdf"


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
    # a cold start for every repeat: no cached folding from the previous run of the same file
    fold.cache_clear()
    join_wrapped.cache_clear()
    # as hyokasho.pipeline.process_bytes runs it: one pause of the cyclic collector over
    # reading and extraction, the pages freed before it resumes
    with gc_paused():
        extract_assessment(open_pdf(path))


def best_interleaved(fns: dict, path: Path, repeat: int) -> dict[str, float]:
    """Best-of-N time per function, the functions taking turns within every round: a burst
    of load on a shared machine then slows one round of all of them, not one of them."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn(path)
            times[name].append(time.perf_counter() - t)
    return {name: min(ts) for name, ts in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-plumber", action="store_true", help="skip pdfplumber (40x slower than the rest)")
    a = ap.parse_args()
    pages = raw_pymupdf(a.pdf)  # also warms the caches
    ours(a.pdf)
    t = best_interleaved({"raw PyMuPDF dict+drawings": raw_pymupdf, "extract_assessment": ours}, a.pdf, a.repeat)
    base = t["raw PyMuPDF dict+drawings"]
    rows = list(t.items())
    if not a.no_plumber:
        try:
            rows.insert(
                1, ("pdfplumber extract_tables", best_interleaved({"p": plumber}, a.pdf, max(1, a.repeat // 3))["p"])
            )
        except ImportError:
            print("pdfplumber not installed: skipped")
    print(f"{a.pdf.name}: {pages} pages")
    for name, t in rows:
        print(f"  {name:28s} {1000 * t / pages:8.2f} ms/page   {t / base:6.2f}x raw")


if __name__ == "__main__":
    main()
