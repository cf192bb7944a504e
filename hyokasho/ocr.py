"""OCR fallback: pages without a usable text layer are read by Tesseract (`jpn`).

Why the tesseract CLI on a rendered pixmap and not PyMuPDF's get_textpage_ocr: the TSV
output gives word boxes we turn into the same `Char` objects the text layer gives, so the
unchanged extractors (lines, cells, keyed fields) run on OCR'd pages; and a Tesseract child
process is killed together with its worker when a file times out.

Only the pages extract.text_layer marks as bad are OCR'd; the others keep their text layer.
- A page whose fonts lack ToUnicode keeps its exact glyph boxes and vector rulings; OCR only
  teaches extract.glyph_map which character each glyph is.
- A scanned page gets its characters from Tesseract's word boxes and, having no vector
  rulings, its table rulings from the image (extract.raster_rules).
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

    from extract.glyph_map import OcrWord
    from extract.pdf import Char, Document, Segment

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
    """OCR the bad pages. Pages drawn with fonts without ToUnicode keep their exact glyph boxes:
    OCR only teaches each glyph its character (extract.glyph_map); scans are read as before."""
    import pymupdf

    from extract.glyph_map import map_glyphs
    from extract.pdf import read_pdf_bytes
    from extract.text_layer import page_problem

    doc = read_pdf_bytes(data, source)
    bad = {page.number for page in doc.pages if page_problem(page) is not None}
    mapped = map_glyphs(data, source, bad, ocr_page_words)
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        pages = []
        for page in doc.pages:
            if page.number not in bad:
                pages.append(page)
                continue
            if page.number in mapped.pages:
                # rulings/fills stay from the PDF page, chars are the rebuilt ones
                pages.append(replace(page, chars=mapped.pages[page.number].chars,
                                     meta={**page.meta, "text_source": "ocr", "glyph_map": True}))
                continue
            words = mapped.words.get(page.number)
            if words is not None:
                chars = chars_from_words(words)
            else:  # a scan: its rules may exist only as pixels
                chars, segments = ocr_scan(pdf[page.number - 1], page.segments)
                page = replace(page, segments=segments)
            pages.append(replace(page, chars=chars, raw_char_count=len(chars),
                                 meta={**page.meta, "text_source": "ocr"}))
    metadata = dict(doc.metadata)
    if mapped.pages:  # read by the pipeline into documents.warnings
        metadata["ocr_warnings"] = [mapped.warning]
    return replace(doc, pages=pages, metadata=metadata)


def ocr_scan(page: pymupdf.Page, segments: list[Segment]) -> tuple[list[Char], list[Segment]]:
    """OCR a page without glyphs. When the PDF has no vector rules of its own (a scan), the
    table rules are found in the same pixmap (extract.raster_rules) — without them the cells
    cannot be rebuilt — and chars and rules are both moved into the deskewed page frame."""
    import numpy as np

    from extract.raster_rules import page_rulings
    pix = _gray_pixmap(page)
    chars = chars_from_words(tesseract_words(pix.tobytes("png")))
    if segments:
        return chars, segments
    gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    segments, chars = page_rulings(gray, 72.0 / DPI, chars)
    return chars, segments


def ocr_page_words(page: pymupdf.Page) -> list[OcrWord]:
    return tesseract_words(_gray_pixmap(page).tobytes("png"))


def _gray_pixmap(page: pymupdf.Page) -> pymupdf.Pixmap:
    """The page as Tesseract reads it (and raster_rules measures it): grey, DPI, no alpha."""
    import pymupdf
    return page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY, alpha=False)


def tesseract_words(png: bytes) -> list[OcrWord]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANG, "--psm", "3", "tsv"],
                         input=png, capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=True)
    return words_from_tsv(out.stdout.decode("utf-8", errors="replace"), 72.0 / DPI)


def words_from_tsv(tsv: str, scale: float) -> list[OcrWord]:
    """Tesseract's TSV → word boxes in PDF points (level 5 rows with text and a confidence)."""
    from extract.glyph_map import OcrWord

    words: list[OcrWord] = []
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        conf = float(row.get("conf") or -1)
        if row.get("level") != "5" or not text or conf < 0:
            continue
        x, y = float(row["left"]) * scale, float(row["top"]) * scale
        w, h = float(row["width"]) * scale, float(row["height"]) * scale
        words.append(OcrWord("".join(text.split()), x, y, x + w, y + h, conf))
    return words


def chars_from_words(words: list[OcrWord]) -> list[Char]:
    """Tesseract word boxes → one Char per character, the word's box split evenly.

    Tesseract's jpn words are runs of characters; an even split is close enough for the
    line grouping and cell assignment done downstream (they use centres, not exact edges).
    """
    from extract.pdf import Char

    chars: list[Char] = []
    for w in words:
        step = (w.x1 - w.x0) / len(w.text)
        h = w.y1 - w.y0
        for i, ch in enumerate(w.text):
            x0 = w.x0 + i * step
            chars.append(Char(ch, x0, w.y0, x0 + step, w.y1, h, "ocr"))
    return chars
