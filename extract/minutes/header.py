"""The header of minutes: label → value, in every layout bodies print.

Layouts seen: a ruled table (label cell | value cell; 北九州市 日時/項目/出席者/事務局/傍聴人/内容,
和泉市 会議の名称/開催日時/…/会議録の作成方法 □/■), the same table without rules, `label：value`
lines (`日時：令和6年…`, `■場所 …`), numbered sections (`1 日時` with the value on the lines below)
and 会議録様式 form cells. Labels are recognised by their words, with any spacing between the
characters (`日 時`, `出 席 者`), so a label cell glued to its value (`日 時令和6年…`) still splits.

Which lines belong to which label: in a ruled table, the rows are the bands between horizontal
rules. Without rules, the lines between two label lines are cut at the widest vertical gap
among them (a centred label in a table cell has part of its value above it; a list item's value
is below its label, and the widest gap is before the next item), ties going to the label above.
The header ends below the table, at the first line of the proceedings (a speaker, a body
heading such as 議事の経過), or — without rules — at a line that starts in the label column
but is no label and no wrapped value.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from extract.flow import TextLine
from extract.minutes.settings import SETTINGS, MinutesSettings
from extract.pdf import Page

# canonical key → label words as printed
LABELS: dict[str, tuple[str, ...]] = {
    "name": (
        "会議の名称",
        "会議名称",
        "会議名",
        "名称",
        "附属機関等の名称",
        "附属機関などの名称",
        "審議会等の名称",
        "審議会等名称",
        "附属機関又は会議体の名称",
        "会議体の名称",
        "審議会名",
        "会議等名称",
    ),
    "datetime": ("会議開催日時", "会議日時", "開催日時", "開催年月日", "開催日", "日時", "開催期日", "とき"),
    "time": ("開催時間", "時間"),
    "venue": ("会議開催場所", "会議場所", "開催場所", "場所", "会場", "ところ"),
    "agenda": (
        "審議(会議)経過",
        "会議の議題",
        "議題",
        "項目",
        "案件",
        "審議事項",
        "諮問事項",
        "審議案件",
        "付議事項",
        "協議事項",
        "議事",
        "会議次第",
        "議事次第",
        "次第",
        "議事日程",
        "日程",  # the programme (新潟県後期高齢者医療広域連合: `1 開会 … 3 議題 …`), not the date
    ),
    # the meeting's papers (配布資料): a row of their own, neither agenda nor proceedings
    "materials": ("配布資料", "配付資料", "会議資料", "資料"),
    "attendees": (
        "出席委員氏名",
        "出席者",
        "出席委員",
        "出席者等",
        "出席した委員",
        "出席者氏名",
        "出席者の氏名",
        "構成員",
    ),
    "committee": ("委員", "委員氏名"),
    # the chair printed in a row of its own (埼玉県内の会議録様式: `議長(会長)氏名 志村 信太郎`)
    "chair": ("議長(会長)氏名", "会長氏名"),
    "absent": ("欠席者", "欠席委員"),
    "secretariat": (
        "事務局等出席者",
        "事務局出席者",
        "事務局職員",
        "事務局",
    ),
    # the chair named as the meeting's 主催者, the secretariat's note-taker as 記録者 (会議録 forms)
    "organizer": ("主催者",),
    "recorder": ("記録者",),
    "agency": (
        "説明員等",
        "説明者等",
        "出席説明員",
        "説明者",
        "説明員",
        "実施機関",
        "担当課",
        "所管課",
        "諮問庁",
        "関係者",
        "関係人",
        "関係課",
        "出席職員",
        "説明のために出席した職員",
        "説明のため出席した職員",
        "オブザーバー",
    ),
    "audience": ("傍聴者の数", "傍聴人の数", "傍聴人数", "傍聴者数", "傍聴人", "傍聴者", "傍聴"),
    "disclosure": (
        "公開・非公開の別",
        "公開又は非公開の別",
        "公開または非公開の別",
        "会議の公開・非公開の別",
        "公開・非公開",
        "会議の公開・非公開",
        "会議の公開",
        "会議の公開の可否",
        "公開の可否",
        "傍聴の可否",
        "公開区分",
    ),
    "summary": ("会議の要旨", "要旨"),
    "method": ("会議録の作成方法",),
    "confirm": ("記録内容の確認方法",),
    "other": ("その他の必要事項",),
    "content": (
        "審議内容",
        "会議内容",
        "内容",
        "議事内容",
        "会議の経過",
        "審議経過",
        "議事の経過",
        "審議の経過",
        "審議の概要",
        "議事の概要",
        "審議の内容",
        "議事の内容",
        "会議の内容",
        "審議等の内容",
        "議事概要",
        "発言内容",
        "会議経過",
        "会議記録",
        "会議の結果",
        "会議結果",
        "審議の結果",
        "議事要旨",
        "議事(要旨)",
        "会議の要点",
        "議事経過と結果",
        "議事経過",
        "審議状況",
        "会議の経過及び結果",
    ),
}
# keys whose value lists people
PEOPLE_KEYS = {
    "chair": "committee",
    "organizer": "committee",
    "attendees": "committee",
    "committee": "committee",
    "agency": "agency",
    "secretariat": "secretariat",
    "recorder": "secretariat",
}

_LEAD = (
    # (`?`, `。` and an unclosed `<`: OCR's readings of ◇ before a label on a scan)
    r"^[\s・■□◆◇●○◎◯〇▼▽▶►◇\-－?？。]*(?:[0-9０-９]{1,2}[.．、)）\s]\s*|[(（][0-9０-９]{1,2}[)）]\s*"
    r"|[一二三四五六七八九十]{1,2}[.．、\s]\s*|第[0-9０-９一二三四五六七八九十]{1,2}\s+)?"
    r"[【［\[<＜〔]?"
)
# before a known label word the number may be glued to it (`1日時:平成11年…`, 首相官邸の議事録);
# an unknown item word keeps the delimiter (`4 資料`), or any word after a digit would be one
_LABEL_LEAD = _LEAD.replace(r"[.．、)）\s]\s*|[(（]", r"[.．、)）\s]?\s*|[(（]", 1)


def _spaced(word: str) -> str:
    return r"\s*".join(map(re.escape, word))


_ALL = sorted(((w, k) for k, ws in LABELS.items() for w in ws), key=lambda x: -len(x[0]))
_LABEL_RE = re.compile(
    _LABEL_LEAD + "(?P<label>" + "|".join(_spaced(w) for w, _ in _ALL) + r")"
    r"(?P<close>[】］\]>＞〕])?(?P<qual>[【(（][^】)）:：]{1,12}[】)）](?=\s*[:：]|\s))?(?P<gap>\s*[:：]?\s*)(?P<rest>.*)$",
    re.S,
)
_BY_WORD = {w: k for w, k in _ALL}
# after a short label word glued to more text, these start a longer word or a sentence
_WORD_GOES_ON = re.compile(r"^(?:[ぁ-ゖ]|職員|員|長|次長|会|室|数|名|等|及び|・)")


_GLUED_ALONE = frozenset({"datetime", "venue"})
# labels that also print a speaker's role (`委員`, `事務局`): a designator before them (`A委員`) is a speaker's
_SPEAKER_KEYS = frozenset({"committee", "secretariat", "agency", "chair"})


def match_label(text: str) -> tuple[str, str] | None:
    """(key, rest of the line) when the line starts with a header label."""
    m = _LABEL_RE.match(text)
    if not m:
        # `S出席者`, `$日時`: a scan's mark before a label alone on its line (◇ read as a letter or
        # a symbol); alone, the word can be nothing but the label
        junk = re.match(r"^\s*([!-~＄？])\s*(\S+)\s*$", text)
        if junk and not junk[2][:1].isascii() and (again := match_label(junk[2])) and not again[1].strip():
            # (not a letter or digit before people: `A委員` is an anonymised speaker)
            if not (junk[1].isalnum() and again[0] in _SPEAKER_KEYS):
                return again
        return None
    word = re.sub(r"\s+", "", m["label"])
    rest = m["rest"]
    if (
        re.match(r"^\s*[0-9０-９]{1,2}[^\s0-9０-９.．、)）]", text)
        and ":" not in m["gap"]
        and "：" not in m["gap"]
        and (rest.strip() or _BY_WORD[word] not in _GLUED_ALONE)
    ):
        # a number glued to the word is a label before its colon (`1日時:`); alone on its line only
        # for when and where (`5日時`: OCR's ◇ as a digit), for `6議事` heads the proceedings as often
        return None
    if (
        not m["gap"]
        and not m["close"]
        and rest
        and rest[0] not in "【［[<＜〔(（"
        and (len(word) <= 3 or _WORD_GOES_ON.match(rest))
    ):
        # `委員の互選により`, `事務局職員(…)`, `内容について`: the label word begins a longer word.
        # A short label glued to its value is accepted only before a value-like start (a date, a digit)
        if _WORD_GOES_ON.match(rest) or not re.match(r"(?:令和|平成|昭和|[0-9０-９]|午前|午後)", rest):
            return None
    if m["close"] is None and text.lstrip()[:1] in "【［[<＜〔" and re.match(r"^\s*[【［\[<＜〔]", text):
        # an opened bracket that does not close after the word: `【委員長】` is not 委員; alone on its
        # line, a label of no people is one (`<場所`: OCR's ◇)
        if rest.strip() or _BY_WORD[word] in PEOPLE_KEYS or text.lstrip()[:1] not in "<＜":
            return None
    return _BY_WORD[word], rest


def is_prose(text: str) -> bool:
    """Running words of a sentence (`前回7月11日開催の審議会で、資料1の…となっ`), wrapped before its
    end: long, with a clause break and the kana of inflections, unlike a list of names and posts
    (`情報公開広聴課副課長ほか6名`, `山田 太郎、鈴木 花子`)."""
    f = re.sub(r"\s+", "", text)
    kana = sum(1 for ch in f if "ぁ" <= ch <= "ゖ")
    # a clause ends in a particle before its comma (`審議会で、`, `ついては、`); names end in no particle
    return len(f) >= 24 and kana >= 0.1 * len(f) and re.search(r"(?:で|は|が|て|に|を|ので|から|ため)、", f) is not None


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)  # key → value lines joined with "\n"
    tabbed: dict[str, str] = field(default_factory=dict)  # the same with wide gaps as tabs (lists of people)
    pages: dict[str, int] = field(default_factory=dict)  # key → page of its label
    lines: dict[str, list[TextLine]] = field(default_factory=dict)  # key → the lines its value was read from
    labels: dict[str, str] = field(default_factory=dict)  # key → the label as printed (its first row)
    title_lines: list[TextLine] = field(default_factory=list)
    end: int = 0  # index of the first body line in the flow
    content: tuple[int, str] | None = None  # the 内容 label line (index, words after the label)
    body_prefix: list[TextLine] = field(default_factory=list)  # proceedings printed inside the table's 内容 cell


def _hrules(page: Page) -> list[tuple[float, float, float]]:
    return sorted((s.y0, s.x0, s.x1) for s in page.segments if s.horizontal and s.x1 - s.x0 > 40)


def _in_table(page: Page, ln: TextLine) -> bool:
    """Inside a ruled cell: a rule above and below over the line, a vertical rule left of it."""
    cx = (ln.bbox[0] + ln.bbox[2]) / 2
    above = below = left = False
    for s in page.segments:
        if s.horizontal:
            if s.x0 - 2 <= cx <= s.x1 + 2:
                above = above or s.y0 <= ln.bbox[1] + 1
                below = below or s.y0 >= ln.bbox[3] - 1
        elif s.x0 <= ln.bbox[0] + 2 and s.y0 - 2 <= ln.cy <= s.y1 + 2:
            left = True
    return above and below and left


def _bands(page: Page, top: float, bottom: float) -> list[float]:
    """y of the horizontal rules crossing the header region, merged within 2pt."""
    ys = sorted(y for y, _, _ in _hrules(page) if top - 3 <= y <= bottom + 3)
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > 2:
            out.append(y)
    return out


def _split_unruled(idx: list[int], lines: list[TextLine], region_end: int) -> dict[int, int]:
    """line index → label line index, for lines between label lines without rules."""
    owner: dict[int, int] = {}
    for a, b in zip(idx, idx[1:] + [None]):
        between = list(range(a + 1, b if b is not None else region_end))
        if b is None or not between:
            for j in between:
                owner[j] = a
            continue
        seq = [a, *between, b]
        gaps = []
        for p, q in zip(seq, seq[1:]):
            lp, lq = lines[p], lines[q]
            gaps.append(lq.bbox[1] - lp.bbox[3] if lp.page == lq.page else 0.0)
        widest = max(range(len(gaps)), key=lambda k: (round(gaps[k], 1), k))  # ties: the later gap
        # only a clearly wider gap separates two cells; equal spacing means a list item's value
        if gaps[widest] - min(gaps) < 1.5:
            widest = len(gaps) - 1
        for k, j in enumerate(between):
            owner[j] = a if k < widest else b
    return owner


# steps of the programme (次第) that carry no value: 開会, 閉会, 会長あいさつ
_PROGRAMME = re.compile(r"^(?:[(（]?[0-9０-９]{1,2}[)）.．]?)?(?:開会|閉会|\S{0,6}(?:あいさつ|挨拶))$")


def parse_header(
    lines: list[TextLine], pages: dict[int, Page], is_body_start, settings: MinutesSettings = SETTINGS
) -> Header:
    """Read the header rows from the first lines of the flow.

    `is_body_start(line)` says whether a line begins the proceedings (a speaker, a section
    mark); the header ends there, or after the 内容 row, whichever comes first.
    """
    h = Header()
    scan = lines[: settings.header_scan_lines]
    first = next(
        (
            i
            for i, ln in enumerate(scan)
            if ln.page == lines[0].page and (ml := match_label(ln.text)) and ml[0] != "content"
        ),
        None,
    )
    if first is None:
        return h
    page0 = pages.get(lines[first].page)
    if page0 is not None and _in_table(page0, lines[first]):
        boundary = _label_boundary(page0, lines[first])
        if boundary is not None:
            return _ruled(lines, first, pages, boundary, settings)
    label_x = lines[first].x0
    right = max(ln.bbox[2] for ln in scan)
    colon_layout = _COLON_ROW.match(lines[first].text) is not None
    labelled: list[tuple[int, str, str]] = []
    end = None
    for i in range(first, len(scan)):
        ln = scan[i]
        m = match_label(ln.text)
        if (
            m
            and m[0] == "content"
            and labelled
            and _RECORD_FORM.match(re.sub(r"\s+", "", m[1] or _value_below(scan, i, label_x, settings)))
            and _more_rows_below(scan, i, label_x, is_body_start, settings, keys=None)
        ):
            # `会議の内容 会議記録の要約` over `会議次第` …: how the record was made, a row of the
            # header; the proceedings begin at a later 内容 label (`議事の概要`)
            labelled.append((i, "method", m[1]))
            continue
        if m and m[0] == "content" and labelled and _more_rows_below(scan, i, label_x, is_body_start, settings):
            # `会議内容` over the programme (`1. 開会` … `5. 議題` …), then `会議資料`: a row of the
            # header, not the proceedings
            labelled.append((i, "programme", m[1]))
            continue
        if m and m[0] == "content":
            labelled.append((i, m[0], m[1]))
            end = i + 1
            break
        if (
            m
            and i > first
            and m[0] in ("committee", "secretariat", "agency")
            and labelled
            and is_prose(m[1])
            and is_body_start(ln)
        ):
            # `委員 健康診断等結果については、…` after the header rows: a speaker's turn, not a row
            end = i
            break
        if colon_layout and m and i > first and _COLON_ROW.match(ln.text) is None and is_prose(m[1]):
            # `事 務 局　本日は、…` among `label：value` rows: a label without its colon before a
            # sentence is a speaker, the proceedings begin
            end = i
            break
        # labels sit in the label column; a label word in the value column is part of a value (`＜委員＞`)
        if m and abs(ln.x0 - label_x) <= settings.label_column_slack * ln.em:
            labelled.append((i, m[0], m[1]))
            continue
        at_label_column = ln.x0 <= label_x + settings.label_column_slack * ln.em
        if colon_layout and i > first and at_label_column and not is_body_start(ln):
            # `label：value` rows: `問い合わせ先：…` is a row whatever its label; a line without a
            # colon before more such rows continues the value above (`2. 市長あいさつ` under `会議録：1. …`)
            cm = _COLON_ROW.match(ln.text)
            if cm:
                labelled.append((i, "?" + re.sub(r"\s+", "", cm["word"]), cm["rest"]))
                continue
            if _colon_row_ahead(scan, i, label_x, is_body_start, settings):
                continue
        if (
            i > first
            and at_label_column
            and _PROGRAMME.match(re.sub(r"\s+", "", ln.text))
            and any(
                abs(a.x0 - label_x) <= settings.label_column_slack * a.em
                and (ma := match_label(a.text))
                and ma[0] != "content"
                for a in scan[i + 1 : i + 1 + settings.unknown_label_reach]
            )
        ):
            # `開会` / `会長あいさつ` printed between the header's rows (the programme, with 議事
            # below): steps of the meeting, neither a row nor the start of the proceedings
            continue
        if i > first and at_label_column and is_body_start(ln):  # value lines are indented: never a turn
            end = i
            break
        if i > first and ln.x0 <= label_x + settings.label_column_slack * ln.em:
            prev = scan[i - 1]
            wrapped = prev.bbox[2] >= right - settings.full_line_slack * prev.em and prev.page == ln.page
            if not wrapped:
                # an item the label list does not know (`◇議事`, `4 資料`, `問い合わせ先`) when known
                # labels follow soon, the 内容 label too (`審議経過` after `問い合わせ先`/`要約した理由`):
                # a row of its own; otherwise the proceedings begin here
                ahead = scan[i + 1 : i + 1 + settings.unknown_label_reach]
                known = next((k for k, a in _in_label_column(ahead, label_x, settings) if match_label(a.text)), None)
                if (
                    known is not None
                    and not any(
                        is_body_start(a) and not _PROGRAMME.match(re.sub(r"\s+", "", a.text))
                        for a in ahead[:known]
                        if a.x0 <= label_x + settings.label_column_slack * a.em
                    )
                    and (word := _item_word(ln.text))
                    and not is_body_start(ln)
                ):
                    labelled.append((i, "?" + word, ln.text[len(ln.text) - len(_after_item(ln.text)) :]))
                    continue
                end = i
                break
    if end is None:  # the text ends inside the header: the last label's value runs to the end
        end = len(scan)
    h.title_lines = lines[:first]
    region = list(range(first, end))
    content_i = None
    if labelled and labelled[-1][1] == "content":
        content_i = labelled[-1][0]
        region = [j for j in region if j != content_i]
        labelled = labelled[:-1]
        content = match_label(lines[content_i].text)
        assert content is not None  # labelled "content" by match_label above
        h.content = (content_i, content[1])
    if not labelled:
        h.end = end
        return h
    idx = [i for i, _, _ in labelled]
    owner = _split_unruled(idx, lines, end)
    label_at = {i: (k, r) for i, k, r in labelled}
    parts: dict[int, list[tuple[TextLine, str, str]]] = {i: [] for i in label_at}
    for j in region:
        ln = lines[j]
        if j in label_at:
            tab = ln.tabbed(settings.list_gap)
            m = match_label(tab)
            parts[j].append((ln, label_at[j][1], m[1] if m else tab))
        elif j in owner:
            parts[owner[j]].append((ln, ln.text, ln.tabbed(settings.list_gap)))
    for i, key, rest in labelled:
        ps = sorted(parts[i], key=lambda p: (p[0].page, p[0].cy))
        ps = [p for p in ps if p[1].strip()]
        value = _logical([(p[0], p[1]) for p in ps], right, settings)
        tabbed = _logical([(p[0], p[2]) for p in ps], right, settings)
        h.pages.setdefault(key, lines[i].page)
        h.lines.setdefault(key, []).extend(p[0] for p in ps)
        h.labels.setdefault(key, _printed_label(lines[i].text, rest))
        if key in h.values and value:
            h.values[key] += "\n" + value
            h.tabbed[key] += "\n" + tabbed
        else:
            h.values.setdefault(key, value)
            h.tabbed.setdefault(key, tabbed)
    h.end = end
    return h


# a 内容 cell that only points to where the proceedings are printed
POINTER = re.compile(r"^(?:別紙|別添|別記|下記|以下|次頁|次ページ)\S{0,6}?(?:のとおり|の通り|参照|に記載)\S{0,4}$")


def parse_headers(
    lines: list[TextLine], pages: dict[int, Page], is_body_start, settings: MinutesSettings = SETTINGS
) -> tuple[Header, list[Header]]:
    """The header, and any further header blocks printed right after it before the proceedings
    (a numbered 会議録 page after a form cover: `1 日時` … `3 出席者 ・満木委員 …`). Their items fill
    what the first block does not print; the proceedings begin after the last block."""
    h = parse_header(lines, pages, is_body_start, settings)
    more: list[Header] = []
    # (a 内容 row before it only points elsewhere: `審議の概要 別紙のとおり`)
    while (
        h.values
        and (not h.body_prefix or POINTER.match("".join(ln.text for ln in h.body_prefix).strip()))
        and h.end < len(lines)
    ):
        base = h.end
        nxt = parse_header(lines[base:], pages, is_body_start, settings)
        # a header block says when or where the meeting was; `<事務局>` before its words is a speaker
        if not ({"datetime", "venue"} & set(nxt.values)) or len(nxt.title_lines) > settings.second_header_reach:
            break
        for key, value in nxt.values.items():
            if key not in h.values:
                h.values[key] = value
                h.pages[key] = nxt.pages.get(key, h.pages.get(key, 0))
                h.lines[key] = nxt.lines.get(key, [])
        h.end = base + nxt.end
        h.content = (nxt.content[0] + base, nxt.content[1]) if nxt.content is not None else None
        h.body_prefix = nxt.body_prefix
        more.append(nxt)
    return h, more


def _label_boundary(page: Page, ln: TextLine) -> float | None:
    """x of the rule between the label column and the value column, at a label line."""
    xs = sorted(s.x0 for s in page.segments if not s.horizontal and s.y0 - 2 <= ln.cy <= s.y1 + 2)
    inner = [x for x in xs if x > ln.x0 + ln.em]
    return inner[0] if inner else None


def _sub_line(ln: TextLine, chars) -> TextLine | None:
    if not chars:
        return None
    from extract.flow import join_line
    from normalize.text import width_fold

    box = (min(c.x0 for c in chars), min(c.y0 for c in chars), max(c.x1 for c in chars), max(c.y1 for c in chars))
    return TextLine(ln.page, width_fold(join_line(chars)), box, tuple(chars))


def label_key(cell: str) -> str | None:
    """The key of a label cell's text (`開 催 日 時`, `審議会等名称`, `出席者【会長・副会長等】`)."""
    t = re.sub(r"[【［\[<＜〔(（][^】］\]>＞〕)）]*[】］\]>＞〕)）]$", "", re.sub(r"\s+", "", cell))
    t = re.sub(r"^(?:[0-9０-９]{1,2}[.．、)）]?|[(（][0-9０-９]{1,2}[)）]|[■□◆◇●○◎・])", "", t).rstrip(":：")
    if t in _BY_WORD:
        return _BY_WORD[t]
    for w, k in _ALL:  # a qualified label: 審議会等名称, 会議の開催日時
        if t.endswith(w) and len(t) - len(w) <= 4 and len(w) >= 2:
            return k
    return None


