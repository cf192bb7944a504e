"""Scanned pages read cell by cell: the table's cells come from the image, OCR runs per cell.

Why not OCR the whole page and drop the words into the cells afterwards: a page-wide OCR
pass joins text across ruling lines (a label and its value become one "word" whose
characters are then split between two cells by an even split of the word's box), reads a
cell's text in the wrong order when neighbouring cells are not aligned, and loses short
values next to long ones. Cropping each cell first makes a value that crosses a cell
impossible, and lets a cell that OCR is unsure of be read again at a larger scale.

The steps, all in the page's deskewed frame (extract.raster_rules):
1. the scan is straightened (small rotation about the page centre) and its rules found;
2. the ruling grid gives the cells (the same grid extract.assessment.cells builds);
3. each cell with ink is cropped inside its rules and cut into its text lines, each line
   OCR'd on its own; a line whose confidence is low is read again upscaled, the better-read
   result kept;
4. text outside every cell (headings, the cover's title) is read from the page with the
   cells painted white.

The OCR itself is passed in (`CropReader`): extract/ knows images and geometry,
hyokasho/ocr.py knows Tesseract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from extract.glyph_map import OcrWord
from extract.ocr_marks import Box, find_boxes
from extract.pdf import Char, Page, Segment, is_wide
from extract.raster_rules import deskew, detect_rulings_straight, estimate_skew, ink_level
from extract.settings_context import current
from normalize.ocr_noise import fix_confusions

# (grey crops, block of lines? else one line each) → per crop: words in the crop's pixels
CropReader = Callable[[list[np.ndarray], bool], list[list[OcrWord]]]


@dataclass(frozen=True)
class CellOcrSettings:
    inset_pt: float = 1.0  # crop this far inside the cell's rules (a 150-dpi scan blurs a rule to ~1 pt)
    edge_pt: float = 2.5  # ... and clear rule remnants found this close to the crop's edge
    pad_px: int = 12  # white margin around a crop: Tesseract misses glyphs touching the edge
    min_ink: int = 12  # a cell with fewer ink pixels is empty (dust, a rule's end)
    retry_conf: float = 75.0  # re-read a cell whose mean word confidence is below this ...
    retry_scale: float = 1.6  # ... upscaled by this factor
    thin_line: float = 0.35  # a run of ink rows this thin (share of the typical line) is no line of its own
    thin_gap: float = 0.6  # ... when it is this close to its neighbour
    tall_line: float = 1.6  # a line this much taller than the page's typical one is lines that touch
    touch_ink: float = 0.15  # ... cut where a row holds at most this share of the band's fullest row's ink
    island_gap_pt: float = 24.0  # text outside cells: a wider horizontal gap separates two pieces
    background_margin: int = 25  # grey levels within this of the crop's median are background
    min_conf: float = 0.0  # words below this confidence are dropped (Tesseract's -1 rows already are)
    rule_share: float = 0.85  # a crop edge row/column this inked is what is left of a rule
    rule_band_pt: float = 1.0  # a band of ink along a crop's edge this thin is a rule's remnant, not text ...
    thin_band_share: float = 0.35  # ... when its ink spans this share of the crop (a straightened rule's remnant)
    rule_margin_pt: float = 0.6  # rules are painted out this far beyond their line before text outside cells is read
    cut_gap: float = 0.25  # em: an ink gap this wide in a line may be a space (glyphs of a word sit closer)
    circle_width: float = (
        0.35  # a round, hollow first glyph this wide (share of the line's ink height) read as `9`/`o` is a ○
    )
    ink_in_cells: bool = False  # lay the characters of cells' lines on their ink too (ink_chars)
    em_per_ink: float = 1.1  # a text line's em is this times the height of its ink
    space_gap: float = 0.15  # em: ... it is one when it is this much wider than the two glyphs' own margins
    digit_space_gap: float = 0.6  # em: ... between two Latin letters or digits (full-width digits stand apart)


SETTINGS = CellOcrSettings()


@dataclass
class CellRead:
    """One cell's OCR: where it is (points), its words (points) and their mean confidence."""

    x0: float
    y0: float
    x1: float
    y1: float
    words: list[OcrWord]
    conf: float
    retried: bool = False
    boxes: list[Box] = field(default_factory=list)  # check boxes read from the image (extract.ocr_marks)


