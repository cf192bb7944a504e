"""Second opinions on OCR's names for glyphs of fonts without ToUnicode: words and shapes.

The glyph map (extract.glyph_map) names each glyph by OCR votes. A misreading that OCR makes
every time (Tesseract reads 賦 as 虐 or 農 at any resolution, ④ as @ or 9, ● as *) wins every
vote, and the wrong character is then printed wherever the glyph is. Two things OCR does not
use can catch it:

- the words around the glyph: a kanji that belongs to no dictionary word in any line it is
  printed in (虐 in 虐課, 虐課期日) is suspect, and the kanji that would make a word in every
  one of those lines (賦課) are the candidates (normalize.lexicon);
- the glyph's own shape, cut from the page by its exact box: a candidate replaces OCR's name
  only when it looks clearly more like the glyph, drawn in a reference font, than OCR's name
  does (extract.glyph_shapes; GlyphVerifySettings.min_similarity and margin).

Glyphs OCR never named get the same treatment, and full-width glyphs OCR named as a Latin
letter, a digit or a sign are compared with the circled numbers and marks a form prints.
A character another glyph of the same font already prints is no candidate: a subset font
holds each character once.
"""

from __future__ import annotations

import functools
import logging
import string
from collections import Counter, defaultdict
from typing import NamedTuple

import numpy as np
import pymupdf

from extract.glyph_runs import runs
from extract.glyph_shapes import find_fonts, glyph_picture, prefetch, similarities, similarity
from extract.pdf import Char, Page
from extract.settings_context import current
from normalize.kanji_variants import variants
from normalize.lexicon import Context, default_pool, is_kana, is_kanji, stands_alone, word_candidates

log = logging.getLogger(__name__)
Key = tuple[str, int]  # (font object, glyph id), as in extract.glyph_map


class Renaming(NamedTuple):
    key: Key
    old: str | None  # OCR's name; None where no vote named the glyph
    new: str
    similarity: float  # how much the glyph looks like `new` (0–1)
    was: float  # ... and like `old`


def _contexts(pages: dict[int, Page], keys: set, names: dict, blank: set) -> tuple[dict, dict, Counter]:
    """Each key's contexts (distinct line texts around up to GlyphVerifySettings.contexts of
    its occurrences), its first occurrence (page number, char) and how often it is printed."""
    gv, run_gap = current().glyph_verify, current().glyph_map.run_gap
    contexts: dict[Key, list[Context]] = defaultdict(list)
    first: dict[Key, tuple[int, Char]] = {}
    occurrences: Counter = Counter()
    for n in sorted(pages):
        for run in runs([c for c in pages[n].chars if (c.font, c.glyph) not in blank], run_gap):
            text = "".join(names.get((c.font, c.glyph), c.text) for c in run)
            for i, c in enumerate(run):
                k = (c.font, c.glyph)
                if k not in keys:
                    continue
                first.setdefault(k, (n, c))
                occurrences[k] += 1
                lo = max(i - gv.window, 0)
                ctx = Context(text[lo : i + gv.window + 1], i - lo)
                if len(contexts[k]) < gv.contexts and ctx not in contexts[k]:
                    contexts[k].append(ctx)
    return contexts, first, occurrences


def _symbolic(name: str | None) -> bool:
    """A one-character ASCII or full-width sign, letter or digit, or one of the form's marks."""
    if not name or len(name) != 1:
        return False
    return "!" <= name <= "~" or "\uff01" <= name <= "\uff5e" or name in current().glyph_verify.symbols


