"""The messy variants of real PDFs, as options for the renderer and post-processing steps.

`Messy` is the one flag set every renderer/template accepts.  Flags that change how glyphs are
written (fake_bold, kangxi, spaced, marks, rules, split_rows) are honoured by `render.py` while
it writes content streams; flags that damage the finished file (no_tounicode, image_only) are
applied here on the PDF objects afterwards.
"""

from __future__ import annotations

import dataclasses
import random
import unicodedata
from dataclasses import dataclass

import pymupdf


@dataclass(frozen=True)
class Messy:
    # each glyph written twice, the copy shifted right by this many points (True -> 0.4).
    # NB: MuPDF's get_text() merges copies closer than ~0.8 pt; get_texttrace()/pdfplumber see both.
    fake_bold: bool | float = False
    # text layer says Kangxi radicals (⽅ U+2F45, ⼀, ⻑ U+2ED1 …) where the page shows 方 一 長;
    # True = every mappable char, a float = that fraction of them (seeded).
    kangxi: bool | float = False
    # every character its own text operation with a gap; "literal" also puts U+0020 between them
    spaced: bool | str = False
    # check-mark glyph for checked items: ○ 〇 ◯ ● ✓ ✔ ☑ ■, or "vector" (drawn box + filled dot)
    mark: str = "○"
    # brackets around the mark: "[]", "［］", "【】" or "" (none)
    brackets: str = "[]"
    # table rulings: "lines" (one `l` segment per cell edge) or "rects" (one `re` per cell)
    rules: str = "lines"
    # force page breaks inside tall rows (>= 4 lines), so one cell's text is on two pages
    split_rows: bool = False
    # no text layer: every page rasterised to an image
    image_only: bool = False
    image_dpi: int = 100
    # fonts' /ToUnicode: "remove" (deleted), "garbage" (wrong code points), "fffd" (all U+FFFD);
    # True = "remove"
    no_tounicode: bool | str = False
    seed: int = 0

    def replace(self, **kw) -> "Messy":
        return dataclasses.replace(self, **kw)

    @property
    def bold_offset(self) -> float:
        if self.fake_bold is True:
            return 0.4
        return float(self.fake_bold or 0.0)


CLEAN = Messy()
MARK_GLYPHS = ("○", "〇", "◯", "●", "✓", "✔", "☑", "■", "vector")
BRACKETS = ("[]", "［］", "【】", "")


def _kangxi_map() -> dict[str, str]:
    """kanji -> radical code point whose NFKC is that kanji (Kangxi Radicals block), plus the
    CJK Radicals Supplement forms that real PDFs use and NFKC does *not* fold (⻑ for 長 …)."""
    m = {}
    for cp in range(0x2F00, 0x2FD6):
        k = unicodedata.normalize("NFKC", chr(cp))
        if k != chr(cp):
            m[k] = chr(cp)
    m.update(
        {
            "長": "⻑",
            "西": "⻄",
            "青": "⻘",
            "食": "⻝",
            "黄": "⻩",
            "麦": "⻨",
            "歯": "⻭",
            "竜": "⻯",
            "亀": "⻲",
            "鬼": "⻤",
        }
    )
    return m


KANGXI = _kangxi_map()

# glyphs the embedded font (Droid Sans Fallback) lacks: draw a look-alike, report the real char
# in the text layer through a rewritten /ToUnicode (same trick as kangxi).
GLYPH_STANDIN = {"✔": "✓", "☑": "□", "☐": "□"}


def rewrite_tounicode(doc: pymupdf.Document, font_xref: int, mapping: dict[int, str]) -> None:
    """Give font `font_xref` a ToUnicode CMap that maps each CID (= glyph id) in `mapping`."""
    lines = []
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):  # a bfchar block holds at most 100 entries
        chunk = items[i : i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid, text in chunk:
            hexu = "".join(f"{b:02X}" for b in text.encode("utf-16-be"))
            lines.append(f"<{gid:04X}> <{hexu}>")
        lines.append("endbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(lines)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    kind, val = doc.xref_get_key(font_xref, "ToUnicode")
    if kind == "xref":
        tu = int(val.split()[0])
    else:
        tu = doc.get_new_xref()
        doc.update_object(tu, "<<>>")
        doc.xref_set_key(font_xref, "ToUnicode", f"{tu} 0 R")
    doc.update_stream(tu, cmap.encode())


def type0_fonts(doc: pymupdf.Document) -> list[int]:
    out = []
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "Subtype") == ("name", "/Type0"):
            out.append(xref)
    return out


def break_tounicode(doc: pymupdf.Document, mode: str | bool, used: dict[int, set[int]], seed: int) -> None:
    """Damage every Type0 font's /ToUnicode. `used` maps font xref -> glyph ids on the pages."""
    mode = "remove" if mode is True else mode
    rnd = random.Random(seed)
    for xref in type0_fonts(doc):
        if mode == "remove":
            doc.xref_set_key(xref, "ToUnicode", "null")
        elif mode == "fffd":
            rewrite_tounicode(doc, xref, {g: "\ufffd" for g in used.get(xref, ())})
        elif mode == "garbage":
            # plausible-looking but wrong: each glyph maps to a random CJK/PUA code point
            rewrite_tounicode(
                doc, xref, {g: chr(rnd.choice([0xE000, 0x4E00]) + rnd.randrange(0x1000)) for g in used.get(xref, ())}
            )
        else:
            raise ValueError(f"no_tounicode mode {mode!r}")


def rasterise(pdf: bytes, dpi: int) -> bytes:
    """Every page becomes one greyscale image: no text layer at all (needs OCR)."""
    src = pymupdf.open("pdf", pdf)
    out = pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        p = out.new_page(width=page.rect.width, height=page.rect.height)
        p.insert_image(p.rect, stream=pix.tobytes("png"))
    return finish(out)


FIXED_META = {
    "creationDate": "D:20250601090000+09'00'",
    "modDate": "D:20250601090000+09'00'",
    "producer": "hyokasho tests/pdfgen (synthetic)",
    "creator": "tests/pdfgen",
    "title": "",
    "author": "",
}


def finish(doc: pymupdf.Document, meta: dict | None = None) -> bytes:
    """Fixed metadata, no random /ID: the same input gives byte-identical output."""
    doc.set_metadata({**FIXED_META, **(meta or {})})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)