@dataclass
class ScanRead:
    chars: list[Char]
    segments: list[Segment]
    cells: list[CellRead]
    angle: float  # radians, the tilt undone


def cell_boxes(
    page_no: int, width: float, height: float, segments: list[Segment]
) -> list[tuple[float, float, float, float]]:
    """The ruled cells of a page as (x0, y0, x1, y1) in points: the grid extract.assessment.cells
    builds for the text layer, built here for a page that has only rules so far."""
    from extract.assessment.cells import page_rows  # the one grid builder; imported late: it is heavy

    empty = Page(page_no, width, height, [], segments, [])
    return [(c.x0, c.y0, c.x1, c.y1) for row in page_rows(empty) if row.table is not None for c in row.cells]


def _mean_conf(words: list[OcrWord]) -> float:
    n = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / n if n else 0.0


def _clear_edges(crop: np.ndarray, edge: int, band: int = 4) -> np.ndarray:
    """Paint white the rows/columns near the crop's border that are mostly ink: what is left
    of a cell's rule after the inset (a scan's rules are blurred and a little tilted)."""
    out = crop.copy()
    h, w = out.shape
    settings = current().cell_ocr
    share = settings.rule_share
    ink = out < 255  # after flatten_background: anything not paper (a blurred rule is grey, not black)
    # a rule runs (nearly) the whole crop; a glyph beside the edge does not (a `[` in a
    # one-line cell is two thirds of the crop's height). A rule of a tilted scan, straightened,
    # is a staircase a pixel or two high (each step drawn straight in the tilted image): its
    # ink is spread over neighbouring rows, so a row is judged with its two neighbours
    rows = _near_ink(ink)
    cols = _near_ink(ink.T)
    for k in list(range(min(edge, h))) + list(range(max(h - edge, 0), h)):
        if rows[k] > share:
            out[max(k - 1, 0) : k + 2] = 255
    for k in list(range(min(edge, w))) + list(range(max(w - edge, 0), w)):
        if cols[k] > share:
            out[:, max(k - 1, 0) : k + 2] = 255
    # ... and where the staircase steps out of the crop, what is left is a dashed band a few
    # pixels high along the edge, apart from the text: no text line is that thin
    _clear_thin_bands(out, edge, band, settings.thin_band_share)
    _clear_thin_bands(out.T, edge, band, settings.thin_band_share)
    return out


def _near_ink(ink: np.ndarray) -> np.ndarray:
    """Per row: the share of columns with ink in that row or one of its two neighbours."""
    near = ink.copy()
    near[1:] |= ink[:-1]
    near[:-1] |= ink[1:]
    return near.mean(axis=1) if near.size else np.zeros(ink.shape[0])


def _clear_thin_bands(img: np.ndarray, edge: int, band: int, share: float) -> None:
    """Paint white (in place) every run of inked rows at most `band` high that lies within
    `edge` rows of the top or bottom and whose ink spans more than `share` of the width."""
    h, w = img.shape
    rows = (img < 255).any(axis=1)
    d = np.diff(np.concatenate(([0], rows.astype(np.int8), [0])))
    for a, b in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
        if b - a <= band and (b <= edge or a >= h - edge) and (img[a:b] < 255).any(axis=0).mean() > share:
            img[a:b] = 255


def flatten_background(crop: np.ndarray, margin: int) -> np.ndarray:
    """Paper and cell shading become white. A label cell's grey fill (grey 0.85 → 217) inside
    a white pad gives Tesseract a strong edge around the fill and a weak one around the
    glyphs: it reads the box, not the text ("評価書名" → "人"). The background is the crop's
    median; everything lighter than `margin` below it is background."""
    bg = int(np.median(crop))
    out = crop.copy()
    out[crop >= min(bg - margin, ink_level() + 40)] = 255
    return out


