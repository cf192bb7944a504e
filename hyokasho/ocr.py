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
import tempfile
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from extract.settings_context import current

if TYPE_CHECKING:  # PyMuPDF costs seconds to import; the ingest parent only needs tesseract_status
    import numpy as np
    import pymupdf

    from extract.glyph_map import GlyphMapResult, OcrWord
    from extract.pdf import Char, Document, Page, Segment

LANG = "jpn"
# render resolution and per-page timeout: OcrSettings (extract.settings)

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

    from extract.classify import classify
    from extract.glyph_map import map_glyphs
    from extract.pdf import read_pdf_bytes
    from extract.text_layer import page_problem

    doc = read_pdf_bytes(data, source)
    bad = {page.number for page in doc.pages if page_problem(page) is not None}
    mapped = map_glyphs(data, source, bad, ocr_page_words, tesseract_crops)
    metadata = dict(doc.metadata)
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        pages = _assemble(doc.pages, bad, mapped, pdf, use_map=True)
        if mapped.pages and classify(replace(doc, pages=pages))[0] == "unknown":
            # a glyph map whose votes shifted on the title (報 named 情) leaves the document
            # unrecognised, so no row at all would come of it: the pages OCR'd as images (their
            # words are read already) are used instead when they are recognised
            head = [p for p in doc.pages if p.number <= 2]
            if classify(replace(doc, pages=_assemble(head, bad, mapped, pdf, use_map=False)))[0] != "unknown":
                pages = _assemble(doc.pages, bad, mapped, pdf, use_map=False)
                metadata["ocr_warnings"] = [
                    mapped.warning + "; not used: the document was not recognised "
                    "with it, its pages are read as OCR'd images"
                ]
                return replace(doc, pages=pages, metadata=metadata)
    if mapped.pages:  # read by the pipeline into documents.warnings
        metadata["ocr_warnings"] = [mapped.warning]
    return replace(doc, pages=pages, metadata=metadata)


def _assemble(
    doc_pages: list[Page], bad: set[int], mapped: GlyphMapResult, pdf: pymupdf.Document, use_map: bool
) -> list[Page]:
    """The document's pages with its bad pages replaced: glyph-mapped (`use_map`) where the
    glyph map rebuilt them, else from OCR's words of the page, else OCR'd as a scan."""
    from extract.ocr_cells import chars_from_words

    pages = []
    for page in doc_pages:
        if page.number not in bad:
            pages.append(page)
            continue
        if use_map and page.number in mapped.pages:
            # rulings/fills stay from the PDF page, chars are the rebuilt ones
            pages.append(
                replace(
                    page,
                    chars=mapped.pages[page.number].chars,
                    meta={**page.meta, "text_source": "ocr", "glyph_map": True},
                )
            )
            continue
        words = mapped.words.get(page.number)
        if words is not None:
            chars = chars_from_words(words)
        else:  # a scan: its rules may exist only as pixels
            chars, segments = ocr_scan(pdf[page.number - 1], page.segments)
            page = replace(page, segments=segments)
        pages.append(replace(page, chars=chars, raw_char_count=len(chars), meta={**page.meta, "text_source": "ocr"}))
    return pages


def ocr_scan(page: pymupdf.Page, segments: list[Segment]) -> tuple[list[Char], list[Segment]]:
    """OCR a page without glyphs. A scan (no vector rules of its own) is read cell by cell
    from its image (extract.ocr_cells: rules from the pixels, one OCR per cell, so a value
    never crosses a cell); a page that has vector rules but no text keeps its rules and is
    read as a whole."""
    import numpy as np

    from extract.ocr_cells import chars_from_words, read_scan

    pix = _gray_pixmap(page)
    if segments:
        return chars_from_words(tesseract_words(pix.tobytes("png"))), segments
    gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    scan = read_scan(gray, 72.0 / current().ocr.dpi, page.number + 1, tesseract_crops, current().cell_ocr)
    return scan.chars, scan.segments


def ocr_page_words(page: pymupdf.Page) -> list[OcrWord]:
    return tesseract_words(_gray_pixmap(page).tobytes("png"))


def _gray_pixmap(page: pymupdf.Page) -> pymupdf.Pixmap:
    """The page as Tesseract reads it (and raster_rules measures it): grey, OcrSettings.dpi, no alpha."""
    import pymupdf

    return page.get_pixmap(dpi=current().ocr.dpi, colorspace=pymupdf.csGRAY, alpha=False)


