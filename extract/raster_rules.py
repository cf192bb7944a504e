"""Table rulings found in a rendered page image (scans have no vector rules).

A scanned 評価書 is still a ruled spreadsheet printout: its cells can only be rebuilt
(extract.assessment.cells) if the ruling lines are recovered from the pixels. numpy only, no OpenCV:

1. binarise (ink is darker than paper AND than the light grey of label-cell fills);
2. estimate the skew from the row-projection profile (a scan is rotated by < ~1°) and
   shear the ink mask straight — a 0.5° tilt moves a page-wide rule by ~20 px at 300 dpi,
   far more than a "long run of dark pixels" tolerates;
3. a morphological opening with a long 1-pixel-thick kernel (cumulative sums) keeps the
   pixels lying on a horizontal (vertical) dark run at least min_len_pt long (RasterRuleSettings): rules, not text;
4. runs on neighbouring pixel rows are one line; collinear pieces separated by a small gap
   (scan dropouts) are joined, a wide gap is kept (a rowspan cell has no rule there);
5. thin lines are rules; a thick dark band is a filled block whose two edges are rules;
6. pixel coordinates (deskewed about the page centre) × `scale` → PDF points.
"""

from __future__ import annotations

import numpy as np

from extract.pdf import Char, Segment
from extract.settings_context import current


def ink_level() -> int:
    """Grey level below which a pixel is ink (RasterRuleSettings.ink), for the other image readers."""
    return current().raster_rules.ink


def detect_rulings(gray: np.ndarray, scale: float) -> list[Segment]:
    """Horizontal and vertical rules of a page image (H×W uint8, 0 = black), in PDF points.

    `scale` is points per pixel (72 / dpi). Coordinates are those of the deskewed page
    (rotation undone about the image centre), i.e. of the page before it was scanned.
    """
    ink = np.asarray(gray) < ink_level()
    if not ink.any():
        return []
    return _detect(ink, estimate_skew(ink), scale)


def page_rulings(gray: np.ndarray, scale: float, chars: list[Char]) -> tuple[list[Segment], list[Char]]:
    """The rules of a scanned page and its OCR'd characters moved into the same (deskewed)
    frame: Tesseract reports boxes in the tilted image, the rules are straightened."""
    ink = np.asarray(gray) < ink_level()
    if not ink.any():
        return [], chars
    angle = estimate_skew(ink)
    segments = _detect(ink, angle, scale)
    if angle:
        t = np.tan(angle)
        cx, cy = ink.shape[1] * scale / 2, ink.shape[0] * scale / 2
        moved = []
        for c in chars:  # move each box by its centre's displacement (rotation about the centre)
            dx, dy = (c.cy - cy) * t, -(c.cx - cx) * t
            moved.append(c._replace(x0=c.x0 + dx, x1=c.x1 + dx, y0=c.y0 + dy, y1=c.y1 + dy))
        chars = moved
    return segments, chars


