"""Degrade ANY existing PDF the way real published PDFs are degraded, at the object level.

`tests/pdfgen/messy.py` damages PDFs while *we* render them; this module takes someone else's
finished bytes (the LibreOffice samples, Writer/Chromium fixtures) and rewrites their content
streams and font objects, so the same real content can be tested clean and damaged:

    fake_bold(pdf)      every BT…ET text object drawn twice, the copy shifted 0.4 pt right
    kangxi(pdf)         /ToUnicode says ⼀ ⽅ ⻑ ⾏ … where the page draws 一 方 長 行
    spaced(pdf)         character spacing (Tc) inside every text object, glyphs condensed (Tz)
                        so lines keep their length; literal=True also writes a space glyph
                        into each gap (text layer gets U+0020)
    no_tounicode(pdf)   /ToUnicode removed from every font
    image_only(pdf)     every page rasterised, no text layer
    scan(pdf, dpi, …)   every page as a scanner would give it: dpi, grey or black-and-white,
                        a slight tilt, JPEG compression, specks of dust (deterministic)
    swap_marks(pdf, g)  the ○ mark glyph replaced by glyph g where the same font has it

Every function is bytes -> bytes and deterministic (no /ID, fixed metadata), so a degraded
file's sha256 is stable and the scorer can match it by file name or hash.
"""

from __future__ import annotations

import re

import pymupdf

from tests.pdfgen.messy import KANGXI, finish, rasterise

# ---------------------------------------------------------------- content-stream tokens

_WS = b" \t\r\n\f\x00"
_DELIM = b"()<>[]{}/%"


def tokenize(data: bytes) -> list[tuple[int, int, bytes]]:
    """(start, end, kind) spans of a content stream. kind: b"op" (operator), b"str", b"hex",
    b"num", b"name", b"arr[" b"arr]" b"dict" b"img" (a whole inline image), b"other".

    Hand-written rather than regex so strings containing "ET" or ")" and inline images
    cannot cut a text object in the wrong place.
    """
    out = []
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c in _WS:
            i += 1
        elif c == 0x25:  # % comment to end of line
            while i < n and data[i] not in b"\r\n":
                i += 1
        elif c == 0x28:  # ( literal string, nested parens, backslash escapes
            j, depth = i + 1, 1
            while j < n and depth:
                if data[j] == 0x5C:
                    j += 2
                    continue
                if data[j] == 0x28:
                    depth += 1
                elif data[j] == 0x29:
                    depth -= 1
                j += 1
            out.append((i, j, b"str"))
            i = j
        elif data[i : i + 2] in (b"<<", b">>"):
            out.append((i, i + 2, b"dict"))
            i += 2
        elif c == 0x3C:  # <hex>
            j = data.index(b">", i) + 1
            out.append((i, j, b"hex"))
            i = j
        elif c in b"[]":
            out.append((i, i + 1, b"arr[" if c == 0x5B else b"arr]"))
            i += 1
        elif c == 0x2F:  # /Name
            j = i + 1
            while j < n and data[j] not in _WS and data[j] not in _DELIM:
                j += 1
            out.append((i, j, b"name"))
            i = j
        else:
            j = i
            while j < n and data[j] not in _WS and data[j] not in _DELIM:
                j += 1
            if j == i:  # stray delimiter such as { }
                j = i + 1
            word = data[i:j]
            if word == b"BI":  # inline image: skip binary data up to whitespace+EI
                m = re.compile(rb"\sEI(?=[\s]|$)").search(data, j)
                end = m.end() if m else n
                out.append((i, end, b"img"))
                i = end
                continue
            kind = b"num" if re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", word) else b"op"
            out.append((i, j, kind))
            i = j
    return out


def _fmt(x: float) -> bytes:
    return (f"{x:.4f}".rstrip("0").rstrip(".") or "0").encode()


# ---------------------------------------------------------------- which streams hold text


