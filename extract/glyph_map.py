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

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Callable, NamedTuple

import pymupdf

from extract.glyph_runs import lines as glyph_lines
from extract.glyph_runs import runs
from extract.glyph_verify import verify_names
from extract.pdf import Char, Document, Page, dedupe_chars, read_pdf_bytes
from extract.settings_context import current
from normalize.ocr_noise import fix_words

TAG = "~gm"  # BaseFont suffix that makes each font object's name unique (see tag_fonts)
_RULES = frozenset("|｜")  # what Tesseract reads a cell's vertical rule as, beside the text
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
    known: int = 0  # glyphs named by the form's printed text (known_text_votes)
    dashes: int = 0  # glyphs without a vote named `-` by their shape (_dash_glyphs)
    renamed: int = 0  # glyphs whose OCR name the words around them and their shape overruled

    @property
    def warning(self) -> str:
        return (
            f"font without ToUnicode: {self.glyphs} glyphs mapped to characters by OCR of "
            f"{len(self.words)} page(s) ({self.disagreeing} of {self.votes} votes disagreed, "
            f"{self.region_votes} glyphs read in their own regions, "
            f"{self.known} glyphs named by the form's printed text, "
            f"{self.dashes} by their shape as a dash, "
            f"{self.renamed} renamed by the words around them and their shape, "
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
    lines = glyph_lines(glyphs)
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
                if ch in _RULES:
                    continue  # a table rule read as a character: it would name the glyph beside it
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


def _decisiveness(tally: Counter) -> tuple[float, float]:
    """How decisively a glyph's votes name it: its best weight less its second best, then the
    best's share of all. The most decisive glyphs take their characters first: a glyph whose
    votes tie (影 2, 響 2: a region read shifted by one) must not take the character a
    neighbour holds without doubt (影 2, : 1)."""
    top = sorted(tally.values(), reverse=True)[:2] + [0.0]
    return top[0] - top[1], top[0] / (sum(tally.values()) or 1.0)


class Ballot:
    def __init__(self) -> None:
        self.tally: dict[tuple[str, int], Counter] = defaultdict(Counter)
        self.count = 0
        self.digits: set[tuple[str, int]] = set()  # glyphs a date pattern says are digits

    def add(self, votes) -> None:
        for key, ch, weight in votes:
            self.tally[key][ch] += weight
            self.count += 1

    def winners(self, fixed: dict[tuple[str, int], str] | None = None) -> dict[tuple[str, int], str]:
        """The best-voted character per glyph, one glyph per character within a font object.

        A subset font holds each character once, so two glyph ids of one font voting for the
        same character means one of them took its neighbour's vote (a merged or missed OCR
        character): the better-supported glyph keeps it, the other its next candidate.
        `fixed`: glyphs named by the known text they print (known_text_votes), which take their
        characters first whatever OCR's votes say.
        """
        taken: set[tuple[str, str]] = set()
        out = {}
        for k, ch in (fixed or {}).items():
            out[k] = ch
            if not ch.isascii():
                taken.add((k[0], ch))
        for k, c in sorted(self.tally.items(), key=lambda kc: _decisiveness(kc[1]), reverse=True):
            if k in out:
                continue
            ranked = c.most_common()
            if k in self.digits:  # it stands where a date has a digit: the best-voted digit
                ranked = [cw for cw in ranked if cw[0].isdigit()] or ranked
            for rank, (ch, _w) in enumerate(ranked):
                if ch.isascii():
                    # OCR reads （ and ( alike: both glyphs may say "(". But only a glyph's best
                    # reading: a `*` or `:` behind a taken 喪 is half a neighbour's ink, not a name
                    if rank == 0:
                        out[k] = ch
                        break
                    continue
                if (k[0], ch) not in taken:
                    taken.add((k[0], ch))
                    out[k] = ch
                    break
        return self._swap(out, taken, fixed or {})

    def _swap(self, out: dict, taken: set, fixed: dict) -> dict:
        """A glyph left without a name because a neighbour took its best character (a vote
        shifted along the line) gets it back where the neighbour has an untaken character of
        its own and the two together are better supported so."""
        holder = {(k[0], ch): k for k, ch in out.items() if not ch.isascii()}
        for k, c in self.tally.items():
            if k in out or not c:
                continue
            ch, w = c.most_common(1)[0]
            h = holder.get((k[0], ch))
            if h is None or h in fixed:
                continue
            alt = [(c2, w2) for c2, w2 in self.tally[h].most_common() if c2 != ch and (h[0], c2) not in taken]
            if alt and w + alt[0][1] > self.tally[h][ch] and not alt[0][0].isascii():
                out[k], out[h] = ch, alt[0][0]
                taken.add((h[0], alt[0][0]))
                holder[(k[0], ch)], holder[(h[0], alt[0][0])] = k, h
        return out

    def disagreeing(self, votes_by_page) -> int:
        win = self.winners()
        return sum(1 for votes in votes_by_page for k, ch, _w in votes if win.get(k) != ch)


# ---------------------------------------------------------------- known text


def _fold(ch: str) -> str:
    """Full-width ASCII as ASCII (rebuild_page widens a full-em glyph's ASCII again)."""
    return chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch


@functools.lru_cache(maxsize=1)
def known_texts() -> dict[int, tuple[str, ...]]:
    """What the forms print, by length in characters (no spaces): every printed label of every
    form and revision (models.forms.printed_labels, with and without its ※), the option lists
    (`1)実施する`, the head `＜選択肢＞`) and the titles."""
    from extract.classify import ASSESSMENT_TYPES
    from models import forms

    texts = {f"特定個人情報保護評価書({t})" for t in ASSESSMENT_TYPES} | {"＜選択肢＞"}
    for f in forms.FORMS:
        form = forms.load(f)
        for rev in form.revision_names:
            for _kind, t in forms.printed_labels(f, rev):
                texts |= {t, t.replace("※", "")}
            # option lists as printed (not a selection's `[実施する]`: a check box `[ ]民間事業者`
            # has as many glyphs as `[民間事業者]` and reads nearly as it)
            for row in form.rows_in(rev):
                for i, o in enumerate(row.options, 1):
                    texts.add(f"{i}){o}")
    by_len: dict[int, set[str]] = defaultdict(set)
    for t in texts:
        t = "".join(_fold(ch) for ch in t if not ch.isspace())
        by_len[len(t)].add(t)
    return {n: tuple(sorted(ts)) for n, ts in by_len.items()}


def _runs(page: Page, blank: set | frozenset) -> list[list[Char]]:
    """The page's tagged glyph runs (extract.glyph_runs), GlyphMapSettings.run_gap apart."""
    return runs([c for c in page.chars if is_tagged(c) and (c.font, c.glyph) not in blank], current().glyph_map.run_gap)


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _isomorphic(keys: list[tuple[str, int]], text: str) -> bool:
    """Whether `text` can be what the glyphs `keys` draw: one glyph is one character, and within
    a font object one character is one glyph."""
    seen: dict[tuple[str, int], str] = {}
    back: dict[tuple[str, str], tuple[str, int]] = {}
    for k, ch in zip(keys, text):
        if seen.setdefault(k, ch) != ch or back.setdefault((k[0], ch), k) != k:
            return False
    return True


_ERA = {"平": "平成", "成": "平成", "令": "令和", "和": "令和"}


def _plausible(shape: list[str], win: str) -> bool:
    """A split whose month or day, where read as digits already, is no month or day is none."""
    for t, top in (("年", 12), ("月", 31)):  # the digits after 年 are the month, after 月 the day
        i = shape.index(t) + 1
        j = i
        while j < len(shape) and shape[j] == "D":
            j += 1
        digits = "".join(_fold(ch) for ch in win[i:j])
        if digits.isdigit() and not 1 <= int(digits) <= top:
            return False
    return True


def _date_votes(keys: list[tuple[str, int]], text: str) -> tuple[dict, set]:
    """A date `令和3年2月1日` in a run read as `令和年年月1日` (the votes shifted a glyph): every
    split of a window into era, year, 年, month, 月, day, 日 (1–2 digits each) is scored by how
    many of its characters the mapping already reads; a clear best split names 年 月 日 and the
    era, and says its digit glyphs are digits. Returns ({key: character}, digit keys)."""
    best: tuple[int, int, int, int, list] | None = None
    tie = False
    n = len(text)
    for start in range(n):
        for a in (1, 2):
            for b in (1, 2):
                for c in (1, 2):
                    shape = ["E", "E"] + ["Y"] * a + ["年"] + ["D"] * b + ["月"] + ["D"] * c + ["日"]
                    if start + len(shape) > n:
                        continue
                    win = text[start : start + len(shape)]
                    lit = sum(1 for t, ch in zip(shape, win) if t in "年月日" and ch == t)
                    score = sum(
                        1
                        for t, ch in zip(shape, win)
                        if ch == t
                        or (t == "E" and ch in _ERA)
                        or (t in "YD" and _fold(ch).isdigit())
                        or (t == "Y" and ch == "元")
                    )
                    ks = keys[start : start + len(shape)]
                    lits = [k for t, k in zip(shape, ks) if t in "年月日"]
                    nums = {k for t, k in zip(shape, ks) if t in "YD"}
                    need = len(shape) - (2 if lit == 3 else 1)  # a date without its day is no date
                    if lit < 2 or score < need or len(set(lits)) < 3 or nums & set(lits):
                        continue
                    if not _plausible(shape, win):
                        continue
                    # the fewest misses, then the most of 年 月 日 read, then the longer window
                    # (an era read off by one glyph: `［平27年…` is 平成27年…, not 平27年…)
                    cand = (score - len(shape), lit, len(shape), start, shape)
                    if best is None or cand[:3] > best[:3]:
                        best, tie = cand, False
                    elif cand[:3] == best[:3]:
                        tie = True
    if best is None or tie:  # two splits fit alike: neither is sure
        return {}, set()
    start, shape = best[3], best[4]
    ks = keys[start : start + len(shape)]
    win = text[start : start + len(shape)]
    era = next((_ERA[ch] for ch in win[:2] if ch in _ERA), None)
    named = {k: t for t, k in zip(shape, ks) if t in "年月日"}
    if era:
        named[ks[0]], named[ks[1]] = era[0], era[1]
    digits = {k for t, k, ch in zip(shape, ks, win) if t in "YD" and ch != "元"}
    return named, digits


def _supported(k: tuple[str, int], i: int, text: str, expected: str, tally: dict, names: set) -> bool:
    """Whether the known text may name glyph `k` (position i of a run read `text`) as
    expected[i]: it reads so already or has no name; OCR voted so at least once; the glyph
    took a neighbour's character (a vote shifted along the line); or no glyph of its font has
    that name yet (OCR misread it: 言 read as 吉). A label that differs from what the filing
    prints (`1)` printed where the form has `1.`, whose glyph is named) renames nothing."""
    ch, cur = expected[i], text[i]
    return (
        cur in (ch, "\0")
        or ch in tally.get(k, ())
        or (i > 0 and cur == expected[i - 1])
        or (i + 1 < len(expected) and cur == expected[i + 1])
        or (k[0], ch) not in names
    )


def known_text_votes(
    pages: dict[int, Page], mapping: dict, blank: set | frozenset, tally: dict | None = None
) -> tuple[dict[tuple[str, int], str], set[tuple[str, int]]]:
    """Glyphs named by the text the form prints, whatever OCR's votes along the line said.

    A run of glyphs (a cell's text) whose count is that of a printed label, which it reads
    nearly as (GlyphMapSettings.known_ratio), and whose glyph pattern fits it (repeated glyphs
    on repeated characters and nowhere else), prints that label: its glyphs are the label's
    characters, one to one. The glyph count is exact, so a vote shifted by one glyph along the
    line (報 named 情, フ named 報) is undone, and ①, Ⅱ are named as the form prints them. Dates
    (`_date_votes`) name 年 月 日 and the era and say which glyphs are digits. Returns ({key:
    character}, digit keys)."""
    gs = current().glyph_map
    known = known_texts()
    ocr = tally or {}  # OCR's votes per glyph
    names = {(k[0], _fold(ch)) for k, ch in mapping.items()}  # (font, character) named so far
    tally = defaultdict(Counter)
    digits: set[tuple[str, int]] = set()
    for n in sorted(pages):
        for run in _runs(pages[n], blank):
            keys = [(g.font, g.glyph) for g in run]
            text = "".join(_fold(mapping.get(k, "\0")) for k in keys)
            named, ds = _date_votes(keys, text)
            digits |= ds
            for k, ch in named.items():
                if ch in ocr.get(k, ()) or mapping.get(k) in (ch, None) or (k[0], ch) not in names:
                    tally[k][ch] += 1
            # Tesseract's measured misreadings that are no Japanese word (第25奈, 宣吉): a glyph
            # that reads so in a run is the character the word wants, everywhere
            fixed_text = fix_words(text)
            if len(fixed_text) == len(text) and fixed_text != text:
                for i, k in enumerate(keys):
                    if fixed_text[i] != text[i] and (k[0], fixed_text[i]) not in names:
                        tally[k][fixed_text[i]] += 1
            if len(run) < gs.known_min_chars:
                continue
            scored = sorted(
                (
                    (SequenceMatcher(None, text, t, autojunk=False).ratio(), t)
                    for t in known.get(len(run), ())
                    if _isomorphic(keys, t)
                ),
                reverse=True,
            )
            if not scored or scored[0][0] < gs.known_ratio:
                continue
            if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.05:
                continue  # two labels fit alike: neither is sure
            best = scored[0][1]
            if text[0] != best[0] and text[-1] != best[-1]:
                continue  # a run printing a label begins or ends as it: `2)民間事業者` is no `5)民間事業者`
            for i, k in enumerate(keys):
                if _alnum(best[i]) or _alnum(text[i]):
                    continue  # numbers and letters differ between forms (`8.` / `1)`, `I` / `Ⅰ`)
                if _supported(k, i, text, best, ocr, names):
                    tally[k][best[i]] += 1
    fixed = {}
    for k, cnt in tally.items():
        (ch, w), *rest = cnt.most_common(2)
        if not rest or rest[0][1] < w:
            fixed[k] = ch
    return fixed, digits


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


def rebuild_page(page: Page, mapping: dict, blank: set, words: list[OcrWord] | None, sure: dict | None = None) -> Page:
    """The page's chars with the mapped text; `sure`: each mapped key's naming confidence
    (Char.conf); a glyph no vote named (its OCR word's character, or U+FFFD) has 0."""
    sure = sure or {}
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
        out.append(c._replace(text=text, font=untag(c.font), conf=sure.get(k, 0.0)))
    chars = dedupe_chars(out)
    return replace(page, chars=chars, meta={**page.meta, "text_source": "ocr", "glyph_map": True})


def _naming_confidence(mapping: dict, ballot: Ballot, fixed: dict, by_shape: set) -> dict[tuple[str, int], float]:
    """Each named glyph's confidence, 0–1: the share of its OCR votes that named it; 1 for a
    glyph the form's printed text named; 0.5 for a dash named by its shape alone."""
    out = {}
    for k, ch in mapping.items():
        if k in fixed:
            out[k] = 1.0
        elif k in by_shape:
            out[k] = 0.5
        else:
            tally: Counter = ballot.tally.get(k) or Counter()
            total = sum(tally.values())
            out[k] = round(tally.get(ch, 0.0) / total, 3) if total else 0.0
    return out


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


def _first_occurrences(pages: dict[int, Page], keys) -> dict[tuple[str, int], tuple[int, Char]]:
    """(page number, char) of each key's first occurrence, in page order."""
    first: dict[tuple[str, int], tuple[int, Char]] = {}
    for n in sorted(pages):
        for c in pages[n].chars:
            k = (c.font, c.glyph)
            if k in keys and k not in first:
                first[k] = (n, c)
    return first


def _weak_glyphs(ballot: Ballot, mapping: dict, fixed: dict, missing: set) -> list[tuple[str, int]]:
    """Glyphs to read again in their own regions: those without a name first, then named ones
    whose name rests on little (GlyphMapSettings.weak_support) or is contested, weakest first.
    A glyph printed once or twice gets its votes from one alignment of a loose word box; when
    OCR dropped a character of the word, every glyph after it took its neighbour's character."""
    weak_support = current().glyph_map.weak_support
    weak = []
    for k, ch in mapping.items():
        if k in fixed:
            continue
        tally = ballot.tally.get(k)
        if not tally:
            continue
        support = tally.get(ch, 0.0)
        if support < weak_support or support < 2 * (sum(tally.values()) - support):
            weak.append((support, k))
    return sorted(missing) + [k for _s, k in sorted(weak)]


def _in_order(line: list[Char], read: list[str], known: dict) -> bool:
    """Whether OCR's characters, one per glyph, read the region's known glyphs as named: a
    count that matches by chance (a neighbour's half-cropped ink read as `:`, a character
    missed) disagrees on them."""
    said = [
        (_fold(ch), _fold(g.text if not is_tagged(g) else known.get((g.font, g.glyph), "")))
        for g, ch in zip(line, read)
    ]
    said = [(ch, name) for ch, name in said if name]
    agree = sum(1 for ch, name in said if ch == name)
    return len(said) - agree <= 1 and agree >= 0.7 * len(said)


def _region_votes(
    pdf: pymupdf.Document, pages: dict[int, Page], todo_keys: list, blank: set, known: dict, ocr_crops: CropsFunc
) -> list[tuple[tuple[str, int], str, float]]:
    """Votes for glyphs from OCR of their own regions (`todo_keys`, in order of need).

    Each such glyph is found once (its first occurrence), and the part of its line around it
    (GlyphMapSettings.region_em ems either side) is rendered alone and read as one text line.
    Why the line and not the glyph alone: Tesseract's Japanese model reads words with their
    context far better than an isolated character. Where OCR read as many characters as the
    region has glyphs, the characters name the glyphs in order: the glyph boxes are exact, so
    no box of OCR's can shift a name. Otherwise the line's glyphs are aligned to what OCR read
    knowing the mapping so far, as the page votes are. Both vote strongly: the region was read
    for these glyphs, at a resolution chosen for them."""
    import numpy as np

    gs = current().glyph_map
    wanted = {k: i for i, k in enumerate(todo_keys[: gs.max_regions])}
    # the names being checked anchor nothing: a shifted name would pull every read onto itself
    known = {k: ch for k, ch in known.items() if k not in wanted}
    first = _first_occurrences(pages, wanted.keys())
    todo = sorted(first.values(), key=lambda nc: wanted[(nc[1].font, nc[1].glyph)])
    if not todo:
        return []
    zoom = gs.region_dpi / 72
    crops, regions = [], []
    for n, c in todo:
        em = max(c.size, 1.0)
        line = [
            g
            for g in pages[n].chars
            if (g.font, g.glyph) not in blank and abs(g.cy - c.cy) < 0.4 * em and abs(g.cx - c.cx) <= gs.region_em * em
        ]
        line.sort(key=lambda g: g.cx)
        rect = pymupdf.Rect(
            min(g.x0 for g in line) - 0.3 * em, c.cy - 0.75 * em, max(g.x1 for g in line) + 0.3 * em, c.cy + 0.75 * em
        )
        pix = pdf[n - 1].get_pixmap(clip=rect, dpi=gs.region_dpi, colorspace=pymupdf.csGRAY, alpha=False)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
        crops.append(np.pad(gray, 12, constant_values=255))
        regions.append((rect, line))
    votes = []
    for (rect, line), words in zip(regions, ocr_crops(crops, False)):
        read = [ch for w in sorted(words, key=lambda w: w.x0) if w.conf >= gs.min_conf for ch in w.text]
        read = [ch for ch in read if not ch.isspace() and ch not in _RULES]
        if len(read) == len(line) and _in_order(line, read, known):
            votes += [((g.font, g.glyph), ch, STRONG) for g, ch in zip(line, read) if is_tagged(g)]
            continue
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
        page = Page(0, 0.0, 0.0, [g for g in line if is_tagged(g)], [], [])
        # every glyph of the line votes: a missing glyph is often one whose character a
        # neighbour took (軽減 voted 軽軽: 減 named 軽, 軽 left without a name), and only a vote
        # for the neighbour's own character (減) gives the character back
        votes += [(k, ch, STRONG) for k, ch, _w in align_words(page, ws, blank, known)]
    return votes


def _dash_glyphs(pdf: pymupdf.Document, pages: dict[int, Page], missing: set) -> dict[tuple[str, int], str]:
    """Glyphs no OCR named whose ink is one short horizontal bar: a `-`, as a form prints it alone
    in an empty cell (特記事項 `-`), where OCR reads nothing. Only narrow glyphs (under
    GlyphMapSettings.dash_max_em of their size wide): a bar a full em wide may be 一 or ー, which
    only the words around it tell apart."""
    import numpy as np

    gs = current().glyph_map
    out: dict[tuple[str, int], str] = {}
    zoom = gs.region_dpi / 72
    for k, (n, c) in _first_occurrences(pages, missing).items():
        em = max(c.size, 1.0)
        if c.x1 - c.x0 > gs.dash_max_em * em:
            continue
        clip = pymupdf.Rect(c.x0, c.y0, c.x1, c.y1)
        pix = pdf[n - 1].get_pixmap(clip=clip, dpi=gs.region_dpi, colorspace=pymupdf.csGRAY, alpha=False)
        ink = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width] < 128
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        if not len(rows):
            continue
        height, width = (rows[-1] - rows[0] + 1) / zoom, (cols[-1] - cols[0] + 1) / zoom
        middle = (rows[0] + rows[-1]) / 2 / zoom  # from the top of the glyph box
        # one bar: thin, wider than tall, in the middle band of the line (not an underscore)
        if (
            height <= gs.dash_max_height_em * em
            and width >= 2 * height
            and 0.25 * (c.y1 - c.y0) <= middle <= 0.8 * (c.y1 - c.y0)
        ):
            out[k] = "-"
    return out


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
        # later passes: realign every OCR'd page knowing the previous pass's mapping, the
        # glyphs of the form's printed text named by it (known_text_votes)
        fixed, digits = known_text_votes(pages, ballot.winners(), blank, ballot.tally)
        ballot.digits = digits
        for _ in range(gs.passes - 1):
            known, ballot, votes_by_page = ballot.winners(fixed), Ballot(), []
            ballot.digits = digits
            for n, words in result.words.items():
                votes = align_words(pages[n], words, blank, known)
                votes_by_page.append(votes)
                ballot.add(votes)
            fixed, digits = known_text_votes(pages, ballot.winners(fixed), blank, ballot.tally)
            ballot.digits = digits
        mapping = ballot.winners(fixed)
        result.known = len(fixed)
        missing = set(occurrences) - set(mapping)
        if ocr_crops is not None:
            todo_keys = _weak_glyphs(ballot, mapping, fixed, missing)
            extra = _region_votes(pdf, pages, todo_keys, blank, mapping, ocr_crops)
            if extra:
                votes_by_page.append(extra)
                ballot.add(extra)
                # the printed text and dates again: their glyphs may have had no name before
                fixed, ballot.digits = known_text_votes(pages, ballot.winners(fixed), blank, ballot.tally)
                mapping = ballot.winners(fixed)
                result.known = len(fixed)
                result.region_votes = len({k for k, _c, _w in extra} & set(todo_keys))
                missing = set(occurrences) - set(mapping)
        dashes: dict[tuple[str, int], str] = {}
        if missing:
            dashes = _dash_glyphs(pdf, pages, missing)
            mapping.update(dashes)
            result.dashes = len(dashes)
            missing -= set(dashes)
        renamed = verify_names(pdf, pages, mapping, fixed, missing, blank)
        for r in renamed:
            mapping[r.key] = r.new
            missing.discard(r.key)
        result.renamed = len(renamed)
    sure = _naming_confidence(mapping, ballot, fixed, set(dashes))
    sure.update({r.key: r.similarity for r in renamed})  # how sure the shape comparison is
    for n, page in pages.items():
        result.pages[n] = rebuild_page(page, mapping, blank, result.words.get(n), sure)
    result.glyphs = len(mapping)
    result.unmapped = len(missing)
    result.votes = ballot.count
    result.disagreeing = ballot.disagreeing(votes_by_page)
    return result