def upscale(gray: np.ndarray, f: float) -> np.ndarray:
    """Bilinear upscaling (numpy only): Tesseract reads small or blurred glyphs better larger."""
    h, w = gray.shape
    nh, nw = max(1, round(h * f)), max(1, round(w * f))
    ys = np.clip((np.arange(nh) + 0.5) / f - 0.5, 0, h - 1)
    xs = np.clip((np.arange(nw) + 0.5) / f - 0.5, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    wy, wx = (ys - y0)[:, None], (xs - x0)[None, :]
    g = gray.astype(np.float32)
    top = g[y0][:, x0] * (1 - wx) + g[y0][:, x1] * wx
    bot = g[y1][:, x0] * (1 - wx) + g[y1][:, x1] * wx
    return np.rint(top * (1 - wy) + bot * wy).astype(np.uint8)


def crop_cells(
    gray: np.ndarray, scale: float, boxes: list[tuple[float, float, float, float]], settings: CellOcrSettings = SETTINGS
) -> tuple[list[tuple[int, int, int]], list[np.ndarray]]:
    """The image of every cell that has ink, cut inside its rules, background whitened and
    padded: ([(box index, crop x0, crop y0 in page pixels)], [crops])."""
    px = 1.0 / scale
    inset, edge, pad = settings.inset_pt * px, max(2, round(settings.edge_pt * px)), settings.pad_px
    crops: list[np.ndarray] = []
    where: list[tuple[int, int, int]] = []
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        a, b = int(round(x0 * px + inset)), int(round(x1 * px - inset))
        c, d = int(round(y0 * px + inset)), int(round(y1 * px - inset))
        if b - a < 4 or d - c < 4:
            continue
        crop = _clear_edges(
            flatten_background(gray[c:d, a:b], settings.background_margin),
            edge,
            max(2, round(settings.rule_band_pt * px)),
        )
        if int((crop < ink_level()).sum()) < settings.min_ink:
            continue
        crops.append(np.pad(crop, pad, constant_values=255))
        where.append((i, a - pad, c - pad))
    return where, crops


def line_bands(crop: np.ndarray, settings: CellOcrSettings = SETTINGS) -> list[tuple[int, int]]:
    """The text lines of a cell image as row ranges: runs of rows with ink, split by blank rows.
    A run much thinner than the others (a dot, a dash, an underline, the tail of a glyph cut
    by the crop, the top stroke of the next line's う) joins the NEARER of its neighbouring
    lines instead of being read on its own. Joined to the line above, う's stroke made that
    line tall enough to be cut as lines that touch, and the cut fell through its glyphs."""
    rows = (crop < ink_level()).any(axis=1)
    d = np.diff(np.concatenate(([0], rows.astype(np.int8), [0])))
    runs = [[int(a), int(b)] for a, b in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1))]
    if len(runs) <= 1:
        return [(a, b) for a, b in runs]
    typical = float(np.median([b - a for a, b in runs]))
    reach = settings.thin_gap * typical

    def thin(r: list[int]) -> bool:
        return r[1] - r[0] < settings.thin_line * typical

    out: list[list[int]] = []
    carry: int | None = None  # the start of thin runs that join the next line
    for i, r in enumerate(runs):
        start = r[0] if carry is None else carry
        carry = None
        up = r[0] - out[-1][1] if out else None
        down = runs[i + 1][0] - r[1] if i + 1 < len(runs) else None
        if thin(r) and down is not None and down <= reach and (up is None or down < up):
            carry = start
            continue
        if out and up is not None and up <= reach and (thin(r) or thin(out[-1])):
            out[-1][1] = r[1]
            continue
        out.append([start, r[1]])
    return [(a, b) for a, b in out]


@dataclass
class _Piece:
    cell: int  # index of the cell's box (-1: text outside the cells)
    image: np.ndarray  # padded, background white
    ox: int  # page pixel of the image's (0, 0)
    oy: int
    mode: str  # "line" (one text line) or "block" (lines that touch: OCR finds them)
    words: list[OcrWord] = field(default_factory=list)
    conf: float = 0.0
    retried: bool = False


def _split_touching(
    inner: np.ndarray, a: int, b: int, typical: float, settings: CellOcrSettings
) -> list[tuple[int, int]]:
    """A band of rows holding several text lines that touch (no blank row between them: a
    descender meets the next line's top) cut at the rows with least ink, about a line apart."""
    counts = (inner[a:b] < ink_level()).sum(axis=1)
    low = settings.touch_ink * counts.max()
    cuts, last = [], 0
    for y in range(int(0.6 * typical), b - a - int(0.5 * typical)):
        if y - last >= 0.6 * typical and counts[y] <= low and counts[y] == counts[max(0, y - 3) : y + 4].min():
            cuts.append(y)
            last = y
    edges = [0, *cuts, b - a]
    return [(a + y0, a + y1) for y0, y1 in zip(edges, edges[1:]) if y1 > y0]


