"""Visual provenance: one page of a PDF as a PNG with the extracted cells' boxes and keys on it.

The same idea as pdfplumber's debug image: a reader checks by eye that each value came from
the cell it should. Boxes are the `bbox` of the rows (PDF points, origin top left, which is
PyMuPDF's page space); a cell that several rows share (the check boxes of one row) is drawn
once with its key. The page is changed only in memory; the PDF file is never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

# (stroke colour RGB 0..1, label) per table; rows of other tables have no cell box
STYLE: dict[str, tuple[tuple[float, float, float], str]] = {
    "fields": ((0.10, 0.35, 0.85), "field"),
    "choices": ((0.05, 0.60, 0.20), "choice"),
    "checks": ((0.85, 0.15, 0.15), "check"),
}


@dataclass(frozen=True)
class DrawSettings:
    dpi: int = 150
    line_width: float = 0.8
    label_size: float = 5.0  # points: keys are long; small type keeps them inside the page
    label_opacity: float = 0.85  # a white band under the key so it reads over the page text


@dataclass
class Drawn:
    out: Path
    page: int
    pages: int
    boxes: int


class DrawError(Exception):
    pass


def boxes_on_page(tables: dict[str, list[dict[str, Any]]], page: int) -> list[tuple[str, str, tuple[float, ...]]]:
    """(table, key, bbox) of every row with a box on `page`, each distinct box once per table.

    A choice row repeats the box of the field row with the same key; it is drawn as a choice
    (the more specific kind) and the field box is not drawn again.
    """
    seen: dict[tuple, str] = {}
    out: list[tuple[str, str, tuple[float, ...]]] = []
    for table in ("choices", "checks", "fields"):
        for r in tables.get(table, []):
            bbox = r.get("bbox")
            if r.get("page") != page or not bbox or len(bbox) != 4:
                continue
            key = r.get("key") or ""
            if r.get("file_no") is not None:
                key = f"[{r['file_no']}] {key}"
            ident = (tuple(round(v, 1) for v in bbox), r.get("key"), r.get("file_no"))
            if ident in seen:
                continue
            seen[ident] = table
            out.append((table, key, tuple(bbox)))
    return out


def draw_page(
    pdf: str | Path,
    tables: dict[str, list[dict[str, Any]]],
    page: int,
    out: str | Path,
    settings: DrawSettings = DrawSettings(),
) -> Drawn:
    import pymupdf

    pdf, out = Path(pdf), Path(out)
    try:
        doc = pymupdf.open(pdf)
    except Exception as e:  # noqa: BLE001 - any reader failure is the file's, named in the message
        raise DrawError(f"{pdf}: cannot be opened to draw ({e})") from e
    with doc:
        if not 1 <= page <= doc.page_count:
            raise DrawError(f"{pdf}: has {doc.page_count} page(s); --draw {page} is not one of them")
        p = doc[page - 1]
        boxes = boxes_on_page(tables, page)
        font = pymupdf.Font("japan")  # keys are Japanese: the built-in CJK font, no system font needed
        for table, key, (x0, y0, x1, y1) in boxes:
            colour, _ = STYLE[table]
            rect = pymupdf.Rect(x0, y0, x1, y1)
            p.draw_rect(rect, color=colour, width=settings.line_width)
            _label(p, font, rect, key, colour, settings)
        pix = p.get_pixmap(dpi=settings.dpi)
        out.parent.mkdir(parents=True, exist_ok=True)
        pix.save(out)
        return Drawn(out, page, doc.page_count, len(boxes))


def _label(page, font, rect, text: str, colour, settings: DrawSettings) -> None:
    import pymupdf

    size = settings.label_size
    width = font.text_length(text, fontsize=size)
    # inside the box's top-left corner, clipped to the box width (the rest is in the text view)
    band = pymupdf.Rect(rect.x0, rect.y0, min(rect.x1, rect.x0 + width + 2), rect.y0 + size + 1.5)
    page.draw_rect(band, color=None, fill=(1, 1, 1), fill_opacity=settings.label_opacity)
    tw = pymupdf.TextWriter(page.rect, color=colour)
    shown = _fit(font, text, band.width - 2, size)
    tw.append((band.x0 + 1, band.y1 - 1.2), shown, font=font, fontsize=size)
    tw.write_text(page)


def _fit(font, text: str, width: float, size: float) -> str:
    if font.text_length(text, fontsize=size) <= width:
        return text
    while text and font.text_length(text + "…", fontsize=size) > width:
        text = text[:-1]
    return text + "…"


def legend(boxes: Iterable[tuple[str, str, tuple[float, ...]]]) -> str:
    counts: dict[str, int] = {}
    for table, _, _ in boxes:
        counts[table] = counts.get(table, 0) + 1
    return ", ".join(f"{n} {STYLE[t][1]}{'s' if n != 1 else ''}" for t, n in counts.items()) or "no boxes"