def _ruled(
    lines: list[TextLine], first: int, pages: dict[int, Page], boundary: float, settings: MinutesSettings
) -> Header:
    """A ruled label | value table: each band between horizontal rules is one row; its label is
    the text left of the column rule (a label cell may wrap: `記録内容の確認方` / `法`), its value
    the text right of it. A band with no label text continues the row above (a row split over a
    page). Rows whose label is unknown are kept apart under `?<label>` so they swallow nothing."""
    h = Header()
    start = first
    while (
        start > 0
        and lines[start - 1].page == lines[first].page
        and pages.get(lines[start - 1].page) is not None
        and _in_table(pages[lines[start - 1].page], lines[start - 1])
    ):
        start -= 1
    end = first
    while end < len(lines) and (pg := pages.get(lines[end].page)) is not None and _in_table(pg, lines[end]):
        end += 1
    h.title_lines = lines[:start]
    bands: dict[int, list[float]] = {}
    for pno in {lines[j].page for j in range(start, end)}:
        on = [lines[j] for j in range(start, end) if lines[j].page == pno]
        bands[pno] = _bands(pages[pno], min(ln.bbox[1] for ln in on), max(ln.bbox[3] for ln in on))
    rows: list[dict] = []
    last_band = None
    for j in range(start, end):
        ln = lines[j]
        band = (ln.page, bisect.bisect(bands[ln.page], ln.cy))
        left = _sub_line(ln, [c for c in ln.chars if (c.x0 + c.x1) / 2 < boundary])
        right = _sub_line(ln, [c for c in ln.chars if (c.x0 + c.x1) / 2 >= boundary])
        if band != last_band:
            rows.append({"label": [], "value": [], "first": j})
        last_band = band
        if left is not None:
            rows[-1]["label"].append(left)
        if right is not None:
            rows[-1]["value"].append(right)
    widest = max((v.bbox[2] for r in rows for v in r["value"]), default=0.0)

    def right_edge(ln: TextLine) -> float:
        # a value line is wrapped when it reaches its own cell's right rule, not the widest value
        xs = [
            s.x0
            for s in pages[ln.page].segments
            if not s.horizontal and s.x0 >= ln.bbox[2] - 1 and s.y0 - 2 <= ln.cy <= s.y1 + 2
        ]
        return min(xs) if xs else widest

    merged: list[dict] = []
    for r in rows:  # a band without label text continues the row above (a row split over a page)
        if not r["label"] and merged:
            merged[-1]["value"] += r["value"]
        else:
            merged.append(r)
    rows = merged
    h.end = end

    def label_of(r: dict) -> str:
        return "".join(ln.text for ln in sorted(r["label"], key=lambda x: (x.page, x.cy)))

    for n, r in enumerate(rows):
        label = label_of(r)
        key = label_key(label) or ("?" + re.sub(r"\s+", "", label) if label.strip() else None)
        if key is None:
            continue
        if key == "content" and any(label_key(label_of(r2)) not in (None, "content") for r2 in rows[n + 1 :]):
            # `会議内容` over the programme, known rows below it: a row, not the proceedings; one that
            # only says how the record was made (`会議記録の要約`) is that row
            value_text = "".join(v.text for v in r["value"])
            key = "method" if _RECORD_FORM.match(re.sub(r"\s+", "", value_text)) else "programme"
        if key == "content":  # the proceedings begin in this cell
            h.body_prefix = sorted(r["value"], key=lambda x: (x.page, x.cy))
            break
        vals = sorted(r["value"], key=lambda x: (x.page, x.cy))
        vals = [v for v in vals if v.text.strip()]
        value = _logical([(v, v.text) for v in vals], right_edge, settings)
        tabbed = _logical([(v, v.tabbed(settings.list_gap)) for v in vals], right_edge, settings)
        page = (r["label"] or r["value"] or [lines[r["first"]]])[0].page
        h.pages.setdefault(key, page)
        h.lines.setdefault(key, []).extend(vals)
        h.labels.setdefault(key, label.strip())
        if key in h.values and value:
            h.values[key] += "\n" + value
            h.tabbed[key] += "\n" + tabbed
        else:
            h.values.setdefault(key, value)
            h.tabbed.setdefault(key, tabbed)
    return h