def _content_xrefs(doc: pymupdf.Document) -> list[int]:
    """Page content streams and every Form XObject (text may live in either)."""
    xrefs: list[int] = []
    for page in doc:
        xrefs.extend(page.get_contents())
    for x in range(1, doc.xref_length()):
        if doc.xref_get_key(x, "Subtype") == ("name", "/Form") and doc.xref_is_stream(x):
            xrefs.append(x)
    return list(dict.fromkeys(xrefs))


def _rewrite_streams(pdf: bytes, fn) -> bytes:
    doc = pymupdf.open("pdf", pdf)
    for x in _content_xrefs(doc):
        data = doc.xref_stream(x)
        new = fn(data)
        if new != data:
            doc.update_stream(x, new)
    return finish(doc, {"producer": doc.metadata.get("producer", "")})


# ---------------------------------------------------------------- fake bold


def fake_bold(pdf: bytes, offset: float = 0.4) -> bytes:
    """Each BT…ET object is written again inside `q 1 0 0 1 offset 0 cm … Q`.

    A cm shift (not a Td after BT) survives Tm operators inside the object, which reset
    the text matrix absolutely; Chromium and Word output uses Tm, LibreOffice uses Td.
    """
    shift = b"q 1 0 0 1 " + _fmt(offset) + b" 0 cm\n"

    def fn(data: bytes) -> bytes:
        out, last, start = [], 0, None
        for s, e, kind in tokenize(data):
            if kind != b"op":
                continue
            word = data[s:e]
            if word == b"BT":
                start = s
            elif word == b"ET" and start is not None:
                block = data[start:e]
                out.append(data[last:e])
                out.append(b"\n" + shift + block + b"\nQ")
                last, start = e, None
        out.append(data[last:])
        return b"".join(out)

    return _rewrite_streams(pdf, fn)


# ---------------------------------------------------------------- spaced


def spaced(pdf: bytes, em: float = 0.5, literal: bool = False) -> bytes:
    """Every glyph followed by a gap of `em` × its own width; glyphs condensed (Tz) so that
    every glyph still advances exactly as far as before.

    Why not one uniform Tc: a Tc of 0.5 em makes half-width digits advance 1.0 instead of
    0.5 em, so "30" runs into the next text object ("万人以上") and lines leave their cells,
    which changes what is *in* a cell — not a fair "same content" test. A width-proportional
    TJ kern after each glyph plus horizontal scaling Tz = 100/(1+em) keeps every line's
    length and every glyph's start position-ordering, while leaving visible gaps
    (em/(1+em) of each glyph's width, 0.33 em for full-width text at em=0.5).
    Fonts whose code widths are unknown (not simple, not Identity-H) fall back to Tc.

    literal=True: each gap also holds the font's own space glyph (a code its /ToUnicode maps
    to U+0020), its advance taken back by the kern, so text extraction sees "国 民 健 康"
    while the page looks like the non-literal variant. Fonts without a space glyph get
    gaps only.
    """
    doc = pymupdf.open("pdf", pdf)
    info = {x: _font_info(doc, x) for x in _fonts(doc)}
    for page in doc:
        fonts = _page_font_xrefs(doc, page)
        for x in page.get_contents():
            data = doc.xref_stream(x)
            doc.update_stream(x, _spaced_stream(data, em, fonts, info, literal))
    return finish(doc, {"producer": doc.metadata.get("producer", "")})


def _page_font_xrefs(doc: pymupdf.Document, page: pymupdf.Page) -> dict[bytes, int]:
    """resource name (/F1) -> font xref"""
    return {b"/" + f[4].encode(): f[0] for f in page.get_fonts(full=True)}