def _pieces_of(k: int, crop: np.ndarray, ox: int, oy: int, typical: float, settings: CellOcrSettings) -> list[_Piece]:
    """A cell's crop (padded) cut into its text lines, each padded again. `typical`: the
    page's typical line height in pixels (most cells hold one line)."""
    pad = settings.pad_px
    inner = crop[pad:-pad, pad:-pad]
    out = []
    for a, b in line_bands(inner, settings):
        parts = [(a, b)]
        if b - a > settings.tall_line * typical:
            parts = _split_touching(inner, a, b, typical, settings)
        for a1, b1 in parts:
            a0, b0 = max(0, a1 - 2), min(inner.shape[0], b1 + 2)
            mode = "block" if b1 - a1 > settings.tall_line * typical else "line"
            out.append(_Piece(k, np.pad(inner[a0:b0], pad, constant_values=255), ox, oy + a0, mode))
    return out


_BARS = "|｜"


def _strip_bars(words: list[OcrWord]) -> list[OcrWord]:
    """A bar Tesseract adds at the end of a line, or before a number (`|7`, `評価書 |`), where
    the cut-out line has no stroke: the form prints no bar inside a cell. (Bars at the start
    of other text stay: normalize.ocr_noise reads `||` as the part numeral Ⅱ.)"""
    if words:
        last = words[-1]
        if last.text.rstrip(_BARS) != last.text:
            t = last.text.rstrip(_BARS)
            words = words[:-1] + ([last._replace(text=t)] if t else [])
    if words and len(words[0].text) > 1 and words[0].text[0] in "|｜Il" and words[0].text[1] in "[［【":
        words = [words[0]._replace(text=words[0].text[1:])] + words[1:]  # `I[令和6年10月 様式2]`: the bracket's shadow
    if words:
        first = words[0]
        t = first.text.lstrip(_BARS)
        if t != first.text and (not t or t[0].isdigit()) and (t or len(words) > 1 and words[1].text[:1].isdigit()):
            words = ([first._replace(text=t)] if t else []) + words[1:]
    return words


# the advance of a character and the blank at its left and right, in em, as a mincho or
# gothic font of Japanese documents prints it: what separates two glyphs of one word
_OPENING = set("「『（(［[【〔《〈｛{")
_CLOSING = set("」』）)］]】〕》〉｝}")
_COMMA = set("、。，．")
_MIDDLE = set("・･:：;；")
_SMALL = set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
# kana whose ink is much narrower than an em, or in strokes apart
_SLIM = set("いしりくへつとこよるにむリハトルミソツシノンイエニ一ーコメ")
_SLIM_KANJI = set("口日目月川小八人入上下十")


def _metrics(ch: str) -> tuple[float, float, float]:
    """(advance, blank before the ink, blank after it) of `ch`, in em."""
    if ch in _COMMA:
        return 1.0, 0.15, 0.7
    # brackets: OCR names a full-width （ as often as not `(`; the blank is the full-width one's
    if ch in _OPENING:
        return 1.0, 0.5, 0.2
    if ch in _CLOSING:
        return 1.0, 0.2, 0.5
    if ch in _MIDDLE:
        return (1.0 if is_wide(ch) else 0.3), 0.35 if is_wide(ch) else 0.1, 0.35 if is_wide(ch) else 0.1
    if ch in ".,":
        return 0.3, 0.05, 0.15
    if ch in _SMALL or ch in _SLIM:
        return 1.0, 0.15, 0.15
    if ch in _SLIM_KANJI:
        return 1.0, 0.12, 0.12
    if "\u3040" <= ch <= "\u30ff":  # kana: rounder and narrower than kanji
        return 1.0, 0.1, 0.1
    if is_wide(ch):
        return 1.0, 0.05, 0.05
    if ch in "1１":
        return 0.6, 0.15, 0.15
    if ch.isdigit():
        return 0.6, 0.05, 0.05
    return 0.55, 0.08, 0.08