# a line that starts a new list item even right after a full line: (1), ア, ①, ・, ＜委員＞
_STARTS_ITEM = re.compile(
    r"^(?:[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[0-9０-９]{1,2}[.．、)）\s]|[ア-ン][.．、\s]"
    r"|[①-⑳]|[・･●○◯◎■□◆◇※]|[(（]注[)）]|[＜<【［〔]|[(（][^()（）]{2,12}[)）]$"  # (`(事務局)` alone: a group's heading)
    # a group of an attendance list (`事務局 市民協働部長 …`, `諮問及び案件関係部署 …`)
    # (alone on its line too: `説明者` below a full line of 事務局 names)
    r"|(?:事務局|説明者|説明員|実施機関|諮問庁|担当課|所管課|関係課|関係者|欠席者|欠席委員|\S{0,8}関係部署|\S{0,8}関係部局)(?:[\s:：(（]|$))"
)


def _logical(
    parts: list[tuple[TextLine, str]], right: float | Callable[[TextLine], float], settings: MinutesSettings
) -> str:
    """Value lines joined into logical lines: a line that reaches the right edge of the value
    column (`right`: an x, or the edge at a given line) was wrapped, so the next one continues
    it (`…、湯淺` / `墾道、…`); others end a line."""
    out = ""
    for k, (_ln, text) in enumerate(parts):
        text = text.strip()
        if k:
            prev = parts[k - 1][0]
            edge = right(prev) if callable(right) else right
            full = prev.bbox[2] >= edge - settings.full_line_slack * prev.em
            out += "" if full and not _STARTS_ITEM.match(text) else "\n"
        out += text
    return out


