"""Check boxes read from a scanned cell's image, not from OCR's text.

A printed check box is a bracket pair around one mark or nothing: `[ ○ ]`, `［ ］` (the
filled, curved `【 】` is not recognised here yet: its strokes are too thick for a bracket).
OCR reads the brackets as `|`, `l`, `「` or drops them, and the ○ as `O`, `0`, `〇` or
nothing, so "checked or not" is where OCR is least reliable — yet it is the simplest thing
to see in the pixels: two bracket strokes about one line high, less than three line
heights apart, with ink between them (a mark) or none (an empty box).

A bracket here: a vertical stroke at least BRACKET_MIN of the line's height with short feet
at both ends pointing inwards, then a blank gap (a space), and nothing attached to the middle
of the stroke's inner side. The blank gap is what tells `[` from the left side of 口 or 日,
whose top and bottom strokes run on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extract.raster_rules import ink_level


@dataclass(frozen=True)
class MarkSettings:
    bracket_min: float = 0.7  # a bracket's stroke spans at least this share of the line's ink height
    foot_max: float = 0.45  # a foot is at most this long (share of the stroke's length)
    foot_band: float = 0.2  # the feet lie in the top/bottom this share of the stroke
    stroke_max: float = 0.18  # a stroke is at most this thick (share of its length)
    gap_min: float = 0.06  # the blank gap after a foot, share of the stroke's length
    width_min: float = 0.5  # bracket pair spacing, in stroke lengths: [ ] is ~0.8, [ ○ ] ~2.1
    width_max: float = 4.2  # (a font with full-width spaces: [ ○ ] ~3.7)
    mark_ink: float = 0.04  # share of the inner box that is ink for a mark (○ at 300 dpi ~ 0.1)


SETTINGS = MarkSettings()


@dataclass(frozen=True)
class Box:
    """A bracket pair in crop pixels: outer x of `[` and `]`, the stroke's rows, marked?"""

    x0: int
    x1: int
    y0: int
    y1: int
    checked: bool
    ink: float  # the share of the inner region that is ink (traceability of the decision)


def _runs(mask_1d: np.ndarray) -> list[tuple[int, int]]:
    d = np.diff(np.concatenate(([0], mask_1d.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def _line_bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """Rows holding ink, grouped into text lines (a blank row separates two lines)."""
    rows: np.ndarray = ink.any(axis=1)  # type: ignore[assignment]  # numpy's stubs: any(axis=1) of a 2-D array is an array
    return [(a, b) for a, b in _runs(rows) if b - a >= 6]


def _strokes(band: np.ndarray, settings: MarkSettings) -> list[tuple[int, int, int, int]]:
    """Vertical strokes of a line band: (x0, x1, top, bottom) of column groups whose longest
    vertical ink run is at least bracket_min of the band's height."""
    h = band.shape[0]
    # longest run per column, by cumulative counting down the rows
    run = np.zeros(band.shape, dtype=np.int32)
    run[0] = band[0]
    for y in range(1, h):
        run[y] = (run[y - 1] + 1) * band[y]
    longest = run.max(axis=0)
    tall = longest >= max(6, settings.bracket_min * h)
    out = []
    for a, b in _runs(tall):
        length = int(longest[a:b].max())
        if b - a > max(2, settings.stroke_max * length):
            continue  # a thick block (a filled mark, a rule remnant), not a bracket's stroke
        col = int(np.argmax(longest[a:b])) + a
        bottom = int(np.argmax(run[:, col])) + 1
        out.append((a, b, bottom - length, bottom))
    return out


def _foot(band: np.ndarray, x: int, direction: int, top: int, bottom: int, settings: MarkSettings) -> int | None:
    """Foot length (px) from the stroke edge `x` inwards (`direction` ±1), or None when the
    stroke is not a bracket: feet at both ends, nothing beside the middle, then a blank gap."""
    length = bottom - top
    fb = max(1, round(settings.foot_band * length))
    foot_max = max(2, round(settings.foot_max * length))
    gap = max(1, round(settings.gap_min * length))
    w = band.shape[1]
    cols = range(x, x + direction * (foot_max + gap + 1), direction)
    feet = []
    for rows in ((top, top + fb), (bottom - fb, bottom)):
        n = 0
        for c in cols:
            if not 0 <= c < w or not band[rows[0] : rows[1], c].any():
                break
            n += 1
        feet.append(n)
    foot = max(feet)
    if min(feet) == 0 or foot > foot_max:
        return None
    mid = band[top + fb + 1 : bottom - fb - 1]
    beside = [c for c in cols[:foot] if 0 <= c < w]
    if mid.size and beside and mid[:, beside].any():
        return None  # a stroke with something attached in the middle: a glyph (口's inside is blank, but see the gap)
    after = [c for c in range(x + direction * foot, x + direction * (foot + gap), direction)]
    if any(not 0 <= c < w for c in after) or band[top:bottom, after].any():
        return None  # no blank gap after the foot: the top and bottom strokes run on (口, 日, 目)
    return foot


def find_boxes(crop: np.ndarray, settings: MarkSettings = SETTINGS) -> list[Box]:
    """The check boxes of a cell image (grey, 0 = black), left to right per line."""
    ink = crop < ink_level()
    out: list[Box] = []
    for y0, y1 in _line_bands(ink):
        band = ink[y0:y1]
        strokes = _strokes(band, settings)
        opens, closes = [], []
        for a, b, top, bottom in strokes:
            right = _foot(band, b, +1, top, bottom, settings) is not None
            left = _foot(band, a - 1, -1, top, bottom, settings) is not None
            if right and left:
                continue  # feet on both sides: a serifed Ⅰ or 工, not a bracket
            if right:
                opens.append((a, b, top, bottom))
            elif left:
                closes.append((a, b, top, bottom))
        used: set[int] = set()
        for a, b, top, bottom in opens:
            length = bottom - top
            for k, (c, d, t2, b2) in enumerate(closes):
                if k in used or c <= b:
                    continue
                span = d - a
                if span > settings.width_max * length:
                    break
                if span < settings.width_min * length or abs((t2 + b2) - (top + bottom)) > 0.3 * length:
                    continue
                fb = max(1, round(settings.foot_band * length))
                inner = band[
                    top + fb : bottom - fb,
                    b + max(1, round(settings.foot_max * length)) : c - max(1, round(settings.foot_max * length)),
                ]
                share = float(inner.mean()) if inner.size else 0.0
                out.append(Box(a, d, y0 + top, y0 + bottom, share >= settings.mark_ink, round(share, 3)))
                used.add(k)
                break
    return out
