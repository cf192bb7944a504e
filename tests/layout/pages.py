"""Small hand-built PDF pages for the layout unit tests: rules and text placed exactly.

Each test says where every rule and every string goes, so the expected cells (boxes and
texts) follow from the page itself, not from a template. PyMuPDF writes the page; the
built-in CJK font (`japan`) carries a ToUnicode map, as a producer's embedded font would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf

from extract.pdf import Document, read_pdf_bytes

A4 = (595.0, 842.0)


@dataclass
class Sheet:
    """One page: ruling segments, text runs at baselines, filled rectangles (ticks)."""

    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    texts: list[tuple[float, float, str, float]] = field(default_factory=list)
    fills: list[tuple[float, float, float, float]] = field(default_factory=list)

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> "Sheet":
        self.rules.append((x0, y0, x1, y1))
        return self

    def text(self, x: float, baseline: float, s: str, size: float = 9.0) -> "Sheet":
        self.texts.append((x, baseline, s, size))
        return self

    def fill(self, x0: float, y0: float, x1: float, y1: float) -> "Sheet":
        self.fills.append((x0, y0, x1, y1))
        return self

    def grid(
        self,
        xs: list[float],
        ys: list[float],
        cells: dict[tuple[int, int], str] | None = None,
        size: float = 9.0,
        skip_h: set[tuple[int, int]] = frozenset(),
    ) -> "Sheet":
        """A ruled grid: vertical rules at `xs`, horizontal rules at `ys`; `cells[(r, c)]` is
        written 3 pt inside the cell's top-left corner. `skip_h` holds (row, col) whose TOP
        rule is left out, so that cell continues the one above (a rowspan)."""
        for r, y in enumerate(ys):
            for c in range(len(xs) - 1):
                if (r, c) not in skip_h:
                    self.rule(xs[c], y, xs[c + 1], y)
        for x in xs:
            self.rule(x, ys[0], x, ys[-1])
        for (r, c), s in (cells or {}).items():
            self.text(xs[c] + 3, ys[r] + 3 + size, s, size)
        return self


def build(*sheets: Sheet, size: tuple[float, float] = A4) -> bytes:
    doc = pymupdf.open()
    for sheet in sheets:
        page = doc.new_page(width=size[0], height=size[1])
        for x0, y0, x1, y1 in sheet.rules:
            page.draw_line((x0, y0), (x1, y1), width=0.5)
        for x0, y0, x1, y1 in sheet.fills:
            page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=None, fill=(0, 0, 0))
        for x, y, s, fs in sheet.texts:
            page.insert_text((x, y), s, fontname="japan", fontsize=fs)
    return doc.tobytes(deflate=True)


def read(*sheets: Sheet) -> Document:
    return read_pdf_bytes(build(*sheets), "layout-test.pdf")
