"""Fonts without ToUnicode: learn each glyph's character from OCR, keep the PDF's exact boxes.

A page drawn with a font that has no /ToUnicode still tells us, for every glyph, its exact
box, its font and its glyph id; only the code point is unknown (LibreOffice's subset fonts
carry no usable cmap either). OCR'ing such a page wholesale throws the exact geometry away
and puts OCR's character errors into every occurrence. Instead we OCR a few pages, align the
OCR words to the glyph boxes under them and vote a mapping (font object, glyph id) →
character over every occurrence in the document; then every page's chars are rebuilt with
their own boxes and the voted text, and the unchanged extractors run as on a clean PDF.

Glyphs repeat a lot (a form uses a few hundred distinct characters), so a few pages cover
nearly all glyph occurrences of a document, and one OCR misreading is outvoted by the others.

The OCR itself is passed in (`WordsFunc`): extract/ knows PDFs, hyokasho/ocr.py knows Tesseract.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Callable, NamedTuple

import pymupdf

from extract.pdf import Char, Document, Page, dedupe_chars, read_pdf_bytes
from extract.settings_context import current

TAG = "~gm"  # BaseFont suffix that makes each font object's name unique (see tag_fonts)
STRONG, WEAK = 1.0, 0.25  # a word whose glyph count matches its length votes in order; else by position
AGAINST, UNKNOWN = 0.8, 0.3  # later passes: alignment cost of contradicting / not knowing the vote so far
# thresholds of the voting and of when to stop OCR'ing: GlyphMapSettings (extract.settings)


class OcrWord(NamedTuple):
    """One Tesseract word: text and box in PDF points (origin top-left), confidence 0–100."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float


WordsFunc = Callable[[pymupdf.Page], list[OcrWord]]
# (grey crops, block of lines?) → per crop: words in the crop's pixels (hyokasho.ocr.tesseract_crops)
CropsFunc = Callable[[list, bool], list[list[OcrWord]]]


@dataclass
class GlyphMapResult:
    pages: dict[int, Page] = field(default_factory=dict)  # page number → rebuilt page
    words: dict[int, list[OcrWord]] = field(default_factory=dict)  # OCR of the pages read
    glyphs: int = 0  # distinct (font, glyph) keys given a character
    unmapped: int = 0  # distinct keys left without a vote (OCR fallback or U+FFFD)
    votes: int = 0
    disagreeing: int = 0  # votes for another character than the winner
    region_votes: int = 0  # glyphs voted on only by OCR of their own region

    @property
    def warning(self) -> str:
        return (
            f"font without ToUnicode: {self.glyphs} glyphs mapped to characters by OCR of "
            f"{len(self.words)} page(s) ({self.disagreeing} of {self.votes} votes disagreed, "
            f"{self.region_votes} glyphs read in their own regions, "
            f"{self.unmapped} glyphs without a vote) on pages " + ", ".join(map(str, sorted(self.pages)))
        )


# ---------------------------------------------------------------- font identity


def _has_tounicode(pdf: pymupdf.Document, xref: int) -> bool:
    return pdf.xref_get_key(xref, "ToUnicode")[0] not in ("null", "")


def tag_fonts(data: bytes) -> tuple[bytes, bool]:
    """A copy of the PDF where every font without ToUnicode has a unique BaseFont.

    Why: the text trace names a font by its BaseFont with the subset tag stripped, and
    LibreOffice writes several subsets of one font (BAAAAA+IPAexMincho, DAAAAA+IPAexMincho),
    each numbering its glyphs from 1: glyph 7 is "7" in one and "ッ" in the other. Suffixing
    the xref keeps (font, glyph) a function of the drawn character. Fonts with a ToUnicode are
    left alone: their text is trusted. Returns (bytes, whether any font was tagged).
    """
    pdf = pymupdf.open("pdf", data)
    tagged = False
    with pdf:
        for x in range(1, pdf.xref_length()):
            try:
                if pdf.xref_get_key(x, "Type") != ("name", "/Font"):
                    continue
                sub = pdf.xref_get_key(x, "Subtype")[1]
                if sub not in ("/Type0", "/TrueType", "/Type1", "/MMType1", "/Type3") or _has_tounicode(pdf, x):
                    continue
                targets = [x]
                if sub == "/Type0":  # the descendant's name may be the one MuPDF reports
                    kind, val = pdf.xref_get_key(x, "DescendantFonts")
                    if kind == "array":
                        targets += [int(t) for t in val.strip("[] ").split()[::3] if t.isdigit()]
                    elif kind == "xref":
                        inner = pdf.xref_object(int(val.split()[0])).strip("[] \n")
                        targets += [int(t) for t in inner.split()[::3] if t.isdigit()]
                for t in targets:
                    kind, name = pdf.xref_get_key(t, "BaseFont")
                    # the tag must survive MuPDF's reading of the name: it drops the subset
                    # prefix and cuts long names (`HMKTLA+Droid Sans Fallback Regular` is
                    # reported as `Droid Sans Fallback Regu`), and a space is no name character
                    base = name[1:].split("+", 1)[-1] if kind == "name" else "font"
                    base = re.sub(r"[^A-Za-z0-9_-]", "", base)[:16] or "font"
                    pdf.xref_set_key(t, "BaseFont", f"/{base}{TAG}{x}")
                tagged = True
            except Exception:  # a broken font object: leave it, its page falls back to plain OCR
                continue
        return (pdf.tobytes(), tagged) if tagged else (data, False)


