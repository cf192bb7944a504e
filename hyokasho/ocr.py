"""OCR fallback: pages without a usable text layer are read by Tesseract (`jpn`).

Why the tesseract CLI on a rendered pixmap and not PyMuPDF's get_textpage_ocr: the TSV
output gives word boxes we turn into the same `Char` objects the text layer gives, so the
unchanged extractors (lines, cells, keyed fields) run on OCR'd pages; and a Tesseract child
process is killed together with its worker when a file times out.

Only the pages extract.text_layer marks as bad are OCR'd; the others keep their text layer.
Rulings and fills are kept from the PDF (a no-ToUnicode page still has vector rules).
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # PyMuPDF costs seconds to import; the ingest parent only needs tesseract_status
    import pymupdf

    from extract.pdf import Char, Document

DPI = 300           # Tesseract's Japanese model wants ~10 px stroke width; 300 dpi is its documented sweet spot
LANG = "jpn"
PAGE_TIMEOUT = 240  # seconds per page; the per-file timeout of the batch still applies above this

OcrFunc = Callable[[bytes, str], "Document"]


def tesseract_status() -> tuple[bool, str]:
    """(available, explanation) — whether `tesseract` with `jpn` data can be used."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False, "tesseract is not installed (scripts/setup.sh installs tesseract-ocr and tesseract-ocr-jpn)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        return False, f"tesseract does not run ({e})"
    langs = {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}
    if LANG not in langs:
        return False, "tesseract has no Japanese data (install tesseract-ocr-jpn)"
    return True, f"tesseract at {exe} with {LANG}"


def make_ocr() -> OcrFunc | None:
    """The OCR function for `process_file(..., ocr=...)`, or None when Tesseract is unusable."""
    ok, _why = tesseract_status()
    return ocr_document if ok else None


def ocr_document(data: bytes, source: str) -> Document:
    import pymupdf

    from extract.pdf import read_pdf_bytes
    from extract.text_layer import page_problem

    doc = read_pdf_bytes(data, source)
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        pages = []
        for page in doc.pages:
            if page_problem(page) is None:
                pages.append(page)
                continue
            chars = ocr_page(pdf[page.number - 1])
            pages.append(replace(page, chars=chars, raw_char_count=len(chars),
                                 meta={**page.meta, "text_source": "ocr"}))
    return replace(doc, pages=pages)


def ocr_page(page: pymupdf.Page) -> list[Char]:
    import pymupdf
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY, alpha=False)
    png = pix.tobytes("png")
    del pix
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANG, "--psm", "3", "tsv"],
                         input=png, capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=True)
    return chars_from_tsv(out.stdout.decode("utf-8", errors="replace"), 72.0 / DPI)


def chars_from_tsv(tsv: str, scale: float) -> list[Char]:
    """Tesseract word boxes → one Char per character, the word's box split evenly.

    Tesseract's jpn words are runs of characters; an even split is close enough for the
    line grouping and cell assignment done downstream (they use centres, not exact edges).
    """
    from extract.pdf import Char

    chars: list[Char] = []
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < 0:
            continue
        x, y = float(row["left"]) * scale, float(row["top"]) * scale
        w, h = float(row["width"]) * scale, float(row["height"]) * scale
        text = "".join(text.split())
        step = w / len(text)
        for i, ch in enumerate(text):
            x0 = x + i * step
            chars.append(Char(ch, x0, y, x0 + step, y + h, h, "ocr"))
    return chars
