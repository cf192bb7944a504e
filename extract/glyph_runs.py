"""Glyphs grouped into lines and runs: the unit OCR words and dictionary words are matched in.

A run is a line's glyphs cut where the gap to the next exceeds `gap` ems of the line (a table
cell's text, not its neighbour's). Shared by the glyph map (extract.glyph_map) and the check
of its names (extract.glyph_verify).
"""

from __future__ import annotations

from extract.pdf import Char


def lines(glyphs: list[Char]) -> list[list[Char]]:
    """Glyphs grouped into text lines (centres within 0.4 em), each left to right."""
    rows: list[list[Char]] = []
    for g in sorted(glyphs, key=lambda g: g.cy):
        if rows and abs(g.cy - rows[-1][-1].cy) < 0.4 * max(g.size, 1.0):
            rows[-1].append(g)
        else:
            rows.append([g])
    return [sorted(r, key=lambda g: g.cx) for r in rows]


def runs(glyphs: list[Char], gap: float) -> list[list[Char]]:
    """Each line's glyphs, cut where the gap exceeds `gap` ems (the line's median size)."""
    out = []
    for line in lines(glyphs):
        em = sorted(g.size for g in line)[len(line) // 2] or 1.0
        run = [line[0]]
        for g in line[1:]:
            if g.x0 - run[-1].x1 > gap * em:
                out.append(run)
                run = []
            run.append(g)
        out.append(run)
    return out
