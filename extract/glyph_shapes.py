"""How much a glyph printed in a PDF looks like a character drawn in a reference font.

A glyph's ink (cut from the page by its exact box) and a candidate character (drawn in each
reference font of GlyphVerifySettings.fonts) are both reduced to the same small picture: the
ink's bounding box, padded to a square around its centre (so a bar stays a bar and a tall 1
stays tall), area-averaged to `grid`×`grid` and blurred (strokes of two fonts never fall on the
same pixels). Similarity is the cosine of the two pictures after their means are taken away:
about 0.7 for a character and its own glyph in another font, under 0.3 for other characters.
The square hides how big the ink is, so each picture also keeps its ink's extent in em: a
character whose ink is much bigger or smaller than the glyph's (● for ・, ー for 一 drawn
short) is not alike at all (GlyphVerifySettings.max_extent_ratio).
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pymupdf

log = logging.getLogger(__name__)

_REF_SIZE = 64  # points: the reference characters are drawn this big (one render per batch)


class Picture(NamedTuple):
    vector: np.ndarray  # zero-mean unit vector of grid×grid
    extent: float  # the ink's height or width, whichever is larger, in em


def _picture(ink: np.ndarray, grid: int, em_pixels: float) -> Picture | None:
    """`ink` (0 = paper, 1 = ink) as a picture, None when blank; `em_pixels`: the em in pixels."""
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0.5), np.flatnonzero(ink.max(axis=0) > 0.5)
    if not len(rows):
        return None
    ink = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = ink.shape
    side = max(h, w)
    extent = side / em_pixels
    square = np.zeros((side, side))
    square[(side - h) // 2 : (side - h) // 2 + h, (side - w) // 2 : (side - w) // 2 + w] = ink
    if side < grid:  # a tiny glyph: repeat pixels so that every cell of the grid gets some
        rep = -(-grid // side)
        square = np.repeat(np.repeat(square, rep, axis=0), rep, axis=1)
        side *= rep
    edges = np.linspace(0, side, grid + 1).astype(int)[:-1]
    small = np.add.reduceat(np.add.reduceat(square, edges, axis=0), edges, axis=1)
    small /= small.max() or 1.0
    for _ in range(2):  # a 3×3 box blur, twice
        p = np.pad(small, 1)
        small = np.sum([p[i : i + grid, j : j + grid] for i in range(3) for j in range(3)], axis=0) / 9
    v = (small - small.mean()).ravel()
    norm = float(np.linalg.norm(v))
    # float32: the ~13,000 reference pictures of every kana and JIS kanji in two fonts are held
    return Picture((v / norm).astype(np.float32), extent) if norm else None


def glyph_picture(
    page: pymupdf.Page, box: tuple[float, float, float, float], em: float, dpi: int, grid: int
) -> Picture | None:
    """The picture of the ink inside `box` (PDF points) on `page`, printed at `em` points."""
    pix = page.get_pixmap(clip=pymupdf.Rect(box), dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    if not pix.width or not pix.height:
        return None
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    return _picture(1.0 - grey / 255.0, grid, em * dpi / 72)


@functools.cache
def _font(path: str) -> pymupdf.Font:
    # "japan": MuPDF's built-in Droid Sans Fallback, there on any machine
    return pymupdf.Font(path) if path == "japan" else pymupdf.Font(fontfile=path)


def _font_folders() -> list[Path]:
    data = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    home = Path.home()
    return [Path(d) / "fonts" for d in data.split(":") if d] + [home / ".local/share/fonts", home / ".fonts"]


@functools.cache
@functools.cache  # the font folders are walked once per process, not once per document
def find_fonts(names: str) -> tuple[str, ...]:
    """The reference fonts found here: each of the space-separated `names` as a path, or as a
    file name in the system's font folders; ("japan",), MuPDF's own font, where none is."""
    found = []
    for name in names.split():
        if name == "japan" or Path(name).is_file():
            found.append(name)
            continue
        for folder in _font_folders():
            hit = next(iter(sorted(folder.rglob(name))), None) if folder.is_dir() else None
            if hit is not None:
                found.append(str(hit))
                break
    if not found:
        log.warning(
            "glyph verification: none of the reference fonts %s is installed (scripts/setup.sh installs"
            " them); comparing glyphs with MuPDF's own font instead",
            names,
        )
    return tuple(found) or ("japan",)


_REFS: dict[tuple[str, str, int], Picture | None] = {}  # (character, font, grid) → its picture
_REFS_MAX = 65536
_BATCH = 16  # characters per row and column of one rendered page


def reference_picture(ch: str, font: str, grid: int) -> Picture | None:
    """`ch` drawn in `font`; None where the font has no glyph for it."""
    key = (ch, font, grid)
    if key not in _REFS:
        prefetch((ch,), (font,), grid)
    return _REFS[key]


def prefetch(chars, fonts: tuple[str, ...], grid: int) -> None:
    """Draw the reference pictures of `chars` not drawn yet, many to a page: one page and one
    pixmap per 256 characters rather than per character (most of the shape check's cost)."""
    if len(_REFS) > _REFS_MAX:
        _REFS.clear()
    for font in fonts:
        todo = [ch for ch in dict.fromkeys(chars) if (ch, font, grid) not in _REFS]
        for ch, picture in _render(todo, font, grid):
            _REFS[ch, font, grid] = picture


def _render(chars: list[str], font: str, grid: int):
    """(character, picture or None) of each of `chars` drawn in `font`, 256 to a page."""
    f = _font(font)
    cell = 2 * _REF_SIZE
    todo = []
    for ch in chars:
        if len(ch) != 1 or not f.has_glyph(ord(ch)):
            yield ch, None
        else:
            todo.append(ch)
    for start in range(0, len(todo), _BATCH * _BATCH):
        batch = todo[start : start + _BATCH * _BATCH]
        doc = pymupdf.open()
        page = doc.new_page(width=_BATCH * cell, height=-(-len(batch) // _BATCH) * cell)
        tw = pymupdf.TextWriter(page.rect)
        for i, ch in enumerate(batch):
            x, y = (i % _BATCH) * cell, (i // _BATCH) * cell
            tw.append((x + _REF_SIZE / 2, y + 1.4 * _REF_SIZE), ch, font=f, fontsize=_REF_SIZE)
        tw.write_text(page)
        pix = page.get_pixmap(dpi=72, colorspace=pymupdf.csGRAY, alpha=False)
        grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
        ink = 1.0 - grey.astype(np.float32) / 255.0
        doc.close()
        for i, ch in enumerate(batch):
            x, y = (i % _BATCH) * cell, (i // _BATCH) * cell
            yield ch, _picture(ink[y : y + cell, x : x + cell], grid, _REF_SIZE)  # at 72 dpi a point is a pixel


@functools.lru_cache(maxsize=2)
def _matrix(chars: tuple[str, ...], fonts: tuple[str, ...], grid: int) -> tuple[np.ndarray, np.ndarray]:
    """The reference pictures of `chars` in each font as arrays: vectors (fonts × chars × grid²,
    zero where a font has no glyph; float16, 40 MB for every kana and JIS kanji in three fonts,
    drawn straight into the array and not kept as pictures) and extents (NaN where none)."""
    vectors = np.zeros((len(fonts), len(chars), grid * grid), dtype=np.float16)
    extents = np.full((len(fonts), len(chars)), np.nan)
    index = {ch: j for j, ch in enumerate(chars)}
    for i, font in enumerate(fonts):
        for ch, ref in _render(list(chars), font, grid):
            if ref is not None:
                vectors[i, index[ch]], extents[i, index[ch]] = ref.vector, ref.extent
    return vectors, extents


def similarities(
    picture: Picture, chars: tuple[str, ...], fonts: tuple[str, ...], grid: int, max_extent_ratio: float
) -> np.ndarray:
    """similarity() of `picture` with each of `chars` at once (one matrix product): how a glyph is
    compared with every character a font may print."""
    vectors, extents = _matrix(chars, fonts, grid)
    cos = (vectors @ picture.vector.astype(np.float16)).astype(np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.maximum(extents, picture.extent) / np.maximum(np.minimum(extents, picture.extent), 1e-6)
    cos = np.where(ratio <= max_extent_ratio, cos, 0.0)  # (NaN extents compare False: no glyph)
    return np.maximum(cos.max(axis=0), 0.0)


def similarity(picture: Picture, ch: str, fonts: tuple[str, ...], grid: int, max_extent_ratio: float) -> float:
    """The best cosine between `picture` and `ch` in any of `fonts` (0 where none draws it, or
    draws it more than `max_extent_ratio` times bigger or smaller)."""
    best = 0.0
    for font in fonts:
        ref = reference_picture(ch, font, grid)
        if ref is None:
            continue
        ratio = max(ref.extent, picture.extent) / max(min(ref.extent, picture.extent), 1e-6)
        if ratio <= max_extent_ratio:
            best = max(best, float(picture.vector @ ref.vector))
    return best
