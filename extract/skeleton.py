"""An OCR'd form's label column aligned to the label sequence the official form prints.

Why align the whole sequence rather than snap each label on its own (normalize.form_labels):
OCR garbles exactly the characters that tell labels apart — the item number (① read as ⑦
or `ゆ`), the part numeral (Ⅰ read as `1`), one character of a heading (宣言 read as 宣吉) — and
a garbled label on its own is often as close to two printed labels as to one (`⑦事務の名称`:
①事務の名称 with a wrong number, or nothing). The form prints its labels in a fixed order
(models.forms.printed_labels), so the order decides: the OCR'd cells are matched to the
printed labels by the heaviest order-preserving matching (a weighted longest common
subsequence; a cell or a printed label may go unmatched — values, a filing's own rows, items
left out), and a matched cell whose text differs from its printed label is read as the label.

Every such reading is a warning naming the page, what OCR read and what it is read as, so
the decision can be reviewed. Only OCR'd cells are touched; a text layer is never rewritten.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from extract.assessment.cells import Cell, Row
from models import forms

_CIRCLED = frozenset(chr(0x2460 + i) for i in range(20)) | frozenset(chr(0x3251 + i) for i in range(15))
_BLOCK_NO = re.compile(r"(?:システム|委託事項|提供先|移転先)\s*(\d{1,2})")
# a check box printed in the label's own cell (`9. 規則第9条第2項の適用 [ ]適用した`): the label
# is what comes before it, the boxes are kept as OCR read them
_BOX = re.compile(r"[\[［【]\s*(?:[^\]］】\w]|〇)?\s*[\]］】]|[□■☐☑☒]")


@dataclass(frozen=True)
class SkeletonSettings:
    min_sim: float = 0.6  # similarity (difflib ratio) a cell needs to a printed label to be matched at all
    base: float = 0.45  # a match weighs sim - base: many weak matches do not outweigh a few sure ones
    max_chars: int = 80  # longer cells are values, not labels
    min_chars: int = 2  # a one-character read (a stray mark) is no label
    max_blocks: int = 12  # repeated blocks (システムN, 委託事項N, ...) the sequence is built for


SETTINGS = SkeletonSettings()


def key_text(text: str) -> str:
    """Text as labels are compared: NFKC (circled numbers kept: NFKC makes ① a 1), no
    whitespace, no ※ notes."""
    out = "".join(ch if ch in _CIRCLED else unicodedata.normalize("NFKC", ch) for ch in text)
    return re.sub(r"\s+", "", out).replace("※", "")


def similarity(ocr: str, printed: str) -> float:
    """How close an OCR'd label is to a printed one, with the item number allowed to be
    garbled: the better of the whole texts and of the texts after their first character
    when the printed label starts with an item number."""
    sim = SequenceMatcher(None, ocr, printed, autojunk=False).ratio()
    if printed[:1] in _CIRCLED and len(printed) > 2:
        body = printed[1:]
        sim = max(
            sim,
            SequenceMatcher(None, ocr[1:] if len(ocr) > 1 else ocr, body, autojunk=False).ratio(),
            SequenceMatcher(None, ocr, body, autojunk=False).ratio() - 0.05,
        )
    return sim


@dataclass(frozen=True)
class Reading:
    """One decision of the alignment: the cell, what OCR read, the printed label, how sure."""

    cell: Cell
    read: str
    printed: str
    kind: str
    sim: float


def split_label(text: str) -> tuple[str, str]:
    """(label, the rest from the first check box on) of a cell's text."""
    m = _BOX.search(text)
    return (text[: m.start()].rstrip(), text[m.start() :]) if m else (text, "")


def _candidates(rows: list[Row], settings: SkeletonSettings) -> list[tuple[Cell, str, str]]:
    """The cells that may be labels, in reading order, as (cell, label part, rest): the
    first two filled cells of every row (item label, sub-row label), OCR'd, whose text
    before any check box is short."""
    out = []
    for row in rows:
        for c in row.filled[:2]:
            if not c.ocr:
                continue
            label, rest = split_label(c.text)
            if settings.min_chars <= len(key_text(label)) <= settings.max_chars:
                out.append((c, label, rest))
    return out


def _blocks(cells: list[tuple[Cell, str, str]], settings: SkeletonSettings) -> int:
    """How many repeated blocks to expect: the highest block number OCR read."""
    nums = [int(m.group(1)) for c, _l, _r in cells for m in _BLOCK_NO.finditer(c.text)]
    return max(1, min(max(nums, default=1), settings.max_blocks))


def _bigrams(t: str) -> set[str]:
    return {t[k : k + 2] for k in range(len(t) - 1)} or {t}