def verify_names(
    pdf: pymupdf.Document, pages: dict[int, Page], mapping: dict, fixed: dict, missing: set, blank: set
) -> list[Renaming]:
    """Names to change: for glyphs whose name (or lack of one) the words or shapes contradict."""
    gv = current().glyph_verify
    dpi = current().glyph_map.region_dpi
    fonts = find_fonts(gv.fonts)
    names = dict(mapping)
    names.update({k: "\ufffd" for k in missing})
    keys = {k for k in names if k not in fixed}
    contexts, first, occurrences = _contexts(pages, keys, names, blank)
    # the character each named glyph prints (`I` on a full-width glyph prints `Ｉ`)
    shown = {k: _printed(ch, first[k][1] if k in first else None) for k, ch in mapping.items()}
    holders: dict[tuple[str, str], set[Key]] = defaultdict(set)  # (font, character printed) → glyphs named so
    for k, ch in shown.items():
        holders[k[0], ch].add(k)
    contested = _contested(shown, fixed, occurrences, holders)
    pictures: dict[Key, tuple[list[str], list[str], float, functools.partial]] = {}
    doubts: set[Key] = set()  # glyphs that look little like their names: their names block no one
    todo = []  # (key, name, pool, by words, variant forms, doubtful, its picture)
    for k in sorted(keys):
        if k not in first:
            continue
        name = mapping.get(k)
        n, c = first[k]
        pool, wordy = _pool(k, name, c, contexts[k], k in contested)
        forms = [v for v in variants(name) if v != name] if name else []
        # a kanji or kana whose words raise no doubt may still not look like its name (鈴 read as
        # 笛 makes 笛木, a surname): its picture is compared with the name itself
        doubtful = not (pool or wordy) and name is not None and (is_kanji(name) or is_kana(name))
        if not (pool or wordy or forms or doubtful):
            continue
        picture = glyph_picture(pdf[n - 1], (c.x0, c.y0, c.x1, c.y1), c.size, dpi, gv.grid)
        if picture is not None:
            todo.append((k, name, pool, wordy, forms, doubtful, picture))
    # the reference characters are drawn many to a page: all that will be compared, at once
    prefetch(
        [ch for _k, name, pool, _w, forms, _d, _p in todo for ch in (*_forms(name), *pool, *forms)], fonts, gv.grid
    )
    everything = default_pool()
    for k, name, pool, wordy, forms, doubtful, picture in todo:
        alike = functools.partial(similarity, picture, fonts=fonts, grid=gv.grid, max_extent_ratio=gv.max_extent_ratio)
        was = max((alike(ch) for ch in _forms(name)), default=0.0)
        # a name another glyph of the font prints too is doubted: only one of them can be it
        doubted = name is not None and (was < gv.doubt_similarity or k in contested)
        if wordy or doubted and doubtful:
            # the characters that would make words around it, among those that look enough like
            # it to win (the shape first: one matrix product, then the dictionary for a few)
            sims = similarities(picture, everything, fonts, gv.grid, gv.max_extent_ratio)
            alike_enough = tuple(
                everything[i]
                for i in np.flatnonzero((sims >= gv.min_similarity) & (sims - was >= gv.margin))
                if everything[i] != name and everything[i] not in pool
            )
            if alike_enough:
                pool = pool + word_candidates(contexts[k], pool=alike_enough, share=gv.word_share)
        if (doubted and k not in contested) or (name is None and wordy):
            # OCR's words aligned one glyph off name each glyph of a run after its neighbour
            # (`第三者点検` printed as `第三三者点施`, the first glyph left unnamed): the neighbours'
            # names are candidates too
            pool += [ch for ch in _neighbours(contexts[k]) if ch != name and ch not in pool]
        if doubted:
            doubts.add(k)
        if pool or wordy or forms or doubted:  # (a suspect's or doubted name blocks no one)
            pictures[k] = (pool, forms, was, alike)
    prefetch([ch for pool, *_ in pictures.values() for ch in pool], fonts, gv.grid)  # the candidates found since
    suspects = set(pictures)
    proposals = []  # (similarity, key, character, OCR's name, its similarity)
    for k, (pool, forms, was, alike) in pictures.items():
        # a character a glyph beyond doubt prints is no candidate; one a suspect prints may be
        pool = [ch for ch in pool if not holders[k[0], ch] - suspects]
        name = mapping.get(k)
        scored = sorted(((alike(ch), ch) for ch in pool), reverse=True)
        log.debug("%s %r in %s: itself %.3f, best %s", k, name, _ctx_text(contexts[k]), was, scored[:4])
        # a contested name is wrong but for one glyph (_contested): any character more alike will do
        margin = gv.contested_margin if k in contested else gv.margin
        proposals += [(sim, k, ch, name, was) for sim, ch in scored if sim >= gv.min_similarity and sim - was > margin]
        # a variant form (淺 for OCR's 浅) is alike by nature: a smaller margin decides
        proposals += [
            (sim, k, ch, name, was)
            for ch in forms
            if not holders[k[0], ch] - suspects
            and (sim := alike(ch)) >= gv.min_similarity
            and sim - was >= gv.variant_margin
        ]
    # the most alike first: a glyph that looks more like ⑦ than another glyph does gets ⑦; a
    # character is free once the glyph that held it is renamed, so the list is gone through again
    # after each renaming
    out: dict[Key, Renaming] = {}
    changed = True
    while changed:
        changed = False
        for sim, k, ch, name, was in sorted(proposals, key=lambda p: -p[0]):
            if k in out and out[k].new != "\ufffd":  # (one that gave its name up may take another)
                continue
            held = holders[k[0], ch] - {k}
            if held - doubts or any(h in out for h in held):
                continue  # (a glyph that took the character here, more alike, keeps it)
            # a glyph that looks little like its name gives the name up to one that looks like it
            # (and is unknown until a name of its own is found for it, below)
            for h in held:
                if h not in out:
                    out[h] = Renaming(h, mapping.get(h), "\ufffd", 0.0, 0.0)
                holders[k[0], ch].discard(h)
            out[k] = Renaming(k, name, ch, round(sim, 3), round(was, 3))
            holders[k[0], ch].add(k)
            if name is not None:
                holders[k[0], shown[k]].discard(k)
            changed = True
            break  # from the top: the character it held may suit a more alike glyph
        else:
            # a glyph left unknown by giving its name up may take a freed one
            for sim, k, ch, name, was in sorted(proposals, key=lambda p: -p[0]):
                if k in out and out[k].new == "\ufffd" and not holders[k[0], ch] - {k}:
                    out[k] = Renaming(k, name, ch, round(sim, 3), round(was, 3))
                    holders[k[0], ch].add(k)
                    changed = True
                    break
    return list(out.values())


