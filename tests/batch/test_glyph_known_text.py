"""Fonts without ToUnicode: the text the form prints names glyphs whose OCR votes shifted.

A real filing's spec (development split) is rendered, degraded with every /ToUnicode removed,
and its glyphs given their true characters (read off the clean rendering at the same boxes);
the mapping is then corrupted the way short documents' votes shift (報 named 情 on the title
line, 年 named as a digit) and extract.glyph_map.known_text_votes must undo it. No OCR runs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import pymupdf

from extract import glyph_map as gm
from extract.pdf import dedupe_chars, read_pdf_bytes
from tests.pdfgen import degrade
from tests.pdfgen.real_forms import load_spec, render_spec
from tests.pdfgen.real_manifest import ASSESSMENTS, entries

FIXTURE = "fuso_kokuminnenkin_kiso"


def _glyph_pages() -> tuple[dict, dict, set]:
    """(page number → page of tagged glyphs, true mapping, blank keys) of the degraded fixture."""
    assert FIXTURE in {e["id"] for e in entries("dev")}  # never a held-out filing
    clean = render_spec(load_spec(ASSESSMENTS / f"{FIXTURE}.json"))
    tagged, any_tagged = gm.tag_fonts(degrade.no_tounicode(clean))
    assert any_tagged
    ids: dict = {}
    truth: dict = defaultdict(Counter)
    pages = {}
    with pymupdf.open("pdf", tagged) as t:
        for cp, p in zip(read_pdf_bytes(clean, "c").pages, read_pdf_bytes(tagged, "t").pages):
            glyphs = gm._tagged_glyphs(t[p.number - 1], ids)
            at = {(round(c.x0, 1), round(c.y0, 1)): c.text for c in cp.chars}
            for g in glyphs:
                if ch := at.get((round(g.x0, 1), round(g.y0, 1))):
                    truth[(g.font, g.glyph)][ch] += 1
            pages[p.number] = replace(p, chars=dedupe_chars([c for c in p.chars if not gm.is_tagged(c)] + glyphs))
        keys = {(c.font, c.glyph) for p in pages.values() for c in p.chars if gm.is_tagged(c)}
        blank = gm._blank_glyphs(t, pages, keys)
    mapping = {k: c.most_common(1)[0][0] for k, c in truth.items() if k not in blank}
    return pages, mapping, blank


def _key(mapping: dict, ch: str) -> tuple[str, int]:
    (k,) = [k for k, c in mapping.items() if c == ch]
    return k


def test_a_shifted_title_is_named_as_the_form_prints_it():
    pages, truth, blank = _glyph_pages()
    # the title line's votes shifted a glyph: 報 took 情's name and フ took 報's
    shifted = {**truth, _key(truth, "報"): "情", _key(truth, "フ"): "報"}
    fixed, _digits = gm.known_text_votes(pages, shifted, blank, {})
    assert fixed[_key(truth, "報")] == "報"
    assert fixed[_key(truth, "フ")] == "フ"
    # what the known text names agrees with the truth everywhere
    assert {k: c for k, c in fixed.items() if truth.get(k) != c} == {}


def test_a_label_the_filing_prints_otherwise_renames_no_named_glyph():
    pages, truth, blank = _glyph_pages()
    # a glyph named rightly keeps its name; the known text adds no wrong one
    fixed, _digits = gm.known_text_votes(pages, truth, blank, {})
    assert fixed and all(truth[k] == c for k, c in fixed.items())


def test_a_date_names_its_year_month_day_glyphs_and_digits():
    pages, truth, blank = _glyph_pages()
    year, three = _key(truth, "年"), _key(truth, "3")
    misread = {**truth, year: "4"}  # 年 read as a digit (votes shifted onto the year's digits)
    fixed, digits = gm.known_text_votes(pages, misread, blank, {})
    assert fixed[year] == "年"
    assert three in digits and year not in digits


def test_a_lone_dash_without_a_vote_is_named_by_its_shape():
    """特記事項 `-`: a hyphen alone in its cell, which OCR reads as nothing (it was U+FFFD). Its ink
    is one thin bar: named `-`; a kanji or a wide bar (一, ー) without a vote is not."""
    pages, truth, _blank = _glyph_pages()
    dash, kanji, long_bar = _key(truth, "-"), _key(truth, "国"), _key(truth, "ー")
    clean = render_spec(load_spec(ASSESSMENTS / f"{FIXTURE}.json"))
    with pymupdf.open("pdf", degrade.no_tounicode(clean)) as pdf:
        named = gm._dash_glyphs(pdf, pages, {dash, kanji, long_bar})
    assert named == {dash: "-"}