def _font_info(doc: pymupdf.Document, x: int) -> dict | None:
    """{"n": code length, "w": code -> width (1/1000 em), "dw": default, "space": code|None}"""
    sub = doc.xref_get_key(x, "Subtype")[1]
    cmap = _read_tounicode(doc, x)
    space = next((c for c, t in cmap.items() if t == " "), None)
    if sub in ("/TrueType", "/Type1", "/MMType1"):
        first = int(doc.xref_get_key(x, "FirstChar")[1] or 0)
        kind, val = doc.xref_get_key(x, "Widths")
        if kind == "xref":
            val = doc.xref_object(int(val.split()[0]))
        ws = [float(v) for v in val.strip("[] \n").split()] if kind != "null" else []
        return {"n": 1, "w": {bytes([first + i]): w for i, w in enumerate(ws)}, "dw": 500.0, "space": space}
    if sub == "/Type0" and doc.xref_get_key(x, "Encoding")[1] == "/Identity-H":
        kind, val = doc.xref_get_key(x, "DescendantFonts")
        m = re.search(r"(\d+) 0 R", val)
        if not m:
            return None
        desc = int(m.group(1))
        kind, dw_val = doc.xref_get_key(desc, "DW")
        dw = 1000.0 if kind == "null" else float(dw_val)  # DW absent: 1000 (PDF 32000 9.7.4.3)
        kind, w = doc.xref_get_key(desc, "W")
        if kind == "xref":
            w = doc.xref_object(int(w.split()[0]))
        widths: dict[bytes, float] = {}
        toks = re.findall(r"\[|\]|[-\d.]+", w if kind != "null" else "")[1:-1]
        i = 0
        while i < len(toks):  # c [w1 w2 …]  or  c1 c2 w
            c = int(toks[i])
            if toks[i + 1] == "[":
                j = i + 2
                while toks[j] != "]":
                    widths[(c + j - i - 2).to_bytes(2, "big")] = float(toks[j])
                    j += 1
                i = j + 1
            else:
                for k in range(c, int(toks[i + 1]) + 1):
                    widths[k.to_bytes(2, "big")] = float(toks[i + 2])
                i += 3
        return {"n": 2, "w": widths, "dw": dw, "space": space if space and len(space) == 2 else None}
    return None


def _spaced_stream(data: bytes, em: float, fonts: dict[bytes, int], info: dict, literal: bool) -> bytes:
    # Tz/Tf/Tc are graphics state: q/Q save and restore them, so track a stack.
    state = {"size": 0.0, "font": None, "tz": 100.0}
    stack = []
    toks = tokenize(data)
    out, last = [], 0
    scale = 1.0 / (1.0 + em)

    for i, (s, e, kind) in enumerate(toks):
        if kind != b"op":
            continue
        word = data[s:e]
        if word == b"q":
            stack.append(dict(state))
        elif word == b"Q" and stack:
            state = stack.pop()
        elif word == b"Tf" and i >= 2:
            state["size"] = abs(float(data[toks[i - 1][0] : toks[i - 1][1]]))
            state["font"] = fonts.get(data[toks[i - 2][0] : toks[i - 2][1]])
            extra = b"" if info.get(state["font"]) else b" " + _fmt(em * state["size"]) + b" Tc"
            out.append(data[last:e] + b" " + _fmt(state["tz"] * scale) + b" Tz" + extra)
            last = e
        elif word == b"Tz" and i >= 1:
            state["tz"] = float(data[toks[i - 1][0] : toks[i - 1][1]])
            out.append(data[last : toks[i - 1][0]] + _fmt(state["tz"] * scale) + b" Tz")
            last = e
        elif word in (b"Tj", b"TJ") and info.get(state["font"]):
            # operand: one string (Tj) or an array (TJ) just before the operator
            j = i - 1
            if toks[j][2] == b"arr]":
                while toks[j][2] != b"arr[":
                    j -= 1
            arr = _kerned(data[toks[j][0] : toks[i - 1][1]], info[state["font"]], em, literal)
            out.append(data[last : toks[j][0]] + arr + b" TJ")
            last = e
    out.append(data[last:])
    return b"".join(out)


