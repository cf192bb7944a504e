"""意見募集結果 (public-comment results) → comment_rounds, comments.

The summary part is running text with numbered headings (1 意見の募集期間, 4 意見数等 …); the
opinions are a ruled table No. | 寄せられたご意見 | 市の考え方 that flows over pages, its header row
repeated on each page and long rows split across pages. Rows are told apart by their No. cell:
a band of the table without a number continues the row above, also on the next page.
Columns are cut at the table's vertical rules, or where no text ever is (the gutters) when the
table has no rules.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from extract.flow import TextLine, document_lines, join_line, page_lines, running_heads
from extract.pdf import Char, Document, Page, gc_paused
from extract.result import Extraction
from normalize.jimu import canonical_jimu
from normalize.kanji_numerals import parse_int
from normalize.municipality import identify as _identify_municipality
from normalize.text import close_digit_gaps, fold, join_wrapped
from normalize.wareki import parse_date_range

_TABLE_HEAD = re.compile(r"(?:No|NO|Ｎｏ|番号|番\s*号|項番|通番)\.?.*意\s*見.*(?:考\s*え\s*方|回\s*答|対\s*応)")
_CHANNELS = [
    ("FAX", r"F\s*A\s*X|ファ(?:ク|ッ)(?:ス|シミリ)"),
    ("電子メール", r"電子\s*メール|E\s*メール|e\s*-?\s*mail|メール"),
    ("郵送", r"郵\s*送|郵便"),
    ("持参", r"持\s*参|窓口(?:への)?(?:持参|提出)?"),
    ("電子申請", r"電子申請|オンライン|ウェブ(?:フォーム)?|Web|ホームページ|インターネット"),
    ("その他", r"その他"),
    ("合計", r"合\s*計|計"),
]
_CHANNEL_RE = re.compile("|".join(f"(?P<c{i}>{rx})" for i, (_, rx) in enumerate(_CHANNELS)))
_COUNT = re.compile(r"([0-9０-９]+)\s*(?:人|名|件|通)")
_NONE = re.compile(
    r"意見(?:は|が)(?:ありませんでした|なかった|ございませんでした|ありません|寄せられませんでした)"
    r"|意見の提出(?:は|が)?(?:ありませんでした|なかった)|提出された意見はありません"
)
_NONE_LINE = re.compile(r"^(?:ご|御)?意見(?:等|数)?[:：]?(?:なし|無し|0件)$", re.M)  # `意 見 なし` as a label and value
# the 事務 a round was about, printed in the text rather than the title: 事務名 …, …事務において/における
_SUBJECT_LABEL = re.compile(r"事務(?:の)?名(?:称)?[:：]?\s*([^\s、。「」]{2,40}?事務)")
_SUBJECT_TEXT = re.compile(r"([^\s、。「」『』()（）]{2,30}?事務)(?:において|における|に関する|に係る|の特定個人情報)")
_NO_CELL = re.compile(r"\s*(?:No\.?\s*)?[0-9０-９](?:\s*[0-9０-９]){0,3}\s*[.．]?\s*")  # `1 2`: spaced digits
_SUBJECT = re.compile(r"^(.{2,40}?事務)(?:に関する|に係る|の)")


def _channel(m: re.Match[str]) -> str:
    for i, (name, _) in enumerate(_CHANNELS):
        if m.group(f"c{i}"):
            return name
    raise AssertionError


def by_channel(lines: list[str]) -> dict[str, int] | None:
    """Counts per channel: a table (names on one line, counts below) or `郵送 1人` lines."""
    lines = [fold(x) for x in lines]  # ＦＡＸ → FAX; 合計 and counts keep their order
    for i, line in enumerate(lines[:-1]):
        names = [_channel(m) for m in _CHANNEL_RE.finditer(line)]
        if len(names) < 2:
            continue
        counts = [int(fold(c)) for c in _COUNT.findall(lines[i + 1])]
        if len(counts) == len(names):
            return {n: c for n, c in zip(names, counts) if n != "合計"}
    found: dict[str, int] = {}
    for line in lines:
        for m in re.finditer(f"({_CHANNEL_RE.pattern})\\s*[:：]?\\s*([0-9０-９]+)\\s*(?:人|名|件|通)", line):
            channel = _CHANNEL_RE.match(m[1])
            # m[1] is itself a _CHANNEL_RE match, and the count group closes last
            assert channel is not None and m.lastindex is not None
            name = _channel(channel)
            if name != "合計":
                found[name] = int(fold(m[m.lastindex]))
    return found or None


def _number_after(label: str, text: str, unit: str) -> int | None:
    m = re.search("(?:" + label + ")" + r"[^\n0-9０-９]{0,12}\n?[^\n0-9０-９]{0,6}([0-9０-９]+)\s*" + unit, text)
    return int(fold(m[1])) if m else None


@dataclass
class Row:
    no: int
    page: int
    cells: list[list[str]] = field(default_factory=lambda: [[], []])


def _columns(page: Page, head: TextLine, body: list[TextLine]) -> list[float]:
    """x of the boundaries between No. | opinion | response."""
    y = head.cy
    xs = sorted({round(s.x0, 1) for s in page.segments if not s.horizontal and s.y0 - 2 <= y <= s.y1 + 2})
    inner = [x for x in xs if head.bbox[0] - 1 < x < head.bbox[2] + 1] if xs else []
    if len(xs) >= 4:
        return xs[1:-1][:2] if len(xs[1:-1]) >= 2 else xs[1:3]
    if len(inner) >= 2:
        return inner[:2]
    return _gutters(head, body)


def _gutters(head: TextLine, body: list[TextLine], step: float = 0.5) -> list[float]:
    """No vertical rules: the header cells are the groups of characters separated by wide gaps;
    each boundary lies in such a gap, where the rows' text leaves a vertical white stripe (the
    fewest characters cross it: a full-width line after the table may cross every gap)."""
    cuts = []
    for a, b in zip(head.chars, head.chars[1:]):
        if b.x0 - a.x1 <= 2 * max(a.size, 1):
            continue
        n = max(1, int((b.x0 - a.x1) / step))
        cover = [0] * (n + 1)
        for ln in body:
            for c in ln.chars:
                i, j = int((c.x0 - a.x1) / step), int((c.x1 - a.x1) / step)
                if j >= 0 and i <= n:
                    cover[max(i, 0)] += 1
                    if j + 1 <= n:
                        cover[j + 1] -= 1
        run, best, lo = 0, None, None
        for k in range(n + 1):  # prefix sums: characters over each x of the gap
            run += cover[k]
            cover[k] = run
        low = min(cover)
        for k in range(n + 2):  # the longest stretch of least coverage
            if k <= n and cover[k] == low:
                lo = k if lo is None else lo
            elif lo is not None:
                if best is None or k - lo > best[1] - best[0]:
                    best = (lo, k)
                lo = None
        assert best is not None  # the least coverage occurs somewhere, and k = n + 1 closes its stretch
        cuts.append(a.x1 + (best[0] + best[1]) / 2 * step)
    return cuts[:2]


def _split(chars: tuple[Char, ...], cuts: list[float]) -> list[str]:
    parts: list[list[Char]] = [[] for _ in range(len(cuts) + 1)]
    for c in chars:
        parts[bisect.bisect(cuts, c.cx)].append(c)
    return [join_line(p) if p else "" for p in parts]


def _bands(page: Page, cuts: list[float], body: list[TextLine]) -> list[tuple[object, list[TextLine]]]:
    """Lines between two horizontal rules are one band (one row, or a row's part on this page),
    whatever line its No. sits on (top or centred). Without rules, rows are told apart by the
    white space between them: a band ends where the gap to the next line is wider than usual."""
    hs = sorted({round(s.y0) for s in page.segments if s.horizontal and s.x0 <= cuts[0] <= s.x1})
    if len(hs) >= 2:
        keys = [bisect.bisect(hs, ln.cy) for ln in body]
    else:
        gaps = [b.bbox[1] - a.bbox[3] for a, b in zip(body, body[1:])]
        usual = sorted(gaps)[len(gaps) // 3] if gaps else 0.0
        keys, k = [], 0
        for i, ln in enumerate(body):
            if i and gaps[i - 1] > usual + 0.4 * (ln.bbox[3] - ln.bbox[1]):
                k += 1
            keys.append(k)
    groups: list[tuple[object, list[TextLine]]] = []
    for b, ln in zip(keys, body):
        if groups and groups[-1][0] == b:
            groups[-1][1].append(ln)
        else:
            groups.append((b, [ln]))
    return groups


def _in_ruled_table(page: Page, cuts: list[float], ln: TextLine) -> bool:
    """A line inside the table's ruled area: between two horizontal rules that cross the No. column."""
    ys = [s.y0 for s in page.segments if s.horizontal and s.x0 <= cuts[0] <= s.x1]
    return any(y < ln.cy for y in ys) and any(y > ln.cy for y in ys)


def _table_rows(doc: Document, heads: set[str]) -> list[Row]:
    rows: list[Row] = []
    cuts: list[float] | None = None
    for page in doc.pages:
        lines = page_lines(page, heads)
        start = next((i for i, ln in enumerate(lines) if _TABLE_HEAD.search(ln.text)), None)
        parts: list[tuple[list[float] | None, list[TextLine]]] = []
        if start is None:
            if rows:
                parts.append((cuts, lines))  # a continuation page without a header row
        else:
            if rows and cuts:
                # the table ran on from the page before: what is above the repeated header row
                # (a producer that paginates differently puts it mid-page) still belongs to it
                above = [ln for ln in lines[:start] if _in_ruled_table(page, cuts, ln)]
                parts.append((cuts, above))
            cuts = _columns(page, lines[start], lines[start + 1 :])
            parts.append((cuts, lines[start + 1 :]))
        for part_cuts, body in parts:
            if part_cuts and len(part_cuts) >= 2:
                _add_bands(rows, page, part_cuts, body)
    return rows


def _add_bands(rows: list[Row], page: Page, cuts: list[float], body: list[TextLine]) -> None:
    for _, group in _bands(page, cuts, body):
        cells = [_split(ln.chars, cuts) for ln in group]
        nos = [parse_int(close_digit_gaps(c[0])) for c in cells if _NO_CELL.fullmatch(c[0] or "")]
        n = nos[0] if nos else None
        if n is not None and (not rows or n != rows[-1].no):
            rows.append(Row(n, page.number))
        elif not rows:
            continue  # text above the first row (a note line) is not part of the table
        for _, op, resp in cells:
            if op.strip():
                rows[-1].cells[0].append(op)
            if resp.strip():
                rows[-1].cells[1].append(resp)


@gc_paused()
def extract_public_comment(doc: Document) -> Extraction:
    ex = Extraction(doc_type="public_comment")
    flow = document_lines(doc)
    texts = [ln.text for ln in flow]
    full = close_digit_gaps(fold("\n".join(texts)))
    head = []
    for ln in flow[:4]:
        if ln.page != flow[0].page or re.match(
            r"^\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[(（])[\s.．、)）]", ln.text
        ):
            break
        head.append(ln.text)
    title = fold(join_wrapped("\n".join(head))).replace("\n", "") if head else None
    ex.title = title
    rows = _table_rows(doc, running_heads(doc))
    for r in rows:
        ex.add(
            "comments",
            {
                "no": r.no,
                "page": r.page,
                "opinion": fold(join_wrapped("\n".join(r.cells[0]))),
                "response": fold(join_wrapped("\n".join(r.cells[1]))),
            },
        )

    period = None
    for i, t in enumerate(texts):
        if re.search(r"期\s*間|実\s*施\s*日|募\s*集\s*日", t):
            s, e = parse_date_range(fold(" ".join(texts[i : i + 3])))
            if s.value and e.value:
                period = (s.value, e.value)
                break
    if period is None:
        for t in texts:
            s, e = parse_date_range(fold(t))
            if s.value and e.value:
                period = (s.value, e.value)
                break
    if period is None:
        ex.warn(f"{doc.path}: comment period not found")

    submitters = _number_after(
        r"提出者数|提出者|意見提出者数|提出人数|提案者数|意見(?:及び提案)?者数", full, "(?:名|人|者)"
    )
    opinions = _number_after(r"意見(?:及び提案)?(?:総数|件数|の総数|数)|提案件数", full, "(?:件|項目)")
    if _NONE.search(full.replace("\n", "")) or _NONE_LINE.search(full):
        opinions = 0 if not rows else opinions
        submitters = submitters if submitters is not None else 0
    if opinions is None and rows:
        opinions = len(rows)
    channels = by_channel(texts)
    if submitters is None and channels:
        submitters = sum(channels.values())

    subject = None
    flat = full.replace("\n", "")
    m = (
        (_SUBJECT.search(title.replace("\n", "")) if title else None)
        or _SUBJECT_LABEL.search(flat)
        or _SUBJECT_TEXT.search(flat)
    )
    if m and not re.search(r"(?:を保有する|評価|手続)事務$", m[1]):
        subject = canonical_jimu(m[1].lstrip("・･●○-"))
    row = {
        "subject": subject,
        "period_start": period[0] if period else None,
        "period_end": period[1] if period else None,
        "submitters": submitters,
        "opinions": opinions,
        "by_channel": channels,
        "municipality_name": None,
        "municipality_code": None,
    }  # unless identified below
    m = re.search(r"(?:それに対する|に対する|本)([^\s、。]{2,8}?[都道府県市区町村])の考え方", full)
    if m:
        muni = _identify_municipality(m[1], full[:2000])
        row["municipality_name"], row["municipality_code"] = muni.name, muni.code
    ex.add("comment_rounds", row)
    if period is None or opinions is None:
        ex.status = "partial"
    return ex