# (a word with 、 only before a colon: `所属名、担当者名:所属名 …`)
_ITEM_HEAD = re.compile(
    _LEAD
    + r"(?P<word>[^\s:：。、]{1,12}|[^\s:：。、]{1,6}、[^\s:：。、]{1,6}(?=\s*[:：]))(?:[】］\]>＞〕])?(?:\s*[:：]\s*|\s+|$)"
)


def _item_word(text: str) -> str | None:
    """The label word of a header item the label list does not know (`4 資料 …`, `◇議事`)."""
    m = _ITEM_HEAD.match(text)
    return m["word"] if m else None


def _after_item(text: str) -> str:
    m = _ITEM_HEAD.match(text)
    return text[m.end() :] if m else ""


# a `label：value` row of the header: a short label without a sentence's marks, then the colon
_COLON_ROW = re.compile(r"^\s*(?P<word>[^\s:：。「」]{1,24}?)\s*[:：]\s*(?P<rest>.*)$")


def _colon_row_ahead(scan: list[TextLine], i: int, label_x: float, is_body_start, settings: MinutesSettings) -> bool:
    """Whether a `label：value` row follows line i in the label column within
    MinutesSettings.unknown_label_reach lines, before any line of the proceedings."""
    for _k, a in _in_label_column(scan[i + 1 : i + 1 + settings.unknown_label_reach], label_x, settings):
        if is_body_start(a):
            return False
        if _COLON_ROW.match(a.text):
            return True
    return False