def align(cells: list[str], labels: list[str], settings: SkeletonSettings = SETTINGS) -> list[tuple[int, int, float]]:
    """The heaviest order-preserving matching of OCR'd texts `cells` to printed `labels`
    (both already key_text): [(cell index, label index, similarity)], increasing in both.

    Sparse: only pairs that share a character pair (or, for short labels, a character) are
    scored; the chain is found with a prefix-maximum tree over label positions, so a
    58-page 全項目 form costs well under a second."""
    index: dict[str, list[int]] = {}
    label_grams = [_bigrams(lab) for lab in labels]
    for j, grams in enumerate(label_grams):
        for g in grams:
            index.setdefault(g, []).append(j)
    m = len(labels)
    tree = [(0.0, -1)] * (m + 1)  # Fenwick tree of (best chain weight, its node) over label positions

    def best_before(j: int) -> tuple[float, int]:  # best chain ending at a label < j
        best, k = (0.0, -1), j
        while k > 0:
            if tree[k][0] > best[0]:
                best = tree[k]
            k -= k & -k
        return best

    def update(j: int, val: tuple[float, int]) -> None:
        k = j + 1
        while k <= m:
            if val[0] > tree[k][0]:
                tree[k] = val
            k += k & -k

    nodes: list[tuple[int, int, float, int]] = []  # (cell, label, sim, previous node)
    for i, text in enumerate(cells):
        grams = _bigrams(text)
        near = {j for g in grams for j in index.get(g, ())}
        scored = []
        for j in sorted(near):
            shared = len(grams & label_grams[j])
            # a cheap bound first: the ratio cannot be high with few shared pairs
            if 2 * shared / (len(grams) + len(label_grams[j])) < settings.min_sim - 0.35:
                continue
            sim = similarity(text, labels[j])
            if sim >= settings.min_sim:
                prev_w, prev = best_before(j)
                scored.append((j, prev_w + sim - settings.base, sim, prev))
        for j, w, sim, prev in scored:  # updated after scoring: one cell matches one label
            nodes.append((i, j, sim, prev))
            update(j, (w, len(nodes) - 1))
    best = best_before(m)
    out = []
    k = best[1]
    while k >= 0:
        i, j, sim, k = nodes[k]
        out.append((i, j, sim))
    return out[::-1]


def read_labels(
    rows: list[Row], form: str | None, revision: str | None, settings: SkeletonSettings = SETTINGS
) -> list[Reading]:
    """Align the OCR'd label cells of `rows` to the printed labels of `form` in `revision`
    (the newest revision where it is not known) and read every matched cell whose text
    differs as its printed label (the cell's text is replaced). Returns the decisions."""
    if form not in forms.FORMS:
        return []
    cells = _candidates(rows, settings)
    if not cells:
        return []
    f = forms.load(form)
    rev = revision if revision in f.revision_names else f.revision_names[-1]
    printed = forms.printed_labels(form, rev, blocks=_blocks(cells, settings))
    labels = [key_text(t) for _k, t in printed]
    texts = [key_text(label) for _c, label, _r in cells]
    out = []
    for i, j, sim in align(texts, labels, settings):
        if texts[i] == labels[j]:
            continue
        cell, label, rest = cells[i]
        kind, text = printed[j]
        out.append(Reading(cell, label, text, kind, sim))
        cell._text = f"{text} {rest}" if rest else text
    return out


def warning(r: Reading) -> str:
    return (
        f"page {r.cell.page}: OCR'd label {r.read!r} read as the form's {r.printed!r} "
        f"(aligned to the form's label sequence, similarity {r.sim:.2f})"
    )


# ---------------------------------------------------------------- glyph maps taught by the form

GlyphKey = tuple[str, int, str]  # (font, glyph id, the character the glyph map gave it)


def glyph_lessons(readings: list[Reading], mapped_pages: set[int]) -> dict[GlyphKey, str]:
    """What the printed labels teach a glyph map (fonts without ToUnicode, extract.glyph_map).

    A label read as the form's label on a glyph-mapped page says, glyph by glyph, what the
    glyphs OCR named wrongly are: `ゆ事務の名称` read as `①事務の名称` means the glyph named ゆ
    is ①. The glyph's every other occurrence (the 変更箇所 table's `Ⅰ-5-①部署`, values) is
    then wrong the same way. Each glyph's evidence is counted over all readings and the
    label cells it was read right in; it is renamed only where the labels outvote its name."""
    from collections import Counter

    votes: dict[GlyphKey, Counter] = {}
    for r in readings:
        if r.cell.page not in mapped_pages:
            continue
        chars = [c for ln in r.cell.lines for c in ln.chars if c.text.strip()]
        printed = [ch for ch in r.printed if not ch.isspace() and ch != "※"]
        a = [key_text(c.text) for c in chars]
        b = [key_text(ch) for ch in printed]
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                for c, ch in zip(chars[i1:i2], printed[j1:j2]):
                    if c.glyph >= 0:
                        votes.setdefault((c.font, c.glyph, c.text), Counter())[c.text if op == "equal" else ch] += 1
    out = {}
    for key, cnt in votes.items():
        best, n = cnt.most_common(1)[0]
        if best != key[2] and n > cnt[key[2]]:
            out[key] = best
    return out


def relearn(pages: list, lessons: dict[GlyphKey, str]) -> list:
    """Pages with the glyphs `lessons` names renamed (only glyph-mapped pages have such keys)."""
    from dataclasses import replace

    out = []
    for p in pages:
        if not p.meta.get("glyph_map"):
            out.append(p)
            continue
        chars = [c._replace(text=lessons[k]) if (k := (c.font, c.glyph, c.text)) in lessons else c for c in p.chars]
        out.append(replace(p, chars=chars))
    return out