def tesseract_words(png: bytes) -> list[OcrWord]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", LANG, "--psm", "3", "tsv"],
        input=png,
        capture_output=True,
        timeout=current().ocr.page_timeout,
        env=env,
        check=True,
    )
    return words_from_tsv(out.stdout.decode("utf-8", errors="replace"), 72.0 / current().ocr.dpi)


def tesseract_crops(crops: list[np.ndarray], block: bool) -> list[list[OcrWord]]:
    """OCR many images in ONE Tesseract run (its list-file input: the model loads once, not
    once per cell); words in each image's pixels. `block`: the image is a block of lines
    (--psm 6); otherwise it is one text line (--psm 7: no line finding to go wrong)."""
    import numpy as np
    import pymupdf

    with tempfile.TemporaryDirectory(prefix="hyokasho-ocr-") as tmp:
        names = []
        for i, crop in enumerate(crops):
            name = os.path.join(tmp, f"{i:05d}.png")
            h, w = crop.shape
            pymupdf.Pixmap(pymupdf.csGRAY, w, h, np.ascontiguousarray(crop).tobytes(), False).save(name)
            names.append(name)
        listing = os.path.join(tmp, "images.txt")
        with open(listing, "w", encoding="utf-8") as f:
            f.write("\n".join(names) + "\n")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        out = subprocess.run(
            ["tesseract", listing, "stdout", "-l", LANG, "--psm", "6" if block else "7", "tsv"],
            capture_output=True,
            timeout=current().ocr.page_timeout,
            env=env,
            check=True,
        )
    per: list[list[tuple[tuple[int, int, int], OcrWord]]] = [[] for _ in crops]
    for page_num, line, word in _tsv_words(out.stdout.decode("utf-8", errors="replace"), 1.0):
        if 1 <= page_num <= len(per):
            per[page_num - 1].append((line, word))
    return [line_runs(ws) for ws in per]


def line_runs(words: list[tuple[tuple[int, int, int], OcrWord]]) -> list[OcrWord]:
    """Tesseract's words of one image → runs that do not overlap, in reading order.

    Tesseract's jpn "words" are arbitrary runs of characters with loose, overlapping boxes;
    their order within a line is right. Splitting each box evenly into characters and then
    sorting characters by x (as the line grouping downstream does) interleaves overlapping
    words ("北九州市小倉" → "北市九小倉"). So the words of a line are joined while they touch
    or overlap, and a run starts only after a real gap."""
    from extract.glyph_map import OcrWord

    runs: list[OcrWord] = []
    last_line = None
    for line, w in words:
        if runs and line == last_line:
            r = runs[-1]
            h = max(r.y1 - r.y0, w.y1 - w.y0, 1.0)
            if w.x0 < r.x1 + 0.5 * h:
                n, m = len(r.text), len(w.text)
                runs[-1] = OcrWord(
                    r.text + w.text,
                    r.x0,
                    min(r.y0, w.y0),
                    max(r.x1, w.x1),
                    max(r.y1, w.y1),
                    (r.conf * n + w.conf * m) / (n + m),
                )
                continue
            w = w._replace(x0=max(w.x0, r.x1))
        runs.append(w)
        last_line = line
    return runs


def words_from_tsv(tsv: str, scale: float) -> list[OcrWord]:
    """Tesseract's TSV → word boxes in PDF points (level 5 rows with text and a confidence)."""
    return [w for _p, _line, w in _tsv_words(tsv, scale)]


def _tsv_words(tsv: str, scale: float) -> list[tuple[int, tuple[int, int, int], OcrWord]]:
    """(image number, (block, paragraph, line), word) per Tesseract word."""
    from extract.glyph_map import OcrWord

    words: list[tuple[int, tuple[int, int, int], OcrWord]] = []
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        conf = float(row.get("conf") or -1)
        if row.get("level") != "5" or not text or conf < 0:
            continue
        x, y = float(row["left"]) * scale, float(row["top"]) * scale
        w, h = float(row["width"]) * scale, float(row["height"]) * scale
        line = (int(row.get("block_num") or 0), int(row.get("par_num") or 0), int(row.get("line_num") or 0))
        words.append((int(row.get("page_num") or 1), line, OcrWord("".join(text.split()), x, y, x + w, y + h, conf)))
    return words
