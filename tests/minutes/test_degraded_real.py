"""Real minutes read the same through the text-layer damage real PDFs carry: fake bold,
Kangxi radicals in the ToUnicode map, letter-spaced text (a gap after every glyph, the glyphs
condensed with Tz) with and without space glyphs in the gaps.

Before, letter-spaced minutes lost paragraphs and list entries: MuPDF reports the size and the
glyph boxes of horizontally scaled text shrunk by the scaling (10.5 pt text as 7 pt), so every
threshold measured in em shrank with them — wrapped narrative lines became paragraphs of their
own (`した。`) and a full attendance line was read as ending its entry (`後藤税` / `制課庶務係長`).
The em is now the line's printed one (extract.flow.TextLine.em: the advance of its full-width
characters) and paragraph gaps come from the line pitch. (The Kangxi degradation of these
renderings was itself broken until its ToUnicode ranges were read as readers read them.)
"""

from __future__ import annotations

import json

import pytest

from extract.minutes import extract_minutes
from extract.pdf import read_pdf_bytes
from tests.minutes.test_generalise3 import FIXTURES
from tests.pdfgen import degrade
from tests.pdfgen.real_docs import load_spec, render_spec

# a narrative record with wrapped paragraphs, a ruled header with long attendance lists, inline turns
DOCS = ("kitakyushu_h261030", "kawaguchi_h27_1", "hidaka_r0202")
DAMAGE = ("fake_bold", "kangxi", "spaced", "spaced_literal")
TABLES = ("meetings", "attendees", "utterances", "meeting_items")


def _rows(pdf: bytes, name: str) -> dict[str, list[str]]:
    ex = extract_minutes(read_pdf_bytes(pdf, name))
    return {t: [json.dumps(r, ensure_ascii=False, default=str) for r in ex.tables[t]] for t in TABLES}


_clean: dict[str, tuple[bytes, dict]] = {}


def _clean_of(fid: str) -> tuple[bytes, dict]:
    if fid not in _clean:
        pdf = render_spec(load_spec(FIXTURES / f"{fid}.json"))
        _clean[fid] = (pdf, _rows(pdf, f"{fid}.pdf"))
    return _clean[fid]


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("fid", DOCS)
def test_damaged_text_layer_reads_as_clean(fid, damage):
    pdf, want = _clean_of(fid)
    damaged = degrade.TRANSFORMS[damage](pdf)
    assert damaged != pdf
    got = _rows(damaged, f"{fid}__{damage}.pdf")
    for t in TABLES:
        assert got[t] == want[t], (
            t,
            [r for r in got[t] if r not in want[t]][:3],
            [r for r in want[t] if r not in got[t]][:3],
        )
