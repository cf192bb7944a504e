"""Time the structured extraction of a PDF (the sample 全項目評価書 by default) against raw
PyMuPDF and pdfplumber.

    uv run python bench/bench_extract.py [PDF ...] [--repeat N] [--no-plumber]

Prints ms/page for: raw PyMuPDF get_text("dict") + get_drawings(), pdfplumber
extract_tables(), and the extractor hyokasho.pipeline runs for the file's document type
(extract_assessment for a 評価書, extract_minutes for 議事録, …) on open_pdf(...), plus ratios
to the raw baseline. Ratios, not absolute times: all methods run in the same process on the
same pages. Several PDFs are measured one after the other, each against its own baseline.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pymupdf

from extract.classify import classify
from extract.minutes.roles import _label_forms, _posts_of
from extract.pdf import gc_paused, open_pdf
from hyokasho.pipeline import EXTRACTORS, _load
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


def extractor_for(path: Path):
    """The extractor hyokasho.pipeline runs for this file (its name, the function)."""
    doc_type, _label = classify(open_pdf(path))
    if doc_type not in EXTRACTORS:
        raise SystemExit(f"{path}: document type {doc_type!r} has no extractor")
    spec = EXTRACTORS[doc_type]
    return spec.split(":")[1], _load(spec)


def ours(extract):
    def run(path: Path) -> None:
        # a cold start for every repeat: no cached folding from the previous run of the same file
        fold.cache_clear()
        join_wrapped.cache_clear()
        _posts_of.cache_clear()
        _label_forms.cache_clear()
        # as hyokasho.pipeline.process_bytes runs it: one pause of the cyclic collector over
        # reading and extraction, the pages freed before it resumes
        with gc_paused():
            extract(open_pdf(path))

    return run


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
    ap.add_argument("pdf", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-plumber", action="store_true", help="skip pdfplumber (40x slower than the rest)")
    a = ap.parse_args()
    for pdf in a.pdf:
        bench_one(pdf, a.repeat, not a.no_plumber)


def bench_one(pdf: Path, repeat: int, with_plumber: bool) -> None:
    pages = raw_pymupdf(pdf)  # also warms the caches
    name, extract = extractor_for(pdf)
    run = ours(extract)
    run(pdf)
    t = best_interleaved({"raw PyMuPDF dict+drawings": raw_pymupdf, name: run}, pdf, repeat)
    base = t["raw PyMuPDF dict+drawings"]
    rows = list(t.items())
    if with_plumber:
        try:
            rows.insert(
                1, ("pdfplumber extract_tables", best_interleaved({"p": plumber}, pdf, max(1, repeat // 3))["p"])
            )
        except ImportError:
            print("pdfplumber not installed: skipped")
    print(f"{pdf.name}: {pages} pages")
    for label, t in rows:
        print(f"  {label:28s} {1000 * t / pages:8.2f} ms/page   {t / base:6.2f}x raw")


if __name__ == "__main__":
    main()