def is_tagged(c: Char) -> bool:
    return _untrusted(c.font)


def _untrusted(font: str) -> bool:
    # MuPDF names a Type3 font "Type3 (<xref> 0 R)" whatever its BaseFont: already unique per
    # object, so it cannot carry our tag. Chromium draws all text with Type3 fonts; one that
    # has a ToUnicode is remapped too, but only on pages whose text layer was found bad.
    return TAG in font or font.startswith("Type3 (")


def untag(font: str) -> str:
    return font.split(TAG, 1)[0]


# ---------------------------------------------------------------- alignment and votes


def _lines(glyphs: list[Char]) -> list[list[Char]]:
    """Glyphs grouped into text lines (centres within 0.4 em), each left to right."""
    rows: list[list[Char]] = []
    for g in sorted(glyphs, key=lambda g: g.cy):
        if rows and abs(g.cy - rows[-1][-1].cy) < 0.4 * max(g.size, 1.0):
            rows[-1].append(g)
        else:
            rows.append([g])
    return [sorted(r, key=lambda g: g.cx) for r in rows]


def _align(
    xs: list[float], text: list[str], glyphs: list[Char], em: float, known: dict | None
) -> list[tuple[int, int]]:
    """Order-preserving alignment of OCR characters (estimated centres xs) to glyphs.

    Why a sequence alignment and not "glyphs inside the word box": Tesseract's jpn word boxes
    are loose (a two-character word's box often spans three or four glyphs, neighbours
    overlap), but its reading order along a line is right. Matching costs the distance in
    ems (at most 2); leaving either side unmatched costs 1, so a wrong count shifts nothing
    beyond the missed character. With `known` (the mapping voted so far) a pair that agrees
    with it costs less and one that contradicts it more: repeated glyphs read well elsewhere
    pull a loose word box back onto the right glyphs.
    """
    n, m = len(xs), len(glyphs)
    pos_weight = current().glyph_map.pos_weight
    gx = [g.cx for g in glyphs]
    gk = [known.get((g.font, g.glyph)) if known else None for g in glyphs]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[0][j], back[0][j] = float(j), 2
    for i in range(1, n + 1):
        cost[i][0], back[i][0] = float(i), 1
        xi, ti, row, prev = xs[i - 1], text[i - 1], cost[i], cost[i - 1]
        for j in range(1, m + 1):
            best, how = prev[j] + 1.0, 1  # OCR char unmatched
            if row[j - 1] + 1.0 < best:
                best, how = row[j - 1] + 1.0, 2  # glyph unmatched
            d = abs(xi - gx[j - 1]) / em
            if known is not None:
                k = gk[j - 1]
                # known characters anchor the alignment, positions only break ties: loose
                # boxes of large or spaced text are off by up to a couple of glyphs
                d = pos_weight * d + (0.0 if k == ti else AGAINST if k is not None else UNKNOWN)
            if d < 2.0 and prev[j - 1] + d < best:
                best, how = prev[j - 1] + d, 0
            row[j], back[i][j] = best, how
    pairs = []
    i, j = n, m
    while i > 0 or j > 0:
        how = back[i][j]
        if how == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def align_words(
    page: Page,
    words: list[OcrWord],
    blank: set[tuple[str, int]] | frozenset[tuple[str, int]] = frozenset(),
    known: dict | None = None,
) -> list[tuple[tuple[str, int], str, float]]:
    """(key, character, weight) votes: the confident OCR words of each line against its glyphs.

    A word whose characters all land on consecutive glyphs votes strongly; a word with a
    character left over (merged, split or missed characters) votes weakly.
    """
    glyphs = [c for c in page.chars if is_tagged(c) and (c.font, c.glyph) not in blank]
    if not glyphs:
        return []
    min_conf = current().glyph_map.min_conf
    lines = _lines(glyphs)
    centres = [sum(g.cy for g in ln) / len(ln) for ln in lines]
    ems = [sorted(g.size for g in ln)[len(ln) // 2] or 1.0 for ln in lines]
    on_line: dict[int, list[OcrWord]] = defaultdict(list)
    for w in words:
        if not w.text or w.conf < min_conf:
            continue
        cy = (w.y0 + w.y1) / 2
        k = min(range(len(lines)), key=lambda k: abs(centres[k] - cy))
        if abs(centres[k] - cy) < 0.6 * ems[k]:
            on_line[k].append(w)
    votes = []
    for k, ws in on_line.items():
        xs, owner, text = [], [], []
        for wi, w in enumerate(sorted(ws, key=lambda w: w.x0)):
            step = (w.x1 - w.x0) / len(w.text)
            for i, ch in enumerate(w.text):
                xs.append(w.x0 + (i + 0.5) * step)
                owner.append(wi)
                text.append(ch)
        line = lines[k]
        pairs = _align(xs, text, line, ems[k], known)
        matched: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for i, j in pairs:
            matched[owner[i]].append((i, j))
        size = Counter(owner)
        for wi, ps in matched.items():
            whole = len(ps) == size[wi] and all(b[1] == a[1] + 1 for a, b in zip(ps, ps[1:]))
            weight = STRONG if whole else WEAK
            votes += [((line[j].font, line[j].glyph), text[i], weight) for i, j in ps]
    return votes


class Ballot:
    def __init__(self):
        self.tally: dict[tuple[str, int], Counter] = defaultdict(Counter)
        self.count = 0

    def add(self, votes) -> None:
        for key, ch, weight in votes:
            self.tally[key][ch] += weight
            self.count += 1

    def winners(self) -> dict[tuple[str, int], str]:
        """The best-voted character per glyph, one glyph per character within a font object.

        A subset font holds each character once, so two glyph ids of one font voting for the
        same character means one of them took its neighbour's vote (a merged or missed OCR
        character): the better-supported glyph keeps it, the other its next candidate.
        """
        taken: set[tuple[str, str]] = set()
        out = {}
        for k, c in sorted(self.tally.items(), key=lambda kc: -max(kc[1].values())):
            for ch, _w in c.most_common():
                if ch.isascii():  # OCR reads （ and ( alike: both glyphs may say "("
                    out[k] = ch
                    break
                if (k[0], ch) not in taken:
                    taken.add((k[0], ch))
                    out[k] = ch
                    break
        return out

    def disagreeing(self, votes_by_page) -> int:
        win = self.winners()
        return sum(1 for votes in votes_by_page for k, ch, _w in votes if win.get(k) != ch)


# ---------------------------------------------------------------- rebuilding pages


def _blank_glyphs(pdf: pymupdf.Document, pages: dict[int, Page], keys: set) -> set:
    """Keys that draw no ink: space glyphs, which the text layer would have dropped. They must
    not take part in the alignment (a word spanning a space would get a count mismatch) and
    are dropped from the rebuilt page. Checked on up to three occurrences each, on a coarse
    render of each page needed (one render per page, not one per glyph)."""
    occ: dict[tuple, list[Char]] = defaultdict(list)
    by_page: dict[int, list[tuple]] = defaultdict(list)
    for n, page in pages.items():
        for c in page.chars:
            k = (c.font, c.glyph)
            if k in keys and len(occ[k]) < 3:
                occ[k].append(c)
                by_page[n].append((k, c))
    inked: set = set()
    ink_dpi = current().glyph_map.ink_dpi
    zoom = ink_dpi / 72
    for n, items in by_page.items():
        pix = pdf[n - 1].get_pixmap(dpi=ink_dpi, colorspace=pymupdf.csGRAY, alpha=False)
        samples, stride, w, h = pix.samples, pix.stride, pix.width, pix.height
        for k, c in items:
            if k in inked:
                continue
            # the inner part of the box: rules on cell borders must not count as ink
            dx, dy = 0.15 * (c.x1 - c.x0), 0.15 * (c.y1 - c.y0)
            x0, x1 = max(int((c.x0 + dx) * zoom), 0), min(int((c.x1 - dx) * zoom) + 1, w)
            y0, y1 = max(int((c.y0 + dy) * zoom), 0), min(int((c.y1 - dy) * zoom) + 1, h)
            if any(min(samples[y * stride + x0 : y * stride + x1], default=255) < 160 for y in range(y0, y1)):
                inked.add(k)
    return set(keys) - inked


def _ocr_char_at(words: list[OcrWord], c: Char) -> str | None:
    for w in words:
        text = "".join(w.text.split())
        if text and w.x0 <= c.cx <= w.x1 and w.y0 <= c.cy <= w.y1:
            i = int((c.cx - w.x0) / max(w.x1 - w.x0, 1e-6) * len(text))
            return text[min(i, len(text) - 1)]
    return None


def rebuild_page(page: Page, mapping: dict, blank: set, words: list[OcrWord] | None) -> Page:
    out = []
    for c in page.chars:
        if not is_tagged(c):
            out.append(c)  # a font with ToUnicode: its text is trusted
            continue
        k = (c.font, c.glyph)
        if k in blank:
            continue  # a space glyph: spacing is rebuilt from positions
        text = mapping.get(k) or (words and _ocr_char_at(words, c)) or "\ufffd"
        if "!" <= text <= "~" and c.x1 - c.x0 >= 0.9 * c.size:
            text = chr(ord(text) + 0xFEE0)  # OCR says "(" or "F": a full-em glyph is "（" "Ｆ"
        out.append(c._replace(text=text, font=untag(c.font)))
    chars = dedupe_chars(out)
    return replace(page, chars=chars, meta={**page.meta, "text_source": "ocr", "glyph_map": True})


def _tagged_glyphs(page: pymupdf.Page, ids: dict) -> list[Char]:
    """Every glyph of the page's tagged fonts, read again from the text trace.

    Why not the chars extract.pdf gives: (1) without a ToUnicode MuPDF reads a simple font's
    code as the character, so a subset that puts 役 at code 32 (or 9, 10, 13, 160) yields a
    "space" the text layer rightly skips; (2) every unmapped glyph reads as U+FFFD, and the
    fake-bold deduplication, which compares texts, merges a narrow glyph with its different
    neighbour. Here each (font, glyph) gets its own provisional code point (`ids`, from
    Supplementary Private Use Area-A), so only true overprints of one glyph are merged; real
    spaces among the glyphs are found later by their lack of ink.
    """
    out = []
    for span in page.get_texttrace():
        if not _untrusted(span["font"]) or (span.get("opacity", 1) == 0 and span.get("type") != 3):
            continue  # as extract.pdf: invisible text that is not an OCR layer is not printed
        size, font = float(span["size"]), span["font"]
        for _uni, glyph, _origin, (x0, y0, x1, y1) in span["chars"]:
            if x1 <= x0 or y1 <= y0:  # as extract.pdf does for empty boxes
                x1, y0 = max(x1, x0 + size), min(y0, y1 - size)
            text = ids.setdefault((font, glyph), chr(0xF0000 + len(ids)))
            out.append(Char(text, x0, y0, x1, y1, size, font, glyph))
    return out


# ---------------------------------------------------------------- the document


def _region_votes(
    pdf: pymupdf.Document, pages: dict[int, Page], missing: set, blank: set, known: dict, ocr_crops: CropsFunc
) -> list[tuple[tuple[str, int], str, float]]:
    """Votes for glyphs no OCR'd page voted on, from OCR of their own regions.

    Each such glyph is found once (its first occurrence), and the part of its line around it
    (GlyphMapSettings.region_em ems either side) is rendered alone and read as one text line; the line's
    glyphs are aligned to what OCR read knowing the mapping so far, as the page votes are.
    Why the line and not the glyph alone: Tesseract's Japanese model reads words with their
    context far better than an isolated character, and the known neighbours anchor the
    alignment on the unknown one."""
    import numpy as np

    gs = current().glyph_map
    todo: list[tuple[int, Char]] = []
    seen: set = set()
    for n in sorted(pages):
        for c in pages[n].chars:
            k = (c.font, c.glyph)
            if k in missing and k not in seen and len(todo) < gs.max_regions:
                seen.add(k)
                todo.append((n, c))
    if not todo:
        return []
    zoom = gs.region_dpi / 72
    crops, regions = [], []
    for n, c in todo:
        em = max(c.size, 1.0)
        line = [
            g
            for g in pages[n].chars
            if is_tagged(g)
            and (g.font, g.glyph) not in blank
            and abs(g.cy - c.cy) < 0.4 * em
            and abs(g.cx - c.cx) <= gs.region_em * em
        ]
        rect = pymupdf.Rect(
            min(g.x0 for g in line) - 0.3 * em, c.cy - 0.75 * em, max(g.x1 for g in line) + 0.3 * em, c.cy + 0.75 * em
        )
        pix = pdf[n - 1].get_pixmap(clip=rect, dpi=gs.region_dpi, colorspace=pymupdf.csGRAY, alpha=False)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
        crops.append(np.pad(gray, 12, constant_values=255))
        regions.append((rect, line))
    votes = []
    for (rect, line), words in zip(regions, ocr_crops(crops, False)):
        # crop pixels → page points (the crop is padded by 12 pixels)
        ws = [
            w._replace(
                x0=rect.x0 + (w.x0 - 12) / zoom,
                x1=rect.x0 + (w.x1 - 12) / zoom,
                y0=rect.y0 + (w.y0 - 12) / zoom,
                y1=rect.y0 + (w.y1 - 12) / zoom,
            )
            for w in words
        ]
        page = Page(0, 0.0, 0.0, line, [], [])
        votes += [v for v in align_words(page, ws, blank, known) if v[0] in missing]
    return votes


def map_glyphs(
    data: bytes, source: str, bad_pages: set[int], ocr_words: WordsFunc, ocr_crops: CropsFunc | None = None
) -> GlyphMapResult:
    """Rebuild the bad pages that have glyphs of fonts without ToUnicode.

    Bad pages without such glyphs (scans, fonts whose ToUnicode lies) are not in the result:
    the caller OCRs them as before. OCR words of the pages read are returned for reuse.
    `ocr_crops`: glyphs that no OCR'd page voted on are read in their own regions with it
    (without it they fall back to the OCR word over them, else U+FFFD).
    """
    result = GlyphMapResult()
    tagged_data, any_tagged = tag_fonts(data)
    if not any_tagged or not bad_pages:
        return result
    doc: Document = read_pdf_bytes(tagged_data, source)
    ids: dict = {}
    with pymupdf.open("pdf", tagged_data) as tpdf:
        pages = {
            p.number: replace(
                p,
                chars=dedupe_chars([c for c in p.chars if not is_tagged(c)] + _tagged_glyphs(tpdf[p.number - 1], ids)),
            )
            for p in doc.pages
            if p.number in bad_pages
        }
    pages = {n: p for n, p in pages.items() if any(map(is_tagged, p.chars))}
    if not pages:
        return result
    occurrences = Counter((c.font, c.glyph) for p in pages.values() for c in p.chars if is_tagged(c))
    total = sum(occurrences.values())
    ballot, votes_by_page = Ballot(), []
    gs = current().glyph_map
    with pymupdf.open("pdf", data) as pdf:  # render the original: tagging renames fonts only
        blank = _blank_glyphs(pdf, pages, set(occurrences))
        for k in blank:
            total -= occurrences.pop(k)
        todo = set(pages)
        while todo:
            voted = ballot.tally.keys()
            covered = sum(n for k, n in occurrences.items() if k in voted)
            read = len(result.words)
            if read >= gs.all_pages_upto and covered >= gs.coverage * total:
                break
            if read >= gs.max_pages and (covered >= gs.low_coverage * total or read >= gs.max_pages_low):
                break
            # next: the cover pages first (the document type, the form revision and the cover
            # fields are read there, in words that are rare elsewhere: 全項目, 評価書番号), then
            # the page with the most occurrences of glyphs still without a vote
            first = [n for n in sorted(todo) if n <= gs.first_pages]
            nxt = (
                first[0]
                if first
                else max(
                    sorted(todo),
                    key=lambda n: sum(1 for c in pages[n].chars if is_tagged(c) and (c.font, c.glyph) not in voted),
                )
            )
            todo.discard(nxt)
            words = ocr_words(pdf[nxt - 1])
            result.words[nxt] = words
            votes = align_words(pages[nxt], words, blank)
            votes_by_page.append(votes)
            ballot.add(votes)
        # later passes: realign every OCR'd page knowing the previous pass's mapping
        for _ in range(gs.passes - 1):
            known, ballot, votes_by_page = ballot.winners(), Ballot(), []
            for n, words in result.words.items():
                votes = align_words(pages[n], words, blank, known)
                votes_by_page.append(votes)
                ballot.add(votes)
        mapping = ballot.winners()
        missing = set(occurrences) - set(mapping)
        if missing and ocr_crops is not None:
            extra = _region_votes(pdf, pages, missing, blank, mapping, ocr_crops)
            if extra:
                votes_by_page.append(extra)
                ballot.add(extra)
                mapping = ballot.winners()
                result.region_votes = len({k for k, _c, _w in extra})
                missing = set(occurrences) - set(mapping)
    for n, page in pages.items():
        result.pages[n] = rebuild_page(page, mapping, blank, result.words.get(n))
    result.glyphs = len(mapping)
    result.unmapped = len(missing)
    result.votes = ballot.count
    result.disagreeing = ballot.disagreeing(votes_by_page)
    return result