def detect_rulings_straight(ink: np.ndarray, scale: float) -> list[Segment]:
    """The rules of an ink mask that is already straight (see deskew), in PDF points."""
    return _detect(ink, 0.0, scale)


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page image rotated back by `angle` (radians, as estimate_skew gives it) about its
    centre, nearest-neighbour, paper white where nothing maps. Per-cell OCR crops the cells
    out of this image, so the rules found in it and the crops share one frame."""
    h, w = gray.shape
    c, s = np.cos(angle), np.sin(angle)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs -= w / 2
    ys -= h / 2
    # a point of the straight page was drawn at R(angle)·p in the tilted scan
    sx = np.rint(xs * c - ys * s + w / 2).astype(np.int32)
    sy = np.rint(xs * s + ys * c + h / 2).astype(np.int32)
    ok = (sx >= 0) & (sx < w) & (sy >= 0) & (sy < h)
    out = np.full_like(gray, 255)
    out[ok] = gray[sy[ok], sx[ok]]
    return out


def _detect(ink: np.ndarray, angle: float, scale: float) -> list[Segment]:
    px = 1.0 / scale  # pixels per point
    s = current().raster_rules
    min_h = max(s.min_len_pt, s.min_len_frac * ink.shape[1] * scale) * px
    min_v = s.min_len_pt * px
    max_thick = max(3, round(s.max_thick_pt * px))
    gap = max(2, round(s.gap_pt * px))
    out: list[Segment] = []
    h, w = ink.shape
    t = np.tan(angle)
    # horizontal rules: straighten each column (shift it by its drift), find rows' runs;
    # the rotation also slid the rule along itself by (y - cy)·tan: undo it at the ends
    hmask = _thicken(_shear(ink, -angle, axis=0))
    for pos, a, b in _lines(hmask, int(min_h), max_thick + 1, gap):
        pos += 0.5  # _thicken grew every stroke by one row upwards
        d = (pos - h / 2) * t
        out.append(Segment((a + d) * scale, pos * scale, (b + d) * scale, pos * scale))
    # vertical rules: the same on the transposed image (rows become columns)
    vmask = _thicken(_shear(ink, angle, axis=1).T)
    for pos, a, b in _lines(vmask, int(min_v), max_thick + 1, gap):
        pos += 0.5
        d = -(pos - w / 2) * t
        out.append(Segment(pos * scale, (a + d) * scale, pos * scale, (b + d) * scale))
    return out


def estimate_skew(ink: np.ndarray) -> float:
    """The page's tilt in radians (positive: the right end of a rule is lower), found as the
    shear that makes the row-projection profile sharpest (rules and text lines both count).

    The image is cut into column blocks; each block's profile is shifted by its drift at
    the trial angle and summed, so one trial costs a few dozen vector shifts, not a rotation.
    """
    h, w = ink.shape
    block = max(16, w // 48)
    nb = w // block
    if nb < 4:
        return 0.0
    prof = ink[:, : nb * block].reshape(h, nb, block).sum(axis=2).T.astype(np.float64)  # nb × h
    centres = (np.arange(nb) + 0.5) * block - w / 2
    best, best_score = 0.0, -1.0
    s = current().raster_rules
    for deg in np.arange(-s.max_skew_deg, s.max_skew_deg + 1e-9, s.skew_step_deg):
        shifts = np.rint(centres * np.tan(np.radians(deg))).astype(int)
        total = np.zeros(h)
        for p, s in zip(prof, shifts):
            total += np.roll(p, -s)
        score = float(np.dot(total, total))
        # prefer 0 on ties: an unskewed page must not be sheared by noise
        if score > best_score * (1 + 1e-9) or (abs(deg) < abs(best) and score >= best_score):
            best, best_score = float(deg), score
    return float(np.radians(best))


def _shear(ink: np.ndarray, angle: float, axis: int) -> np.ndarray:
    """Shift columns (axis=0: vertically, by (x - cx)·tan) or rows (axis=1: horizontally, by
    (y - cy)·tan) so that lines tilted by `angle` become axis-parallel. Small angles only:
    for < 2° the shear and the rotation differ by far less than a pixel."""
    t = np.tan(angle)
    n = ink.shape[1 - axis]
    shifts = np.rint((np.arange(n) - n / 2) * t).astype(int)
    if not shifts.any():
        return ink
    out = np.zeros_like(ink)
    # columns (rows) with the same shift are moved together: at most a few dozen groups
    for s in np.unique(shifts):
        idx = np.nonzero(shifts == s)[0]
        sl = slice(idx[0], idx[-1] + 1)
        src = ink[:, sl] if axis == 0 else ink[sl, :].T
        moved = np.zeros_like(src)
        if s > 0:
            moved[s:] = src[:-s]
        elif s < 0:
            moved[:s] = src[-s:]
        else:
            moved = src
        if axis == 0:
            out[:, sl] = moved
        else:
            out[sl, :] = moved.T
    return out


def _thicken(mask: np.ndarray) -> np.ndarray:
    """Row y |= row y + 1. After the shear a rule still drifts by up to half a pixel, so a
    one-pixel rule steps between two rows; a row-wise run needs it on one row throughout."""
    out = mask.copy()
    out[:-1] |= mask[1:]
    return out


def _open_rows(mask: np.ndarray, k: int) -> np.ndarray:
    """Morphological opening of each row with a 1×k kernel: pixels on a run of ≥ k."""
    h, w = mask.shape
    out = np.zeros_like(mask)
    rows = np.nonzero(mask.sum(axis=1) >= k)[0]  # only rows holding k ink pixels can hold a run
    if k > w or not len(rows):
        return out
    m = mask[rows]
    c = np.zeros((len(rows), w + 1), dtype=np.int32)
    np.cumsum(m, axis=1, out=c[:, 1:])
    start = np.zeros(m.shape, dtype=np.int32)
    start[:, : w - k + 1] = (c[:, k:] - c[:, :-k]) == k  # erosion: the run [x, x + k) is all ink
    np.cumsum(start, axis=1, out=c[:, 1:])
    # dilation: x is kept when a run starts in [x - k + 1, x]
    kept = np.empty(m.shape, dtype=bool)
    kept[:, : k - 1] = c[:, 1:k] > 0
    kept[:, k - 1 :] = (c[:, k:] - c[:, : w - k + 1]) > 0
    out[rows] = kept
    return out


def _lines(mask: np.ndarray, min_len: int, max_thick: int, gap: int) -> list[tuple[float, int, int]]:
    """Horizontal lines of `mask` as (centre row, x0, x1) in pixels."""
    opened = _open_rows(mask, min_len)
    rows = np.nonzero(opened.any(axis=1))[0]
    # runs per row: +1/-1 steps of the padded rows
    d = np.diff(np.pad(opened[rows], ((0, 0), (1, 1))).astype(np.int8), axis=1)
    ri, rx0 = np.nonzero(d == 1)
    _, rx1 = np.nonzero(d == -1)  # same row-major order: the i-th end closes the i-th start
    ry = rows[ri]
    # join runs of adjacent rows that overlap into one stroke (its thickness is its row span)
    strokes: list[list[int]] = []  # [top, bottom, x0, x1]
    open_: list[list[int]] = []
    for y, a, b in zip(ry.tolist(), rx0.tolist(), rx1.tolist()):
        open_ = [s for s in open_ if s[1] >= y - 1]
        for s in open_:
            if a < s[3] and b > s[2]:
                s[1] = y
                s[2], s[3] = min(s[2], a), max(s[3], b)
                break
        else:
            s = [y, y, a, b]
            strokes.append(s)
            open_.append(s)
    pieces: list[tuple[float, int, int]] = []
    for top, bottom, a, b in strokes:
        if bottom - top + 1 <= max_thick:
            pieces.append(((top + bottom + 1) / 2, a, b))
        else:  # a dark filled block: its top and bottom edges are the cell's rules
            pieces.append((top + 0.5, a, b))
            pieces.append((bottom + 0.5, a, b))
    return _merge(pieces, gap, max_thick)


def _merge(pieces: list[tuple[float, int, int]], gap: int, tol: int) -> list[tuple[float, int, int]]:
    """Join collinear pieces (centres within `tol` px) whose ends are at most `gap` apart."""
    pieces.sort(key=lambda p: (p[0], p[1]))
    groups: list[list[tuple[float, int, int]]] = []
    for p in pieces:
        if groups and p[0] - groups[-1][0][0] <= tol / 2:
            groups[-1].append(p)
        else:
            groups.append([p])
    out: list[tuple[float, int, int]] = []
    for g in groups:
        g.sort(key=lambda p: p[1])
        pos_w, a, b, length = 0.0, g[0][1], g[0][2], 0
        for y, x0, x1 in g:
            if x0 > b + gap:
                out.append((pos_w / length, a, b))
                pos_w, a, b, length = 0.0, x0, x1, 0
            b = max(b, x1)
            pos_w += y * (x1 - x0)
            length += x1 - x0
        out.append((pos_w / length, a, b))
    return out