def _in_label_column(lines: list[TextLine], label_x: float, settings: MinutesSettings):
    """(index, line) of the lines that start in the label column."""
    return ((k, a) for k, a in enumerate(lines) if abs(a.x0 - label_x) <= settings.label_column_slack * a.em)


_AFTER_CONTENT = frozenset({"materials", "audience", "disclosure", "method", "confirm", "other", "recorder"})


def _more_rows_below(
    scan: list[TextLine],
    i: int,
    label_x: float,
    is_body_start,
    settings: MinutesSettings,
    keys: frozenset[str] | None = _AFTER_CONTENT,
) -> bool:
    """Whether a header label of the rows printed after a 内容 one (`keys`, default _AFTER_CONTENT;
    None: any label but another 内容) follows line i in the label column within
    MinutesSettings.unknown_label_reach lines, with no sentence and no speaker of the proceedings
    before it."""
    for a in scan[i + 1 : i + 1 + settings.unknown_label_reach]:
        if a.text.rstrip().endswith("。"):
            return False  # a sentence: the proceedings, where a programme is a list
        if abs(a.x0 - label_x) > settings.label_column_slack * a.em:
            continue
        if is_body_start(a):  # a speaker (`＜委員＞` reads as the 委員 label too): the proceedings
            return False
        ma = match_label(a.text)
        if ma:
            # only the rows a header prints after its 内容 (会議資料, 傍聴者, 会議録の作成方法 …): a row
            # of people (`＜委員＞`) or `2 議事` below it is as likely the proceedings' own words
            return ma[0] in keys if keys is not None else ma[0] != "content"
    return False


def _value_below(scan: list[TextLine], i: int, label_x: float, settings: MinutesSettings) -> str:
    """The text of the line after label line i when it is indented past the label column (the
    label's value printed below it), else ''."""
    if i + 1 < len(scan) and scan[i + 1].x0 > label_x + settings.label_column_slack * scan[i + 1].em:
        return scan[i + 1].text
    return ""


# the value of a 内容 row that says how the record was made, not what was said: `会議記録の要約`,
# `要点筆記`, `全文記録`
_RECORD_FORM = re.compile(
    r"^(?:会議(?:記)?録の|議事録の)?(?:要約|要旨|要点(?:筆記|記録)?|全文(?:記録)?|発言要旨|概要)(?:筆記|記録)?$"
)


def _printed_label(text: str, rest: str) -> str:
    """The label of a header line as printed: the line without its value and delimiter."""
    head = text[: len(text) - len(rest)] if rest and text.endswith(rest) else text
    return re.sub(r"[\s:：]+$", "", head).strip()