def _kerned(operand: bytes, font: dict, em: float, literal: bool) -> bytes:
    """[<a> -gap_a <b> -gap_b …] with gap = em × glyph width (TJ numbers are subtracted, in
    1/1000 em, so a negative number moves right). literal: [<a> <sp> (w_sp - gap_a) …] — the
    space glyph is drawn where a's ink ends and its own advance is taken back."""
    n, space = font["n"], font["space"] if literal else None
    parts = [b"["]
    for kind, val in _strings_of(operand):
        if kind == b"n":
            parts.append(val + b" ")
            continue
        for k in range(0, len(val) - n + 1, n):
            code = val[k : k + n]
            gap = em * font["w"].get(code, font["dw"])
            if space is not None:
                w_sp = font["w"].get(space, font["dw"])
                parts.append(
                    b"<%s%s> %s " % (code.hex().upper().encode(), space.hex().upper().encode(), _fmt(w_sp - gap))
                )
            else:
                parts.append(b"<%s> %s " % (code.hex().upper().encode(), _fmt(-gap)))
    parts.append(b"]")
    return b"".join(parts)


def _strings_of(operand: bytes) -> list[tuple[bytes, bytes]]:
    """Items of a Tj string or TJ array as (kind, raw): kind b"s" (decoded bytes) or b"n"."""
    items = []
    for s, e, kind in tokenize(operand):
        raw = operand[s:e]
        if kind == b"hex":
            h = re.sub(rb"\s", b"", raw[1:-1])
            if len(h) % 2:
                h += b"0"
            items.append((b"s", bytes.fromhex(h.decode())))
        elif kind == b"str":
            items.append((b"s", _unescape(raw[1:-1])))
        elif kind == b"num":
            items.append((b"n", raw))
    return items