def ink_chars(words: list[OcrWord], image: np.ndarray, settings: CellOcrSettings = SETTINGS) -> list[OcrWord]:
    """The words of one OCR'd text line as one box per character, placed on the line's ink.

    Tesseract's jpn word boxes are loose (a word's box starts up to half a character off its
    first glyph) and its words are arbitrary runs: splitting each box evenly into characters
    puts gaps where the text has none (`令和元 年`, `柏市行政 不服`) and none where a word runs
    over a space (`3出席者` for `3 出席者`, `課小宮山課長` for `課 小宮山課長`). Here the
    characters (in Tesseract's order) are laid on the line's own ink instead: the ink is cut at
    its wide gaps, each piece of ink takes the characters whose printed width fills it best,
    and a gap stays a gap (a space downstream) only where it is wider than the blank the two
    glyphs beside it have of their own (`、` and `(` carry much of an em of blank); elsewhere
    the neighbouring characters' boxes meet. `image`: the line's padded crop, in the words'
    pixels; words outside it or a line without ink come back unchanged."""
    chars = [ch for w in words for ch in w.text]
    ink = image < ink_level()
    rows = np.flatnonzero(ink.any(axis=1))
    cols = ink.any(axis=0)
    if not chars or not rows.size:
        return words
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    height = float(bottom - top)
    if height < 4:
        return words
    d = np.diff(np.concatenate(([0], cols.astype(np.int8), [0])))
    blobs = list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))
    metrics = [_metrics(c) for c in chars]
    # the em: the line's ink is its characters' advances long (less a few spaces); a short line
    # says too little, and its ink is a little less than an em high (more with brackets)
    em = settings.em_per_ink * height
    if len(chars) >= 4:
        span = (blobs[-1][1] - blobs[0][0]) / max(sum(m[0] for m in metrics) - metrics[0][1] - metrics[-1][2], 0.5)
        em = min(max(span, 0.8 * height), 1.4 * height)
    # pieces of ink: blobs closer than cut_gap em belong together
    segs: list[list[int]] = []
    for a, b in blobs:
        if segs and a - segs[-1][1] < settings.cut_gap * em:
            segs[-1][1] = b
        else:
            segs.append([a, b])
    conf = {id(w): w.conf for w in words}
    confs = [conf[id(w)] for w in words for _ in w.text]
    # each piece of ink, left to right, takes the run of characters whose ink width is closest
    # to its own (at least one while characters are left; the last piece takes the rest)
    groups: list[tuple[int, int, int]] = []  # (segment, first char, end char)
    i = k = 0
    while k < len(segs) and i < len(chars):
        a, b = segs[k]
        if k == len(segs) - 1:
            groups.append((k, i, len(chars)))
            i = len(chars)
            break
        width = (b - a) / em
        best, best_cost, adv = i + 1, float("inf"), 0.0
        for j in range(i, len(chars)):
            adv += metrics[j][0]
            cost = abs(width - (adv - metrics[i][1] - metrics[j][2]))
            if cost < best_cost:
                best, best_cost = j + 1, cost
            elif adv - metrics[i][1] > width + 1.0:
                break
        m = metrics[i]
        if best == i + 1 and width < 0.6 * (m[0] - m[1] - m[2]) and segs[k + 1][0] - b < 0.6 * em:
            # a piece of ink too narrow for the one glyph it would take is part of a glyph
            # whose strokes stand apart (リ, い, 川): it goes with the next piece
            segs[k + 1][0] = a
            k += 1
            continue
        groups.append((k, i, best))
        i = best
        k += 1
    out: list[OcrWord] = []
    y0, y1 = float(top), float(bottom)
    for n, (k, i, j) in enumerate(groups):
        a, b = segs[k]
        # the piece's ink spans its characters' advances less the first's blank before and
        # the last's blank after: the advances are laid from there, scaled to fit
        lead, trail = metrics[i][1], metrics[j - 1][2]
        adv = sum(m[0] for m in metrics[i:j])
        raw = (b - a) / max(adv - lead - trail, 0.2)
        unit = min(max(raw, 0.75 * em), 1.5 * em)  # one narrow glyph says little of the em
        x = (a + b) / 2 - (adv - lead - trail) * unit / 2 - lead * unit
        if n:
            prev_k, _pi, pj = groups[n - 1]
            gap = (a - segs[prev_k][1]) / em
            own = metrics[pj - 1][2] + lead
            narrow = not is_wide(chars[pj - 1]) and not is_wide(chars[i])
            if gap - own < (settings.digit_space_gap if narrow else settings.space_gap):
                # no space: the two boxes meet halfway between the inks
                mid = max((segs[prev_k][1] + a) / 2, out[-1].x0 + 1.0)
                out[-1] = out[-1]._replace(x1=mid)
                first = metrics[i][0] * unit
                out.append(OcrWord(chars[i], mid, y0, max(x + first, mid + 1.0), y1, confs[i]))
                x += first
                i += 1
            else:  # a space: the boxes keep no more of their blank than the glyphs have
                end = segs[prev_k][1] + metrics[pj - 1][2] * em
                out[-1] = out[-1]._replace(x1=min(out[-1].x1, end))
                x = max(x, min(a - lead * em, a - 1.0))
        for c in range(i, j):
            w = metrics[c][0] * unit
            out.append(OcrWord(chars[c], x, y0, x + w, y1, confs[c]))
            x += w
    for n in range(1, len(out)):  # reading order is Tesseract's: boxes never overlap back
        if out[n].x0 < out[n - 1].x1:
            x0 = out[n - 1].x1
            out[n] = out[n]._replace(x0=x0, x1=max(out[n].x1, x0 + 1.0))
    return out


