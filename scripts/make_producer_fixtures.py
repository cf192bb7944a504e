#!/usr/bin/env python3
"""Re-render the real samples' content with OTHER PDF producers -> tests/fixtures/producers/.

The samples were all made by LibreOffice 7.4 Calc/Writer (IPAex fonts, simple TrueType,
Td-positioned runs). Real municipalities publish from Word, Excel, Ichitaro and browsers,
so the same content is rebuilt as
  * writer   — a Word .docx (python-docx) rendered to PDF by LibreOffice Writer
  * chromium — an HTML page printed to PDF by headless Chromium (Skia: Type0 fonts, Tm)
from the sample PDF itself: every page's ruled tables (PyMuPDF find_tables: cell boxes, so
merged cells become colspan/rowspan) and the text outside them, in reading order. Cell text
keeps hard line breaks (list items, ＜選択肢＞ lines) and joins soft wraps, so the new
producer wraps text at its own widths. Page footers (ページ n / N) are dropped; the producer
paginates on its own. The truth is unchanged: <spec>.expected.json is the sample's.

NOT run by CI and not a project dependency. Needs, on the machine that runs it:
    apt-get install -y libreoffice-writer-nogui chromium fonts-noto-cjk
    python3 -m venv /tmp/prodvenv && /tmp/prodvenv/bin/pip install python-docx pymupdf
    /tmp/prodvenv/bin/python scripts/make_producer_fixtures.py [--samples DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from extract.pdf import Line, group_lines, read_pdf_bytes  # noqa: E402  (the project's reader: deduped chars, lines)

# spec -> sample file; which producers to make for it
SPECS = {
    "kitakyushu_kokuho_kiso": ("kitakyushu_kokuho_kiso__calc", ("writer", "chromium")),
    "kitakyushu_kokuho_zenkomoku": ("kitakyushu_kokuho_zenkomoku__calc", ("writer", "chromium")),
    "seed00_kitakyushu_22_kokuho": ("seed00_kitakyushu_22_kokuho", ("chromium",)),
    "seed01_kitakyushu_15_juki": ("seed01_kitakyushu_15_juki", ("chromium",)),
    "seed02_izumi_h29_cloud": ("seed02_izumi_h29_cloud", ("chromium",)),
    "seed04_sapporo_r2_kokuho_pc": ("seed04_sapporo_r2_kokuho_pc", ("chromium",)),
}
FOOTER = re.compile(r"^(ページ|-)?\s*\d+\s*(/\s*\d+)?\s*(-)?$")


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    shaded: bool = False


@dataclass
class Table:
    widths: list[float]
    n_rows: int
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Para:
    text: str
    indent: float = 0.0  # share of text width: keeps right-aligned markers (様式2) right


# ---------------------------------------------------------------- reading the sample


def join_lines(lines: list[Line], right: float) -> str:
    """Lines of one cell/paragraph -> text with '\n' only at hard breaks.

    A line that ends well before the right edge (2 em) was broken by the author; one that
    reaches the edge was wrapped by the producer and continues on the next line.
    """
    out = ""
    for i, ln in enumerate(lines):
        out += ln.text
        if i + 1 < len(lines):
            em = max(c.size for c in ln.chars)
            nxt = lines[i + 1].text
            soft = ln.bbox[2] > right - 2 * em and not re.match(r"^(\d+\)|[・①-⑳＜<※（(]|\d+\s)", nxt)
            out += "" if soft else "\n"
    return out


def _idx(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _edges(vals: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(vals):
        if not out or v - out[-1] > 2.0:
            out.append(v)
    return out


def _covered(segs, fixed: float, lo: float, hi: float, horizontal: bool) -> bool:
    """Is the edge from lo to hi at `fixed` drawn (by one or more ruling segments)?"""
    spans = sorted(
        (s.x0, s.x1) if horizontal else (s.y0, s.y1)
        for s in segs
        if s.horizontal == horizontal and abs((s.y0 if horizontal else s.x0) - fixed) < 2.0
    )
    at = lo + 1.5
    for a, b in spans:
        if a <= at + 0.5:
            at = max(at, b)
    return at >= hi - 1.5


def ruled_cells(page) -> list[list[tuple[float, float, float, float]]]:
    """Cell boxes of the page's ruled tables, one list per table (top to bottom).

    Own grid finder rather than PyMuPDF find_tables(), which misses some LibreOffice tables
    (the II/III tables of the kiso sample's pages 2–3): take every distinct ruling x and y,
    make the fine grid, merge neighbours not separated by a drawn rule, keep boxes whose
    four sides are drawn, and group boxes touching each other into tables.
    """
    segs = page.segments
    xs = _edges([s.x0 for s in segs if not s.horizontal])
    ys = _edges([s.y0 for s in segs if s.horizontal])
    if len(xs) < 2 or len(ys) < 2:
        return []
    parent = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            a = parent[a]
        return a

    for i in range(len(ys) - 1):
        for j in range(len(xs) - 1):
            if j + 1 < len(xs) - 1 and not _covered(segs, xs[j + 1], ys[i], ys[i + 1], False):
                parent[find((i, j))] = find((i, j + 1))
            if i + 1 < len(ys) - 1 and not _covered(segs, ys[i + 1], xs[j], xs[j + 1], True):
                parent[find((i, j))] = find((i + 1, j))
    groups: dict = {}
    for i in range(len(ys) - 1):
        for j in range(len(xs) - 1):
            groups.setdefault(find((i, j)), []).append((i, j))
    boxes = []
    for members in groups.values():
        i0, i1 = min(m[0] for m in members), max(m[0] for m in members) + 1
        j0, j1 = min(m[1] for m in members), max(m[1] for m in members) + 1
        if len(members) != (i1 - i0) * (j1 - j0):
            continue  # not a rectangle: open space around tables
        x0, x1, y0, y1 = xs[j0], xs[j1], ys[i0], ys[i1]
        if (
            _covered(segs, y0, x0, x1, True)
            and _covered(segs, y1, x0, x1, True)
            and _covered(segs, x0, y0, y1, False)
            and _covered(segs, x1, y0, y1, False)
        ):
            boxes.append((x0, y0, x1, y1))
    # tables: boxes connected by shared edges
    tables: list[list] = []
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        for t in tables:
            if any(abs(b[1] - o[3]) < 2 or abs(b[3] - o[1]) < 2 or (b[1] < o[3] and o[1] < b[3]) for o in t) and any(
                b[0] < o[2] + 2 and o[0] < b[2] + 2 and b[1] < o[3] + 2 and o[1] < b[3] + 2 for o in t
            ):
                t.append(b)
                break
        else:
            tables.append([b])
    return tables


def read_blocks(pdf_path: Path) -> list[Table | Para]:
    doc = read_pdf_bytes(pdf_path.read_bytes(), str(pdf_path))
    blocks: list[tuple[int, float, Table | Para]] = []
    for page in doc.pages:
        tables = []
        for boxes in ruled_cells(page):
            bbox = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            tables.append(bbox)
            xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
            ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
            tab = Table(widths=[xs[i + 1] - xs[i] for i in range(len(xs) - 1)], n_rows=len(ys) - 1)
            for b in boxes:
                x0, y0, x1, y1 = b
                # characters, not lines: a line overflowing its cell belongs to two cells
                lines = group_lines([c for c in page.chars if x0 - 1 <= c.cx <= x1 + 1 and y0 - 1 <= c.cy <= y1 + 1])
                shaded = any(
                    f.gray < 0.99 and f.x0 - 1 <= (x0 + x1) / 2 <= f.x1 + 1 and f.y0 - 1 <= (y0 + y1) / 2 <= f.y1 + 1
                    for f in page.fills
                )
                r0, r1, c0, c1 = _idx(ys, y0), _idx(ys, y1), _idx(xs, x0), _idx(xs, x1)
                if r1 <= r0 or c1 <= c0:
                    continue
                tab.cells.append(Cell(join_lines(lines, x1 - 2), r0, c0, r1 - r0, c1 - c0, shaded))
            blocks.append((page.number, bbox[1], tab))
        # text outside tables: paragraphs of consecutive lines
        right = max((ln.bbox[2] for ln in page.lines), default=page.width)
        left = min((ln.bbox[0] for ln in page.lines), default=0)
        para: list[Line] = []
        for ln in page.lines:
            inside = any(
                t[0] - 1 <= (ln.bbox[0] + ln.bbox[2]) / 2 <= t[2] + 1
                and t[1] - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= t[3] + 1
                for t in tables
            )
            if inside or FOOTER.match(ln.text.strip()) and ln.bbox[1] > page.height * 0.9:
                if para:
                    blocks.append(_para(page.number, para, left, right))
                    para = []
                continue
            if para and ln.bbox[1] - para[-1].bbox[3] > 1.2 * (para[-1].bbox[3] - para[-1].bbox[1]):
                blocks.append(_para(page.number, para, left, right))
                para = []
            para.append(ln)
        if para:
            blocks.append(_para(page.number, para, left, right))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return [b[2] for b in blocks]


def _para(page: int, lines: list[Line], left: float, right: float):
    indent = (lines[0].bbox[0] - left) / max(right - left, 1)
    return (page, lines[0].bbox[1], Para(join_lines(lines, right), round(indent, 2)))


# ---------------------------------------------------------------- HTML (Chromium)

CSS = """@page { size: A4; margin: 14mm 12mm; }
body { font-family: 'Noto Serif CJK JP', serif; font-size: 9pt; line-height: 1.35; }
p { margin: 0.3em 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; table-layout: fixed; }
td { border: 0.6pt solid #000; padding: 1.5pt 3pt; vertical-align: middle; white-space: pre-wrap; }
td.sh { background: #e4e4e4; }
"""


def to_html(blocks: list[Table | Para], title: str) -> str:
    out = [
        f"<!doctype html><html lang=ja><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"<style>{CSS}</style></head><body>"
    ]
    for b in blocks:
        if isinstance(b, Para):
            style = f' style="margin-left:{b.indent * 100:.0f}%"' if b.indent > 0.05 else ""
            out.append(f"<p{style}>{html.escape(b.text)}</p>")
            continue
        total = sum(b.widths) or 1
        out.append(
            "<table><colgroup>"
            + "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in b.widths)
            + "</colgroup>"
        )
        for r in range(b.n_rows):
            cells = sorted((c for c in b.cells if c.row == r), key=lambda c: c.col)
            out.append(
                "<tr>"
                + "".join(
                    f"<td{' class=sh' if c.shaded else ''} colspan={c.colspan} rowspan={c.rowspan}>"
                    f"{html.escape(c.text)}</td>"
                    for c in cells
                )
                + "</tr>"
            )
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def chromium_pdf(html_text: str, out: Path, work: Path) -> None:
    src = work / (out.stem + ".html")
    src.write_text(html_text, encoding="utf-8")
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


# ---------------------------------------------------------------- Word (LibreOffice Writer)


def writer_pdf(blocks: list[Table | Para], out: Path, work: Path) -> None:
    import docx  # python-docx, from the throwaway venv
    from docx.enum.text import WD_BREAK  # noqa: F401
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(18)
    sec.top_margin = sec.bottom_margin = Mm(20)
    normal = d.styles["Normal"]
    normal.font.size = Pt(9)
    normal.font.name = "Noto Sans CJK JP"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK JP")
    normal.paragraph_format.space_after = Pt(1)
    text_width = Mm(174)

    def fill(cell_or_doc, text: str) -> None:
        lines = text.split("\n")
        p = cell_or_doc.paragraphs[0] if cell_or_doc.paragraphs else cell_or_doc.add_paragraph()
        p.text = lines[0]
        for ln in lines[1:]:
            cell_or_doc.add_paragraph(ln)

    for b in blocks:
        if isinstance(b, Para):
            for ln in b.text.split("\n"):
                p = d.add_paragraph(ln)
                if b.indent > 0.05:
                    p.paragraph_format.left_indent = int(text_width * min(b.indent, 0.8))
            continue
        t = d.add_table(rows=b.n_rows, cols=len(b.widths))
        t.style = "Table Grid"
        total = sum(b.widths) or 1
        for j, w in enumerate(b.widths):
            for cell in t.columns[j].cells:
                cell.width = int(text_width * w / total)
        for c in b.cells:
            a = t.cell(c.row, c.col)
            z = t.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1)
            m = a.merge(z) if (a._tc is not z._tc) else a
            fill(m, c.text)
            if c.shaded:
                shd = m._tc.get_or_add_tcPr().makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): "E4E4E4"})
                m._tc.get_or_add_tcPr().append(shd)
        d.add_paragraph("")
    src = work / (out.stem + ".docx")
    d.save(src)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(src)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    shutil.move(work / (out.stem + ".pdf"), out)


# ---------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "raw" / "samples")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "producers")
    ap.add_argument("--only", default="", help="regex on spec names")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for spec, (sample, producers) in SPECS.items():
            if not re.search(a.only, spec):
                continue
            blocks = read_blocks(a.samples / f"{sample}.pdf")
            for prod in producers:
                out = a.out / f"{spec}__{prod}.pdf"
                if prod == "chromium":
                    chromium_pdf(to_html(blocks, spec), out, work)
                else:
                    writer_pdf(blocks, out, work)
                print(f"{out.name}: {pymupdf.open(out).page_count} pages, {out.stat().st_size // 1024} KiB")
            shutil.copy(a.samples / f"{sample}.expected.json", a.out / f"{spec}.expected.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