def _unescape(s: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == 0x5C and i + 1 < len(s):
            n = s[i + 1]
            esc = {0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5C: 0x5C}
            if n in esc:
                out.append(esc[n])
                i += 2
            elif 0x30 <= n <= 0x37:
                m = re.match(rb"[0-7]{1,3}", s[i + 1 : i + 4])
                out.append(int(m.group(), 8) & 0xFF)
                i += 1 + len(m.group())
            elif n in b"\r\n":
                i += 2
            else:
                out.append(n)
                i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


# ---------------------------------------------------------------- ToUnicode CMaps


def _read_tounicode(doc: pymupdf.Document, font_xref: int) -> dict[bytes, str]:
    kind, val = doc.xref_get_key(font_xref, "ToUnicode")
    if kind != "xref":
        return {}
    return parse_cmap(doc.xref_stream(int(val.split()[0])))


def parse_cmap(data: bytes) -> dict[bytes, str]:
    """code bytes -> text, from bfchar and both bfrange forms of a ToUnicode CMap."""
    text = data.decode("latin-1")
    out: dict[bytes, str] = {}

    def uni(h: str) -> str:
        return bytes.fromhex(h).decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[bytes.fromhex(src)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            a, b, width = int(lo, 16), int(hi, 16), len(lo) // 2
            if rest.startswith("["):
                dsts = re.findall(r"<([0-9A-Fa-f]+)>", rest)
                for k, d in enumerate(dsts[: b - a + 1]):
                    out[(a + k).to_bytes(width, "big")] = uni(d)
            else:
                base = bytes.fromhex(rest[1:-1])
                for k in range(b - a + 1):
                    # PDF 32000 9.10.3 says the last byte increments; producers (MuPDF's own
                    # fonts among them) write ranges that carry into the byte before, and
                    # readers (MuPDF, pdf.js) add to the whole UTF-16 unit: so do we
                    if len(base) == 2:
                        d = ((int.from_bytes(base, "big") + k) & 0xFFFF).to_bytes(2, "big")
                    else:
                        d = base[:-1] + bytes([(base[-1] + k) & 0xFF]) if base else b""
                    out[(a + k).to_bytes(width, "big")] = d.decode("utf-16-be", "replace")
    return out


def write_cmap(mapping: dict[bytes, str], codespace: tuple[bytes, bytes]) -> bytes:
    lines = []
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):  # a bfchar block holds at most 100 entries
        chunk = items[i : i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{c.hex().upper()}> <{t.encode('utf-16-be').hex().upper()}>" for c, t in chunk]
        lines.append("endbfchar")
    lo, hi = codespace
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<{lo.hex().upper()}> <{hi.hex().upper()}>\nendcodespacerange\n"
        + "\n".join(lines)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def _fonts(doc: pymupdf.Document) -> list[int]:
    return [x for x in range(1, doc.xref_length()) if doc.xref_get_key(x, "Type") == ("name", "/Font")]


def remap_tounicode(pdf: bytes, table: dict[str, str]) -> tuple[bytes, int]:
    """Rewrite every font's /ToUnicode through `table` (char -> char). Returns (pdf, codes changed)."""
    doc = pymupdf.open("pdf", pdf)
    changed = 0
    for x in _fonts(doc):
        kind, val = doc.xref_get_key(x, "ToUnicode")
        if kind != "xref":
            continue
        tu = int(val.split()[0])
        raw = doc.xref_stream(tu)
        cmap = parse_cmap(raw)
        if not cmap:
            continue
        new = {c: "".join(table.get(ch, ch) for ch in t) for c, t in cmap.items()}
        n = sum(new[c] != cmap[c] for c in cmap)
        if not n:
            continue
        changed += n
        width = max(len(c) for c in cmap)
        doc.update_stream(tu, write_cmap(new, (b"\0" * width, b"\xff" * width)))
    return finish(doc, {"producer": doc.metadata.get("producer", "")}), changed


def kangxi(pdf: bytes) -> bytes:
    """Where a font maps a code to 一 方 長 行 …, map it to ⼀ ⽅ ⻑ ⾏ instead.

    The glyphs drawn do not change, so the page renders identically; only text extraction
    sees radicals (what PDFs made with some Japanese fonts and Word versions really do).
    """
    return remap_tounicode(pdf, KANGXI)[0]


# ---------------------------------------------------------------- fonts without ToUnicode


def no_tounicode(pdf: bytes) -> bytes:
    """Every font loses /ToUnicode. What a reader gets then depends on the font: a simple
    TrueType subset may still be decoded through its embedded cmap table, Type0/Identity-H
    fonts give raw CIDs."""
    doc = pymupdf.open("pdf", pdf)
    for x in _fonts(doc):
        if doc.xref_get_key(x, "ToUnicode")[0] != "null":
            doc.xref_set_key(x, "ToUnicode", "null")
    return finish(doc, {"producer": doc.metadata.get("producer", "")})


# ---------------------------------------------------------------- scans


def image_only(pdf: bytes, dpi: int = 150) -> bytes:
    """Every page one greyscale image at `dpi`: no text layer, needs OCR."""
    return rasterise(pdf, dpi)


def scan(
    pdf: bytes, dpi: int = 200, bw: bool = False, skew: float = 0.0, jpeg: int | None = None, specks: int = 0
) -> bytes:
    """Every page one image, as an office scanner makes it: rendered at `dpi`, rotated by
    `skew` degrees (a sheet fed slightly crooked), thresholded to black and white (`bw`, the
    scanner's "text" mode), JPEG-compressed at quality `jpeg` (blocking around glyphs), with
    `specks` dark dots of dust per page. Deterministic: the dust comes from a seeded RNG."""
    import numpy as np

    src = pymupdf.open("pdf", pdf)
    out = pymupdf.open()
    for page in src:
        z = dpi / 72
        pix = page.get_pixmap(matrix=pymupdf.Matrix(z, z).prerotate(skew), colorspace=pymupdf.csGRAY, alpha=False)
        g = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
        h, w = round(page.rect.height * z), round(page.rect.width * z)
        y0, x0 = max((g.shape[0] - h) // 2, 0), max((g.shape[1] - w) // 2, 0)
        g = np.full((h, w), 255, np.uint8) if g.size == 0 else g
        page_img = np.full((h, w), 255, np.uint8)
        cut = g[y0 : y0 + h, x0 : x0 + w]
        page_img[: cut.shape[0], : cut.shape[1]] = cut
        if specks:
            rng = np.random.default_rng(page.number + 1)
            for y, x in zip(rng.integers(0, h - 3, specks), rng.integers(0, w - 3, specks)):
                r = int(rng.integers(1, 3))
                page_img[y : y + r, x : x + r] = 40
        if bw:
            page_img = np.where(page_img < 160, 0, 255).astype(np.uint8)
        img = pymupdf.Pixmap(pymupdf.csGRAY, w, h, np.ascontiguousarray(page_img).tobytes(), False)
        data = img.tobytes("jpg", jpg_quality=jpeg) if jpeg else img.tobytes("png")
        p = out.new_page(width=page.rect.width, height=page.rect.height)
        p.insert_image(p.rect, stream=data)
    return finish(out)


# the scans the OCR targets are measured on (issue 14: 200 dpi is the target resolution)
SCANS = {
    "scan150": dict(dpi=150),
    "scan200": dict(dpi=200),
    "scan300": dict(dpi=300),
    "scan200_bw": dict(dpi=200, bw=True),
    "scan200_skew": dict(dpi=200, skew=0.6),
    "scan200_jpeg": dict(dpi=200, jpeg=40, specks=60),
}


# ---------------------------------------------------------------- check-mark glyphs


def swap_marks(pdf: bytes, glyph: str, mark: str = "○") -> tuple[bytes, list[str]]:
    """Draw `glyph` wherever `mark` is drawn, using the SAME font's code for `glyph`.

    Embedded fonts are subsets: a font only holds the glyphs the document used, so this works
    only where the document already prints `glyph` in the font that prints `mark`. Returns the
    new PDF and the font names where the swap was impossible (left unchanged).
    """
    doc = pymupdf.open("pdf", pdf)
    swaps: dict[int, tuple[bytes, bytes]] = {}
    skipped = []
    for x in _fonts(doc):
        cmap = _read_tounicode(doc, x)
        inv = {t: c for c, t in cmap.items()}
        if mark in inv:
            if glyph in inv and len(inv[glyph]) == len(inv[mark]):
                swaps[x] = (inv[mark], inv[glyph])
            else:
                skipped.append(doc.xref_get_key(x, "BaseFont")[1])
    if swaps:
        for page in doc:
            fonts = _page_font_xrefs(doc, page)
            for c in page.get_contents():
                data = doc.xref_stream(c)
                doc.update_stream(c, _swap_codes(data, fonts, swaps))
    return finish(doc, {"producer": doc.metadata.get("producer", "")}), skipped


def _swap_codes(data: bytes, fonts: dict[bytes, int], swaps: dict[int, tuple[bytes, bytes]]) -> bytes:
    toks = tokenize(data)
    out, last, font = [], 0, None
    for i, (s, e, kind) in enumerate(toks):
        if kind == b"op" and data[s:e] == b"Tf" and i >= 2:
            font = fonts.get(data[toks[i - 2][0] : toks[i - 2][1]])
        elif kind in (b"hex", b"str") and font in swaps:
            old, new = swaps[font]
            raw = (
                bytes.fromhex(re.sub(rb"\s", b"", data[s + 1 : e - 1]).decode())
                if kind == b"hex"
                else _unescape(data[s + 1 : e - 1])
            )
            w = len(old)
            codes = [raw[k : k + w] for k in range(0, len(raw), w)]
            if old in codes:
                rep = b"".join(new if c == old else c for c in codes)
                out.append(data[last:s] + b"<" + rep.hex().upper().encode() + b">")
                last = e
    out.append(data[last:])
    return b"".join(out)


TRANSFORMS = {
    "fake_bold": fake_bold,
    "kangxi": kangxi,
    "spaced": spaced,
    "spaced_literal": lambda pdf: spaced(pdf, literal=True),
    "no_tounicode": no_tounicode,
    "image_only": image_only,
    **{name: (lambda pdf, kw=kw: scan(pdf, **kw)) for name, kw in SCANS.items()},
}