_CIRCLE_READS = set("9oO0Ｏｏ０〇◯°")


def circle_mark(words: list[OcrWord], image: np.ndarray, settings: CellOcrSettings = SETTINGS) -> list[OcrWord]:
    """A line that starts with the speaker mark `○` as Tesseract often reads it (`9`, `o`, `0`)
    gets its `○` back when the image shows one: the line's first glyph is a ring as wide as it
    is high (a `9` or a `0` is much higher than wide) and Japanese follows it (a Latin `o`
    would not start a Japanese line). `image`: the line's padded crop, in the words' pixels."""
    text = "".join(w.text for w in words)
    if len(text) < 2 or text[0] not in _CIRCLE_READS or not is_wide(text[1]):
        return words
    ink = image < ink_level()
    rows = np.flatnonzero(ink.any(axis=1))
    cols = ink.any(axis=0)
    if not rows.size:
        return words
    d = np.diff(np.concatenate(([0], cols.astype(np.int8), [0])))
    a, b = int(np.flatnonzero(d == 1)[0]), int(np.flatnonzero(d == -1)[0])
    glyph = ink[:, a:b]
    grow = np.flatnonzero(glyph.any(axis=1))
    high = int(grow[-1] - grow[0] + 1)
    height = float(rows[-1] - rows[0] + 1)
    # as wide as it is high, most of an em wide, and hollow: its middle column has ink only
    # at the top and the bottom (a `9` or a `0` is narrower; an `o` is lower)
    mid = glyph[grow[0] : grow[-1] + 1, (b - a) // 2]
    hollow = mid.size > 4 and not mid[mid.size // 4 : -(mid.size // 4) or None].any()
    if (b - a) >= settings.circle_width * height and 0.8 <= (b - a) / max(high, 1) <= 1.25 and hollow:
        first = words[0]
        return [first._replace(text="○" + first.text[1:]), *words[1:]]
    return words


def _read_pieces(pieces: list[_Piece], read: CropReader, settings: CellOcrSettings) -> None:
    """OCR every piece (one OCR run per mode), then again upscaled where confidence is low."""
    for mode in ("line", "block"):
        todo = [p for p in pieces if p.mode == mode]
        if not todo:
            continue
        for p, ws in zip(todo, read([p.image for p in todo], mode == "block")):
            p.words = (
                _strip_bars([w for w in ws if w.conf >= settings.min_conf])
                if mode == "line"
                else [w for w in ws if w.conf >= settings.min_conf]
            )
            p.conf = _mean_conf(p.words)
        again = [p for p in todo if p.conf < settings.retry_conf]
        if again:
            f = settings.retry_scale
            for p, ws in zip(again, read([upscale(p.image, f) for p in again], mode == "block")):
                ws = [
                    w._replace(x0=w.x0 / f, y0=w.y0 / f, x1=w.x1 / f, y1=w.y1 / f)
                    for w in ws
                    if w.conf >= settings.min_conf
                ]
                ws = _strip_bars(ws) if mode == "line" else ws
                conf = _mean_conf(ws)
                if conf > p.conf:
                    p.words, p.conf, p.retried = ws, conf, True
        if mode == "line":
            for p in todo:
                p.words = circle_mark(p.words, p.image, settings)
                if p.words:
                    # Tesseract's commonest misreadings undone on the line's text (a misread
                    # spans its words: `信和` `元年`); minutes are read from these characters
                    text = "".join(w.text for w in p.words)
                    fixed = fix_confusions(text)
                    if fixed != text:
                        p.words = [OcrWord(fixed, p.words[0].x0, p.words[0].y0, p.words[-1].x1, p.words[-1].y1, p.conf)]
                if p.cell < 0 or settings.ink_in_cells:
                    p.words = ink_chars(p.words, p.image, settings)


def read_scan(
    gray: np.ndarray, scale: float, page_no: int, read: CropReader, settings: CellOcrSettings = SETTINGS
) -> ScanRead:
    """OCR a scanned page image (H×W uint8, `scale` points per pixel) cell by cell, each
    cell line by line (Tesseract's own line finding merges a cell's closely set lines:
    `2)…` and `3)…` of a ＜選択肢＞ list read as one garbled line).

    Returns the characters (one per OCR'd character, inside its cell), the rules found, the
    per-cell reads (for confidence and tracing) and the tilt that was undone.
    """
    ink = gray < ink_level()
    angle = estimate_skew(ink) if ink.any() else 0.0
    if angle:
        gray = deskew(gray, angle)
        ink = gray < ink_level()
    segments = detect_rulings_straight(ink, scale)
    h, w = gray.shape
    boxes = cell_boxes(page_no, w * scale, h * scale, segments) if segments else []
    where, crops = crop_cells(gray, scale, boxes, settings)
    pad = settings.pad_px
    heights = [b - a for crop in crops for a, b in line_bands(crop[pad:-pad, pad:-pad], settings)]
    typical = float(np.median(heights)) if heights else 0.0
    pieces: list[_Piece] = []
    for k, ((_i, ox, oy), crop) in enumerate(zip(where, crops)):
        pieces += _pieces_of(k, crop, ox, oy, typical, settings)
    # text outside every cell (headings, the cover's title): the page with the cells painted
    # white, cut into its lines of ink, each read as a block. Tesseract's own page layout
    # analysis on a page that is mostly blank misses short headings (変更箇所 above a table).
    rest = gray.copy()
    px = 1.0 / scale
    m = max(1, round(settings.rule_margin_pt * px))  # a straightened rule strays a pixel or two off its line
    for x0, y0, x1, y1 in boxes:
        rest[
            max(int(y0 * px) - m, 0) : int(np.ceil(y1 * px)) + 1 + m,
            max(int(x0 * px) - m, 0) : int(np.ceil(x1 * px)) + 1 + m,
        ] = 255
    for s in segments:  # rules outside every cell (a table's open edge) are no text either
        rest[
            max(int(s.y0 * px) - m, 0) : int(np.ceil(s.y1 * px)) + 1 + m,
            max(int(s.x0 * px) - m, 0) : int(np.ceil(s.x1 * px)) + 1 + m,
        ] = 255
    for x0, y0, x1, y1 in text_islands(rest < ink_level(), px, settings):
        img = np.pad(flatten_background(rest[y0:y1, x0:x1], settings.background_margin), pad, constant_values=255)
        pieces.append(_Piece(-1, img, x0 - pad, y0 - pad, "line"))
    _read_pieces(pieces, read, settings)
    outside = [_to_points(wd, p.ox, p.oy, 1.0, scale) for p in pieces if p.cell < 0 for wd in p.words]
    outside = [wd for wd in outside if not _inside_any(wd, boxes)]
    reads: dict[int, CellRead] = {}
    for p in pieces:
        if p.cell < 0:
            continue
        i = where[p.cell][0]
        r = reads.setdefault(i, CellRead(*boxes[i], [], 0.0))
        r.words += [_to_points(wd, p.ox, p.oy, 1.0, scale) for wd in p.words]
        r.retried |= p.retried
    for r in reads.values():
        r.conf = _mean_conf(r.words)
    chars = chars_from_words(outside)
    for k, (i, ox, oy) in enumerate(where):
        cell = reads.get(i)
        if cell is None:
            continue
        cell_chars = chars_from_words(cell.words)
        for box in find_boxes(crops[k], current().marks):
            cell_chars, placed = place_box(cell_chars, box, ox, oy, scale)
            if placed:
                cell.boxes.append(box)
        chars += cell_chars
    return ScanRead(chars, segments, [reads[i] for i in sorted(reads)], angle)


_SQUARE = set("[]［］【】「」『』|｜lI!ｌＩ")  # how OCR reads a check box's bracket
_BRACKETISH = _SQUARE | set("()（）1１")


def place_box(chars: list[Char], box: Box, ox: int, oy: int, scale: float) -> tuple[list[Char], bool]:
    """Replace what OCR read between a check box's brackets by what the image shows: `[`, `○`
    when there is a mark, `]`. Refused (chars unchanged) when OCR read a letter there: text
    between brackets is a ＜選択肢＞ answer (`[ 有 ]`, `[ 十分である ]`), not a box."""
    x0, x1 = (ox + box.x0) * scale, (ox + box.x1) * scale
    y0, y1 = (oy + box.y0) * scale, (oy + box.y1) * scale
    h = y1 - y0
    # OCR's own reading of the brackets lands up to about a character off (a word's box is
    # split evenly among its characters): bracket-like characters that near go too
    inside = [
        c
        for c in chars
        if y0 <= c.cy <= y1 and (x0 - 0.5 <= c.cx <= x1 + 0.5 or (c.text in _SQUARE and x0 - h <= c.cx <= x1 + h))
    ]
    letters = [c for c in inside if c.text not in _BRACKETISH and c.text not in "○〇◯●OoＯ0o◎・.。" and c.text.strip()]
    if letters:
        return chars, False
    stroke = min(0.35 * h, (x1 - x0) / 3)
    new = [Char("[", x0, y0, x0 + stroke, y1, h, "ocr-mark")]
    if box.checked:
        mid = (x0 + x1) / 2
        new.append(Char("○", mid - h / 2, y0, mid + h / 2, y1, h, "ocr-mark"))
    new.append(Char("]", x1 - stroke, y0, x1, y1, h, "ocr-mark"))
    drop = set(map(id, inside))
    return [c for c in chars if id(c) not in drop] + new, True


def text_islands(ink: np.ndarray, px: float, settings: CellOcrSettings = SETTINGS) -> list[tuple[int, int, int, int]]:
    """Boxes (pixels) of the text lines of an ink mask: bands of rows with ink, each cut where
    a horizontal gap is wider than `island_gap_pt` (two texts side by side on one line)."""
    rows = ink.sum(axis=1) > 0
    gap = max(2, round(settings.island_gap_pt * px))
    out = []
    d = np.diff(np.concatenate(([0], rows.astype(np.int8), [0])))
    for y0, y1 in zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)):
        if y1 - y0 < 3:
            continue  # dust
        cols = ink[y0:y1].any(axis=0)
        xs = np.flatnonzero(cols)
        start = prev = int(xs[0])
        for x in xs[1:].tolist() + [None]:
            if x is None or x - prev > gap:
                if int(ink[y0:y1, start : prev + 1].sum()) >= settings.min_ink:
                    out.append((start, int(y0), prev + 1, int(y1)))
                if x is not None:
                    start = x
            if x is not None:
                prev = x
    return out


def _to_points(w: OcrWord, ox: int, oy: int, f: float, scale: float) -> OcrWord:
    """A word in (possibly upscaled) crop pixels → page points."""
    return w._replace(
        x0=(ox + w.x0 / f) * scale, y0=(oy + w.y0 / f) * scale, x1=(ox + w.x1 / f) * scale, y1=(oy + w.y1 / f) * scale
    )


def _inside_any(w: OcrWord, boxes) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
    return any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in boxes)


def chars_from_words(words: list[OcrWord]) -> list[Char]:
    """OCR word boxes → one Char per character, the word's box split evenly.

    Tesseract's jpn words are runs of characters; an even split is close enough for the
    line grouping and cell assignment done downstream (they use centres, not exact edges).
    """
    chars: list[Char] = []
    for w in words:
        if not w.text:
            continue
        step = (w.x1 - w.x0) / len(w.text)
        h = w.y1 - w.y0
        conf = min(max(w.conf, 0.0), 100.0) / 100
        for i, ch in enumerate(w.text):
            x0 = w.x0 + i * step
            chars.append(Char(ch, x0, w.y0, x0 + step, w.y1, h, "ocr", -1, conf))
    return chars
