"""The header table of minutes: label → value, in every layout seen.

北九州市 prints 日時/項目/出席者/事務局/傍聴人/内容; 和泉市 prints 会議の名称/開催日時/開催場所/
出席者/会議の議題/会議の要旨/会議録の作成方法 (□/■)/…; others print the same words as a list
(`1 日時 …`, `■場所：…`). Labels are recognised by their words, with any spacing between the
characters (`日 時`, `出 席 者`), so a label cell glued to its value (`日 時令和6年…`) still splits.

A value that spans several lines belongs to the row of its label. In a ruled table the rows
are the bands between horizontal rules; without rules a line goes to the nearest label line
(labels are centred vertically in their cells, or sit on the first line of a list item).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from extract.flow import TextLine
from extract.pdf import Page

# canonical key → label words as printed
LABELS: dict[str, tuple[str, ...]] = {
    "name": ("会議の名称", "会議名", "名称"),
    "datetime": ("開催日時", "日時", "開催日", "日程"),
    "venue": ("開催場所", "場所", "会場"),
    "agenda": ("会議の議題", "議題", "項目", "案件", "審議事項", "諮問事項"),
    "attendees": ("出席者", "出席委員", "出席者等", "出席した委員"),
    "absent": ("欠席者", "欠席委員"),
    "secretariat": ("事務局",),
    "audience": ("傍聴人", "傍聴者", "傍聴人数", "傍聴"),
    "summary": ("会議の要旨", "要旨"),
    "method": ("会議録の作成方法",),
    "confirm": ("記録内容の確認方法",),
    "other": ("その他の必要事項",),
    "content": ("審議内容", "会議内容", "内容", "議事内容", "会議の経過", "審議経過"),
}

_LEAD = r"^[\s・■□◆◇●○◎]*(?:[0-9０-９]{1,2}[.．、\s]\s*|[(（][0-9０-９]{1,2}[)）]\s*)?"


def _spaced(word: str) -> str:
    return r"\s*".join(map(re.escape, word))


_ALL = sorted(((w, k) for k, ws in LABELS.items() for w in ws), key=lambda x: -len(x[0]))
_LABEL_RE = re.compile(_LEAD + "(?P<label>" + "|".join(_spaced(w) for w, _ in _ALL) + r")(?P<gap>\s*[:：]?\s*)(?P<rest>.*)$")
_BY_WORD = {w: k for w, k in _ALL}


def match_label(text: str) -> tuple[str, str] | None:
    """(key, rest of the line) when the line starts with a header label."""
    m = _LABEL_RE.match(text)
    if not m:
        return None
    word = re.sub(r"\s+", "", m["label"])
    rest = m["rest"]
    if not m["gap"] and len(word) <= 3 and re.match(r"(?:職員|員|長|次長|会|室)", rest):
        return None  # 事務局職員, 出席者… the label word is the start of a longer word
    # "内容" as the first word of a sentence is not the 内容 row: a label is followed by its value
    # after a gap, by a value that starts a new token, or by nothing
    return _BY_WORD[word], rest


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)  # key → value lines joined with "\n"
    title_lines: list[TextLine] = field(default_factory=list)
    end: int = 0  # index of the first body line in the flow


def _bands(page: Page, top: float, bottom: float) -> list[float]:
    """y of the horizontal rules crossing the header region, merged within 2pt."""
    ys = sorted(s.y0 for s in page.segments if s.horizontal and top - 3 <= s.y0 <= bottom + 3 and s.x1 - s.x0 > 40)
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > 2:
            out.append(y)
    return out


def parse_header(lines: list[TextLine], pages: dict[int, Page], is_body_start) -> Header:
    """Read the header rows from the first lines of the flow.

    `is_body_start(line)` says whether a line begins the proceedings (a speaker, a section
    mark); the header ends there, or after the 内容 row, whichever comes first.
    """
    h = Header()
    first = None
    labelled: list[tuple[int, str, str]] = []  # (line index, key, rest)
    end = None
    for i, ln in enumerate(lines[:80]):
        m = match_label(ln.text)
        if m and (first is not None or ln.page == lines[0].page):
            if first is None:
                first = i
            labelled.append((i, m[0], m[1]))
            if m[0] == "content":
                end = i + 1
                break
            continue
        if first is not None and is_body_start(ln):
            end = i
            break
    if first is None:
        return h
    if end is None:
        end = labelled[-1][0] + 1
        # lines right after the last label (its multi-line value) belong to it until a gap
    h.title_lines = lines[:first]
    h.end = end
    region = lines[first:end]
    bands: dict[int, list[float]] = {}
    for pno in {ln.page for ln in region}:
        on = [ln for ln in region if ln.page == pno]
        if pno in pages:
            bands[pno] = _bands(pages[pno], min(ln.bbox[1] for ln in on), max(ln.bbox[3] for ln in on))
    ruled = all(len(b) >= 2 for b in bands.values()) and bands

    def band_of(ln: TextLine) -> tuple[int, int]:
        return ln.page, bisect.bisect(bands[ln.page], ln.cy)
    band_of = band_of if ruled else None
    if band_of is not None:
        # one label per ruled row: a second "label" in a row is a value line (`・事務局職員(…)`)
        seen_bands: set[int] = set()
        kept = []
        for i, k, r in labelled:
            b = band_of(lines[i])
            if b not in seen_bands:
                seen_bands.add(b)
                kept.append((i, k, r))
        labelled = kept
    label_at = {i: (k, r) for i, k, r in labelled}
    rows: dict[int, list[tuple[TextLine, str]]] = {i: [] for i, _, _ in labelled}
    label_idx = [i for i, _, _ in labelled]
    for j, ln in enumerate(region):
        i = first + j
        if i in label_at:
            rows[i].append((ln, label_at[i][1]))
            continue
        target = None
        if band_of is not None:
            same = [k for k in label_idx if band_of(lines[k]) == band_of(ln)]
            if same:
                target = same[0]
            else:  # a band without a recognised label (a wrapped label cell): the row above
                above = [k for k in label_idx if k < i]
                target = above[-1] if above else None
        if target is None and not any(lines[k].page == ln.page for k in label_idx):
            above = [k for k in label_idx if k < i]  # a row continued on the next page
            target = above[-1] if above else label_idx[0]
        if target is None:
            target = min(label_idx, key=lambda k: (abs(lines[k].cy - ln.cy) if lines[k].page == ln.page else 1e9, -k))
        rows[target].append((ln, ln.text))
    for i, key, _ in labelled:
        parts = sorted(rows[i], key=lambda p: (p[0].page, p[0].cy))
        value = "\n".join(t.strip() for _, t in parts if t.strip())
        if key in h.values and value:
            h.values[key] += "\n" + value
        else:
            h.values.setdefault(key, value)
    return h