def _neighbours(contexts: list[Context]) -> list[str]:
    """The characters printed right before and after the glyph, in each of its contexts."""
    out = []
    for c in contexts:
        for i in (c.at - 1, c.at + 1):
            if 0 <= i < len(c.text) and c.text[i] != "\ufffd" and c.text[i] not in out:
                out.append(c.text[i])
    return out


def _full_width(c: Char) -> bool:
    return c.x1 - c.x0 >= current().glyph_verify.full_width * c.size


def _printed(name: str, c: Char | None) -> str:
    """The character a glyph named `name` prints: a full-width glyph named by an ASCII character
    prints its full-width form (rebuild_page widens it), so `I` and `Ｉ` are two characters."""
    if c is not None and "!" <= name <= "~" and _full_width(c):
        return chr(ord(name) + 0xFEE0)
    return name


def _contested(shown: dict, fixed: dict, occurrences: Counter, holders: dict) -> set[Key]:
    """Glyphs named by a Latin letter, digit or sign that another glyph of the same font and width
    prints too (OCR reads I, ] and 1 alike). A subset font holds each character once, so all but
    one of them are misread: the one printed most often (a misreading is the rarer reading; a
    glyph named by known text, if any) keeps the name, the others are contested."""
    out = set()
    for k, ch in shown.items():
        if k in fixed or k not in occurrences or not ("!" <= ch <= "~" or "\uff01" <= ch <= "\uff5e"):
            continue
        rivals = holders[k[0], ch] - {k}
        if rivals and (any(r in fixed for r in rivals) or occurrences[k] <= max(occurrences[r] for r in rivals)):
            out.add(k)
    return out


def _pool(
    k: Key, name: str | None, c: Char, contexts: list[Context], contested: bool = False
) -> tuple[list[str], bool]:
    """The characters glyph `k` (OCR's `name`, first printed as `c`) may really be, and whether
    the characters that would make words around it may be too (found once its shape is known):
    none where its name fits the words around it or is no kanji, letter, digit or mark.
    A `contested` name (_contested) may be any other letter, digit or sign of the glyph's width."""
    gv = current().glyph_verify
    if contested:
        return [ch for ch in _letters(_full_width(c), signs=True) if ch != _printed(name or "", c)], False
    if name is None or is_kanji(name):
        if name is not None and not stands_alone(contexts):
            return [], False
        wordy = any(is_kanji(ch) for x in contexts for ch in x.text)
        pool = list(gv.symbols) if name is None else []  # nothing named it: it may be a sign too
    elif _symbolic(name) and c.x1 - c.x0 >= gv.min_symbol_width * c.size:
        pool, wordy = list(gv.symbols) + _letters(_full_width(c)), False
    else:
        return [], False
    return [ch for ch in pool if ch != name], wordy


def _letters(full_width: bool, signs: bool = False) -> list[str]:
    """Latin letters and digits (and ASCII signs), in their full-width forms for a full-width glyph."""
    ascii_ = string.ascii_letters + string.digits + (string.punctuation if signs else "")
    return [chr(ord(ch) + 0xFEE0) for ch in ascii_] if full_width else list(ascii_)


def _forms(name: str | None) -> list[str]:
    """OCR's name as drawn: a Latin letter or digit may stand for its full-width form."""
    if not name:
        return []
    return [name, chr(ord(name) + 0xFEE0)] if "!" <= name <= "~" else [name]


def _ctx_text(contexts: list[Context]) -> str:
    return " / ".join(c.text for c in contexts)
