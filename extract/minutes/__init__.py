"""議事録/会議録 → meetings, attendees, utterances.

The flow: document lines (page furniture removed) → header rows (header.py) → attendance
list (attendees.py) → speaker turns (turns.py) → one meetings row plus rows per person and turn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from extract.flow import TextLine, document_lines
from extract.minutes import names
from extract.minutes.attendees import parse_attendees
from extract.minutes.header import PEOPLE_KEYS, POINTER, is_prose, match_label, parse_headers
from extract.minutes.roles import Roster, compact, split_title
from extract.minutes.turns import classify_line, is_conclusion, split_turns
from extract.pdf import Document, gc_paused, ocr_confidence
from extract.result import Extraction
from extract.settings_context import current
from normalize.kanji_numerals import parse_int
from normalize.municipality import identify as _identify_municipality
from normalize.municipality import named_in
from normalize.ocr_noise import fix_date_marks
from normalize.text import close_digit_gaps, fold, join_wrapped, width_fold
from normalize.wareki import parse_date, parse_time, parse_time_range

_BODY = re.compile(r"([一-龥ヶケヵ]{1,12}?[都道府県市区町村](?:[一-龥・]{0,16}?)(?:審査会|審議会|委員会))")
_SUBJECT = re.compile(
    r"([^\s、。「」『』()（）]{2,40}?事務)(?:[(（][^()（）「」]{1,12}[)）])?[」』]?(?:に係る|についての|における|の[「『]?特定個人情報|について|の?全項目評価|の?重点項目評価"
    r"|の?基礎項目評価)"
)
_AGENDA_NO = re.compile(
    r"^\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[(（][0-9０-９]{1,2}[)）]|[①-⑳])(?:[.．、)）]\s*|\s+)"
)
# `1国民健康保険…`: an item number with no visible gap, not a quantity (1件, 1年)
_AGENDA_NO_GLUED = re.compile(r"^\s*[0-9]{1,2}(?=[^\s0-9年月日回件人名号条項.,:%])")
_OUTCOME_QUOTE = re.compile(r"答申の方向性(?:は|として)?[、,]?\s*「(.+?)」")


def _lines_text(lines: list[TextLine]) -> str:
    return fold(join_wrapped("\n".join(ln.text for ln in lines)))


# agenda item markers, any nesting level: 1 / 1. / (1) / ① / ア / (ア) / ・ / 一 / 第1
_ITEM_MARK = re.compile(
    r"^\s*(?:[(（][0-9０-９一二三四五六七八九十ア-ンa-zａ-ｚ]{1,3}[)）]\s*|[0-9０-９]{1,2}(?:[.．、)）]\s*|\s+)"
    r"|[一二三四五六七八九十]{1,3}(?:[.．、]\s*|\s+)|[①-⑳]\s*|[ア-ン](?:[.．、]\s*|\s+)"
    r"|[・･●○◯■□◆◇]\s*|第[0-9０-９一二三四五六七八九十]{1,2}\s+)"
)
# `1国民健康保険…`: an item number with no visible gap, not a quantity (1件, 1年)
_AGENDA_NO_GLUED = re.compile(r"^\s*[0-9]{1,2}(?=[^\s0-9年月日回件人名号条項.,:%])")
# disclosure marks printed with an item: 【公開】, 【非公開】, (非公開), 〔一部非公開〕
_DISCLOSURE_MARK = re.compile(r"\s*[【［\[〔《(（]\s*(?:一部)?(?:非)?公開\s*[】］\]〕》)）]\s*")
_ERA_DATE = r"(?:令和|平成|昭和)\s*(?:元|[0-9０-９一二三四五六七八九十]{1,3})\s*年"
# what precedes a body's name in titles: 令和6年度, 令和元年11月開催, 第3回, 第2部
_TITLE_PREFIX = re.compile(
    rf"^(?:{_ERA_DATE}\s*度\s*|{_ERA_DATE}\s*(?:[0-9０-９一二三四五六七八九十]{{1,2}}\s*月\s*)?(?:[0-9０-９一二三四五六七八九十]{{1,2}}\s*日\s*)?(?:開催)?\s*)?"
    r"(?:第\s*[0-9０-９一二三四五六七八九十百]{1,4}\s*回\s*)?(?:第\s*[0-9０-９一二三四五六七八九十]{1,2}\s*部(?=\S{4})\s*)?"
)
_NOT_BODY = re.compile(r"(?:第\s*[0-9０-９〇一二三四五六七八九十百]{1,4}\s*[回部]|" + _ERA_DATE + r"度?)")
_SESSION = re.compile(r"第\s*([0-9０-９〇一二三四五六七八九十百]{1,4})\s*回")
_BODY_IN_TITLE = re.compile(
    # (`…検討会議議事録`: a 会 followed by 議 not of 議事 is a 会議's)
    r"(?P<body>[^\s「」『』【】]*?(?:(?:審査会|審議会|委員会|協議会|懇話会|懇談会|調査会|検討会|研究会|部会)(?!議(?!事))|(?<!部)会議)"
    r"(?:[^\s「」『』【】（）()]*?(?:部会|分科会|小委員会))?)"
)
_PLACE = re.compile(r"[都道府県市区町村]|広域連合|組合")
_PLACE_FIRST = re.compile(r"^[一-龥ヶケヵ]{1,6}?(?:[都道府県市区町村]|広域連合)")
_CLOSING = re.compile(
    r"^[\s(（]*(?:閉\s*会|散\s*会|終\s*了)(?:時刻|時間)?\s*[:：]?\s*(?P<t>(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)[^\s)）]*|正午)\s*[)）]?$"
    r"|^[\s(（]*(?P<t2>(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)[^\s)）]*|正午)\s*(?:閉\s*会|散\s*会|終\s*了)[)）]?$"
)
_OPENING = re.compile(
    r"^[\s(（]*(?:開\s*会)(?:時刻)?\s*[:：]?\s*(?P<t>(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)[^\s)）]*|正午)\s*[)）]?$"
    r"|^[\s(（]*(?P<t2>(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)[^\s)）]*|正午)\s*開\s*会[)）]?$"
)


# a grouping line of an agenda, not an item: (1)諮問事項 / ア … / イ …
_AGENDA_GROUP = re.compile(
    r"^(?:諮問事項|報告事項|審議事項|協議事項|審議案件|報告案件|議題|案件|議事|報告|諮問|審議|協議|その他の事項)(?!第)[:：]?"
)
# notes printed with an item, no part of it: `[担当課:総務部法務ガバナンス室]`, `【課税課、納税課】`
_ITEM_NOTE = re.compile(
    r"\s*[\[［【]\s*(?:(?:担当課|担当|所管課|所管|説明)\s*[:：][^\]］】]*|[^\]］】]*(?:課|室|部|局|担当|チーム))[\]］】]\s*$"
)
# a category word and a number before an item (`審議1 新生児…`, `新規2 羽村市…`, `変更1 …`)
_WORD_NUMBER = re.compile(r"^\s*(?!(?:参考)?資料|別紙|別添)[一-龥]{1,4}[0-9０-９]{1,2}\s+(?=\S)")
# a bracketed tag an item ends with (`(継続諮問)`, `(報告)`)
_ITEM_TAG = re.compile(r"[(（][^()（）]{1,8}[)）]$")
# an item's own words end so: a line ending so is a whole item, not the first part of a wrapped one
_ITEM_END = re.compile(r"(?:について|の件|の確認|事項|[)）」』])$")
_DOC_LIST = re.compile(r"^(?:※|＊|\*)|^(?:参考)?資料\s*[0-9０-９一二三四五六七八九十]*(?:\s|$|[-－]|[(（])|^参考資料")


_PROGRAMME_STEP = re.compile(r"^(?:[(（]?[0-9０-９]{1,2}[)）.．]?)?(?:開会|閉会|散会|\S{0,6}(?:あいさつ|挨拶))$")


def _agenda(value: str | None) -> list[str]:
    """One item per numbered line at any level ((1), ア, ・ …), wrapped lines joined, 【公開】 marks
    dropped; grouping lines (`(1)諮問事項` above its ア, イ …, `審議事項「…」`) and lists of the
    meeting's papers (`※ 会議資料一覧`, `資料1 …`) are not items."""
    if not value:
        return []
    lines = [_ITEM_NOTE.sub("", _DISCLOSURE_MARK.sub("", ln)).strip() for ln in value.split("\n")]
    # steps of the programme (開会, 閉会, 会長あいさつ) are no items, nor part of one
    lines = [ln for ln in lines if ln and not _PROGRAMME_STEP.match(re.sub(r"\s+", "", ln))]
    # `案 件(1)諮問 …`: the list's own label word printed before its first item
    lines = [re.sub(r"^(?:案\s*件|議\s*題|議\s*事)\s*(?=[(（][0-9０-９])", "", ln) for ln in lines]
    if sum(bool(_WORD_NUMBER.match(ln)) for ln in lines) >= 2:
        lines = [_WORD_NUMBER.sub("", ln) for ln in lines]
    numbered = [bool(_ITEM_MARK.match(ln) or _AGENDA_NO_GLUED.match(ln)) for ln in lines]
    if any(numbered):  # an unnumbered line before the first item is a preamble (`第45回…審議会`)
        lines = lines[numbered.index(True) :]
    items: list[tuple[str, str]] = []  # (marker kind, text)
    in_papers = False
    for line in lines:
        m = _ITEM_MARK.match(line) or _AGENDA_NO_GLUED.match(line)
        text = line[m.end() :] if m else line
        kind = _marker_kind(line[: m.end()]) if m else ""
        if _DOC_LIST.match(text) or _DOC_LIST.match(line):
            in_papers = True
            continue
        if in_papers and (not m or items and kind != items[0][0]):
            continue  # the papers' list goes on until an item of the top level
        in_papers = False
        if m or not items or not any(numbered):
            items.append((kind, text))
        elif (
            "\n" not in items[-1][1]
            and len(compact(items[-1][1])) <= 20
            and _ITEM_END.search(compact(items[-1][1]))
            and _ITEM_END.search(compact(fold(line)))
        ):
            # `1.答申書の確認` / `新個人情報保護法施行に…について`: a short line that ends as an item
            # does, over an unnumbered line that does too, is the heading of its sub-item
            items[-1] = ("group", items[-1][1])
            items.append(("sub", line))
        elif (tag := _ITEM_TAG.search(items[-1][1].split("\n")[-1])) and line.endswith(tag[0]):
            # `(3) 広聴相談カード…その1(継続諮問)` / `広聴相談カード…その2(継続諮問)`: lines ending with the
            # same tag are items of their own under one number
            items.append((items[-1][0], line))
        else:
            items[-1] = (items[-1][0], items[-1][1] + "\n" + line)  # a wrapped item
    # an item followed by items of a deeper numbering (`(2) 諮問に係る審議について` over `ア …`, `ア …`
    # over `・ …`) is the heading of its group, not an item: levels in the order the marks first appear
    levels: dict[str, int] = {}
    for kind, _ in items:
        if kind not in ("group", "sub", ""):
            levels.setdefault(kind, len(levels))
    # (in lists of three levels and more; a two-level list keeps its items over their sub-items,
    # `1 …に係る特定個人情報保護評価について` over `(1) 全項目評価書の概要`)
    for k in range(len(items) - 1):
        a, b = items[k][0], items[k + 1][0]
        if len(levels) >= 3 and a in levels and b in levels and levels[b] > levels[a]:
            items[k] = ("group", items[k][1])
    out: list[str] = []
    for k, (kind, text) in enumerate(items):
        if kind == "group":
            continue
        t = fold(join_wrapped(text)).replace("\n", "")
        g = _AGENDA_GROUP.match(t)
        if g:
            rest = t[g.end() :].strip()
            nxt = items[k + 1][0] if k + 1 < len(items) else None
            # (unnumbered: `審議事項` over `「…について」`, the word alone over the lines below it)
            if (
                not rest
                and nxt is not None
                and (nxt != kind or not kind)
                or not rest
                and nxt is None
                and len(items) > 1
            ):
                continue  # a group heading over items of the level below
            if rest:
                t = rest
        m = re.fullmatch(r"[「『](.+)[」』]", t)
        if m:
            t = m[1]
        if t and t not in out:
            out.append(t)
    return out


# a category of the agenda printed as a row label of its own (a form's 議題 group over 諮問 /
# 第三者点検 / 報告 rows)
_AGENDA_CATEGORY = re.compile(
    r"^\?(?:議題)?(?:諮問|報告|審議|協議|第三者点検|点検|答申|付議|その他)(?:事項|案件)?(?:議題)?$"
)


def _agenda_subrows(values: dict[str, str]) -> list[str]:
    """Items of the rows under category labels (`第三者点検 豊島区…について`, `報告 (仮称)…について`)
    that follow the 議題 row, or that carry the 議題 group cell's word themselves (`議題第三者点検`:
    the form's merged group cell read into one of its rows): the 議題 group's rows."""
    keys = list(values)
    if "agenda" in keys:
        run = keys[keys.index("agenda") + 1 :]
    else:
        lead = next((k for k in keys if k.startswith("?") and _AGENDA_CATEGORY.match(k)), None)
        run = keys[keys.index(lead) :] if lead else []
    rows: list[str] = []
    for k in run:
        if not _AGENDA_CATEGORY.match(re.sub(r"\s+", "", k)):
            break
        rows.append(k)
    if "agenda" not in keys and not (len(rows) >= 2 and any("議題" in k for k in rows)):
        return []
    return [a for k in rows for a in _agenda(values[k])]


# (`(8)議事(諮問事項)`, `<4>議事(諮問事項)`, `(3)諮問事項`: an item of the proceedings' outline
# that holds the business, its item printed below it)
_AGENDA_HEADING = re.compile(
    r"^(?:[0-9０-９]{1,2}[.．\s]?|[(（<＜〈][0-9０-９]{1,2}[)）>＞〉])?"
    r"(?:案件|議題|議事|会議次第|次第|審議事項|諮問事項)(?:[(（](?:諮問事項|審議事項)[)）])?$"
)


_NUMBER_MARK = re.compile(r"^(?P<p>[(（])?(?P<n>[0-9]{1,2})(?(p)[)）]\s*|(?:[.．、]\s*|\s+))")


# a step's number, its delimiter perhaps lost with the letter-spacing (`3議題`, `4その他`)
_STEP_NO = re.compile(r"^(?P<p>[(（])?(?P<n>[0-9]{1,2})(?(p)[)）])(?![0-9])")
_AGENDA_STEP = re.compile(r"^(?:[(（]?[0-9０-９]{1,2}[)）.．、]?\s*)?(?:議題|案件|議事|審議事項|協議事項)$")


def _under_agenda_step(programme: str) -> str:
    """The lines under the 議題 step of a programme (`5. 議題` / `(1) 諮問` … / `6. 閉会`): from
    the step to the next line numbered as it is; empty when the programme has no such step."""
    lines = [x.strip() for x in programme.split("\n")]
    for k, x in enumerate(lines):
        if _AGENDA_STEP.match(re.sub(r"\s+", "", fold(x))):
            mark = _STEP_NO.match(fold(x))
            out = []
            for y in lines[k + 1 :]:
                m = _STEP_NO.match(fold(y))
                if mark and m and bool(m["p"]) == bool(mark["p"]):
                    break  # `6. 閉会`: the programme's next step
                out.append(y)
            return "\n".join(out)
    return ""


def _agenda_below_heading(body: list[TextLine], empty_label: bool = False) -> list[str]:
    """No 議題 row: a `案件` heading at the start of the proceedings with its items below it, and
    the items that go on with the next numbers as headings further down (`1 …の選出について`, turns,
    `2 令和3年度…について`). `empty_label`: the header's 議事 label has no value, the proceedings
    below it begin with the first item (`(1)住民基本台帳事務の…について(公開審議)`)."""
    starts = [-1] if empty_label else []
    starts += [k for k, ln in enumerate(body[:40]) if _AGENDA_HEADING.match(re.sub(r"\s+", "", fold(ln.text)))]
    for k in starts[:1]:
        first = body[k + 1] if k + 1 < len(body) else None
        if first is None:
            return []
        t = first.text.strip()  # width-folded, its gaps kept (`1 厚木市…`)
        if not _ITEM_END.search(compact(t)) or len(compact(t)) > 90:
            return []
        m = _NUMBER_MARK.match(t)
        if k < 0 and m is None or m is not None and m["n"] != "1":
            return []  # a list starts at 1; `5.連絡事項` below an empty 議題 is the outline's next section
        items = [t[m.end() :] if m else t]
        if m:
            items += _numbered_on(body[k + 2 :], bool(m["p"]))
        return [fold(join_wrapped(i)).replace("\n", "") for i in items]
    return []


def _numbered_on(body: list[TextLine], paren: bool) -> list[str]:
    """Items 2, 3 … of a list whose item 1 was printed before `body`: lines further down that
    start with the next number, marked alike (`2 …について`), each a heading of its own."""
    out: list[str] = []
    n = 2
    for ln in body:
        f = ln.text.strip()
        mm = _NUMBER_MARK.match(f)
        if (
            mm
            and int(mm["n"]) == n
            and bool(mm["p"]) == paren
            and _ITEM_END.search(compact(f))
            and len(compact(f)) <= 90
        ):
            out.append(fold(f[mm.end() :]).replace("\n", ""))
            n += 1
    return out


def _marker_kind(mark: str) -> str:
    """The numbering style of an item marker: (1), 1, ア, ① … (the level it is on)."""
    m = mark.strip()
    if re.match(r"[(（][0-9０-９]", m):
        return "paren_digit"
    if re.match(r"[(（]", m):
        return "paren_other"
    if re.match(r"[0-9０-９]", m):
        return "digit"
    if re.match(r"[ア-ン]", m):
        return "kana"
    if re.match(r"[①-⑳]", m):
        return "circled"
    if re.match(r"[一二三四五六七八九十]", m):
        return "kanji"
    return "bullet"


_NONE_WORDS = r"なし|無し|無|いない|いません|おらず|ゼロ"


def _count_in(text: str) -> int | None:
    f = fold(text).replace("\n", "")
    m = re.search(
        r"傍聴(?:人|者)?(?:数)?[】］>＞)）]?(?:は)?[:：]?\s*("  # (`【傍聴】なし`: the word alone too)
        + _NONE_WORDS
        + r"|[0-9〇一二三四五六七八九十]+)\s*(?:名|人)?",
        f,
    )
    if m:
        return 0 if not re.match(r"[0-9〇一二三四五六七八九十]", m[1]) else parse_int(m[1])
    return None


def _audience(values: dict[str, str]) -> int | None:
    v = values.get("audience")
    if v is not None and fold(v):
        f = fold(v).replace("\n", "")
        n = _count_in(f)
        if n is not None:
            return n
        m = re.search(r"([0-9〇一二三四五六七八九十]+)\s*(?:名|人)", f)
        if m:
            return parse_int(m[1])
        if re.search(_NONE_WORDS + "|^0$", f):
            return 0
        n = parse_int(f)
        if n is not None:
            return n
    for key in ("disclosure", "other", "summary", "name", "venue"):
        n = _count_in(values.get(key) or "")
        if n is not None:
            return n
    # printed inside another row: `【傍聴者】 1名` in the 出席者 list, `傍聴人数0人` in a form's
    # 公開の可否 cell whose label the layout split
    for key, val in values.items():
        if key not in ("agenda", "content"):
            n = _count_in(val or "")
            if n is not None:
                return n
    return None


def _body(
    values: dict[str, str], title: str | None, text: str, venue: str | None = None, title_lines: tuple[str, ...] = ()
) -> str | None:
    """The body's name only: no 第N回, no 年度, no 会議録; a 部会 stays part of it. From the 会議の
    名称 row, else the title; a name printed without its municipality (`「情報公開・個人情報保護
    委員会」会議録`) takes it from the text (`…旭川市情報公開・個人情報保護委員会を始め…`)."""
    flat = _NOT_BODY.sub(" ", fold(text).replace("\n", ""))
    found = []
    for cand in (values.get("name"), title, *title_lines):
        if not cand:
            continue
        c = fold(cand).replace("\n", "")
        c = re.sub(r"[(（]\s*第\s*[0-9０-９一二三四五六七八九十百]{1,4}\s*回\s*[)）]", " ", c)
        c = re.sub(r"[(（]([^()（）]*(?:部会|分科会|小委員会))[)）]", r"\1", c)  # 審議会(特定個人情報保護評価部会)
        c = _TITLE_PREFIX.sub("", c.strip())
        for hit in _BODY_IN_TITLE.finditer(c):
            b = _TITLE_PREFIX.sub("", hit["body"])
            b = re.sub(r"^.*?第[0-9〇一二三四五六七八九十百]{1,4}(?:回|部(?!会))", "", b)  # `…審議会第2部会` stays
            if len(b) >= 4:
                found.append(b)
                break
    if found and values.get("name") and _PLACE.search(found[0]):
        return found[0]
    # a title printed over lines: the longest name that starts with its municipality (`柏市…審議会` /
    # `特定個人情報保護評価部会` joined; `大阪府…点検部会` of the second line, not the first line's words)
    placed = [b for b in found if _PLACE_FIRST.match(b)]
    if placed:
        return max(placed, key=len)
    for b in found:
        if _PLACE.search(b):
            return b
    for b in found:  # the municipality printed before the same name elsewhere
        m = re.search(r"([一-龥ヶケヵ]{1,6}?[都道府県市区町村])" + re.escape(b), flat)
        if m:
            return m[1] + b
    for b in found:  # a parent body printed before it (`消費者委員会個人情報保護専門調査会` in the papers' names)
        m = re.search(r"([一-龥ァ-ヶー]{2,12}?(?:委員会|審議会|審査会|本部))" + re.escape(b), flat)
        if m and not b.startswith(("委員会", "審議会", "審査会")):
            return m[1] + b
    counts = Counter(_BODY.findall(flat))
    if counts:
        return counts.most_common(1)[0][0]
    if found and venue:  # the body meets in its own offices: `旭川市総合庁舎7階` names its municipality
        m = re.match(
            r"^([一-龥ヶケヵ]{1,5}?[都道府県市区町村])(?:役所|役場|庁舎|総合庁舎|本庁舎|庁|議会|文化|会館|市民|区民|町民|村民)",
            fold(venue),
        )
        if m:
            return m[1] + found[0]
    return found[0] if found else None


def _session_no(*texts: str | None) -> int | None:
    for t in texts:
        t = re.sub(r"\s+", "", close_digit_gaps(t or ""))  # `第2 2 回`: letter-spaced digits
        m = _SESSION.search(fold(t))
        if m:
            return parse_int(m[1])
    return None


# words for "the 事務" in general (`利用事務における対象人数`), no 事務's name
_GENERIC_JIMU = re.compile(
    r"^(?:個人番号)?(?:利用|当該|同|対象|評価対象|本|各|関係|実施|担当|所管|他の|その他の?|一般|通常|窓口)事務$"
)


# the 個人情報保護条例's other business a 審議会 hears about a 事務 (not its 特定個人情報保護評価)
_OTHER_BUSINESS = re.compile(r"目的外利用|目的外提供|外部提供|本人通知|本人外収集|オンライン結合|電子計算機処理")
_PIA = re.compile(r"特定個人情報|保護評価|評価書|第三者点検|全項目評価|重点項目評価|基礎項目評価")


def _unprefixed(jimu: str) -> str:
    """The 事務 without the municipality printed before it (`豊島区個人住民税…` → `個人住民税…`)."""
    m = re.match(r"^[一-龥ヶケ]{1,5}?[都道府県市区町村](?![営立民内外域政議庁])(?=[一-龥]{2})", jimu)  # 大阪府営… stays
    return jimu[m.end() :] if m and _identify_prefix(m[0]) else jimu


def _identify_prefix(name: str) -> bool:
    return _identify_municipality(name, "").code is not None


def _subject(agenda: list[str], title: str | None, records: list[str] | tuple[str, ...] = ()) -> str | None:
    """The 事務 under review: named in the agenda or the title; else the one 事務 the
    minute-taker's own account names (`records`: narrative rows and stage notes, not the
    speakers' words, which mention many), when it names exactly one."""
    # an agenda item under 特定個人情報保護評価 names it (`豊島区個人住民税賦課徴収に関する事務の「特定個人
    # 情報保護評価書」について`); items of other business (`…贈呈事務に係る保有個人情報の目的外利用`) do
    # not, and two 事務 under review (北九州市: 住民基本台帳事務, 地方税賦課徴収事務) leave it open
    found: list[str] = []
    for s in [*agenda, title or ""]:
        m = _SUBJECT.search(s)
        if m and _PIA.search(s) and _unprefixed(m[1]) not in found:
            found.append(_unprefixed(m[1]))
    if found:
        return found[0] if len(found) == 1 else None
    for s in [*agenda, title or ""]:
        m = _SUBJECT.search(s)
        if m and not _OTHER_BUSINESS.search(s):
            return m[1]
    if sum(bool(_PIA.search(a)) for a in agenda) >= 2:
        return None  # several reviews on the agenda (岐阜市: four 第三者点検): no one subject
    named = {
        m[1] for r in records for m in _SUBJECT.finditer(fold(r).replace("\n", "")) if not _GENERIC_JIMU.match(m[1])
    }
    return named.pop() if len(named) == 1 else None


def _outcome(turns, narrative: dict, full_text: str) -> str | None:
    m = _OUTCOME_QUOTE.search(full_text)
    if m:
        return m[1]
    for sec, texts in narrative.items():
        if is_conclusion(sec):
            return fold(join_wrapped("\n".join(texts))).replace("\n", "")
    for t in reversed(turns[-3:]):
        for sentence in re.findall(r"[^。]*答申[^。]*。", t.text.replace("\n", "")):
            return sentence
    return None


def _listed(p, people: list) -> bool:
    """`p` (from a further header block) is a person already listed: the same name, or its
    surname (`満木委員` of `満木 祐子`), in the same group."""
    if not p.name:
        return False
    n = re.sub(r"\s+", "", p.name)
    for q in people:
        if q.name and q.group == p.group:
            full = re.sub(r"\s+", "", q.name)
            surname = q.name.split()[0] if " " in q.name else None
            if n == full or n == surname or (len(n) < len(full) and full.startswith(n) and surname is None):
                return True
    return False


def _printed_on(person, lines: list[TextLine]) -> tuple[TextLine | None, list]:
    """Where a header value prints the person: the first line holding their name (their post
    where no name is printed) and the characters of the name on it; with no such line (a name
    wrapped across lines, a count rebuilt from `ほか6名`), no line and every character of the value."""
    word = compact(fold(person.name or person.title or ""))
    for ln in lines:
        if not word or word not in compact(fold(ln.text)):
            continue
        if all(c.conf is None for c in ln.chars):
            return ln, []  # the text layer's line: nothing OCR'd to narrow down
        # the name's own characters where the line's characters fold one to one into its text
        chars = [c for c in ln.chars if not c.text.isspace()]
        folded = [width_fold(c.text) for c in chars]
        at = "".join(folded).find(word) if all(len(f) == 1 for f in folded) else -1
        return ln, chars[at : at + len(word)] if at >= 0 else list(ln.chars)
    return None, [c for ln in lines for c in ln.chars]


def _without_relisted_chair(people: list) -> list:
    """The chair named in its own row (`議長(会長)氏名 志村 信太郎`) and listed again among the
    members (`委員氏名 志村信太郎、林昭男 …`) is one person: the row with the chair's title stays."""
    chairs = [p for p in people if p.name and p.title == "会長" and p.group == "committee"]
    return [p for p in people if not (p.title in (None, "委員") and _listed(p, chairs))]


def _starts_body(line: TextLine, roster: Roster) -> bool:
    """A line that begins the proceedings. A role word followed by names (`審査会委員 時枝会長、…`)
    is an attendance row, so a label-then-words line counts only when the words are a sentence."""
    p = classify_line(line.text, roster)
    if p.kind == "heading":
        # numbered lines inside the header are agenda items; only marked headings start the body
        return line.text.strip()[:1] in "○◯〇●◎【［[" or not re.match(r"^\s*[0-9０-９一二三四五六七八九十]", line.text)
    if p.kind != "speaker":
        return False
    t = line.text.strip()
    bracketed = t[:1] in "(（【［[○◯〇●◎" or re.match(r"^\S{1,20}\s*[:：]", t) is not None
    return bracketed or bool(re.search(r"[。？?]$", p.rest)) or is_prose(p.rest)


# a line that is a date and perhaps a weekday and times, nothing else
_DATE_LINE = re.compile(
    r"^(?:令和|平成|昭和)(?:元|[0-9〇一二三四五六七八九十]{1,3})年[0-9〇一二三四五六七八九十]{1,2}月[0-9〇一二三四五六七八九十]{1,3}日"
    r"(?:[(（][^()（）]{1,4}[)）])?(?:(?:午前|午後)?[0-9〇一二三四五六七八九十:～~時分から]*(?:まで)?)?$"
)


# `開会 午前10時00分` / `閉会 午後0時10分` printed inside the 日時 cell (its spaces removed)
_CELL_CLOCK = (
    r"[:：]?((?:午前|午後)?[0-9〇一二三四五六七八九十]{1,3}(?:時|:)(?:[0-9〇一二三四五六七八九十]{1,3}分?)?|正午)"
)
_CLOSING_IN = re.compile(r"(?:閉会|散会|終了)(?:時刻|時間)?" + _CELL_CLOCK)
_OPENING_IN = re.compile(r"(?:開会|開始)(?:時刻|時間)?" + _CELL_CLOCK)


def _times(when: str, body: list[TextLine]) -> tuple:
    start, end = parse_time_range(fold(when)) if when else (None, None)
    if end is None and (m := _CLOSING_IN.search(fold(when))):
        end = parse_time(m[1])
    if start is None and (m := _OPENING_IN.search(fold(when))):
        start = parse_time(m[1])
    # `閉会 午後0時10分` / `（午後0時10分閉会）` printed after the proceedings, `開会 …` before them
    for ln in body if end is None else ():
        m = _CLOSING.match(fold(ln.text))
        if m:
            end = parse_time(m["t"] or m["t2"]) or end
    for ln in body[:20] if start is None else ():
        m = _OPENING.match(fold(ln.text))
        if m:
            start = parse_time(m["t"] or m["t2"])
            break
    return start, end


_OPENS_MEETING = re.compile(r"(?:ただいまから|ただ今から|只今から|これより|これから)[^。]{0,40}(?:開催|開会|始め)")


def _secretariat_speakers(turns, roster: Roster, body: str | None) -> None:
    """Staff speakers no attendance list places: the body's own office is its secretariat. Staff
    of a unit named after the body's business (`武市情報公開課長` at the 情報公開・個人情報保護
    審議会) and the staff member who opens the meeting (`○水野部長 ただいまから、第69回…を開催
    いたします`) are the secretariat, not an agency under review; every turn of the label follows."""
    staff = {t.speaker for t in turns if t.group == "agency" and t.speaker and roster.lookup(t.speaker) is None}
    if not staff:
        return
    sec = set()
    first = next((t for t in turns if t.speaker), None)
    if first is not None and first.speaker in staff and _OPENS_MEETING.search(compact(first.text)):
        sec.add(first.speaker)
    flat = re.sub(r"[・\s]", "", body or "")
    for label in staff:
        nt = split_title(label)
        if not nt:
            continue
        who = nt[0]
        lead = names.surname_first(who) or (names.leading_proper(who) or ("",))[0]
        unit = re.sub(r"(?:課|室|部|局|係|担当|センター)$", "", who[len(lead) :] + nt[1][:1])
        if len(unit) >= 2 and unit in flat:
            sec.add(label)
    for t in turns:
        if t.speaker in sec:
            t.group = "secretariat"


# the column heads of a printed speaker table (`発言者 内容`, `発言者 発言内容・決定事項`)
_COLUMN_HEADS = re.compile(r"^(?:発言者|発言内容|内容|決定事項|発言要旨|要旨|・|、)+$")


# the document's title printed again above the proceedings (`平成28年度第1回…審議会会議録`): its
# body and session are the meeting row's
_TITLE_AGAIN = re.compile(r"(?:会議録|議事録|会議要旨|議事要旨|要点記録|議事概要)$")


def _known_to(header, more: list, agenda: list[str], lines: list[TextLine]):
    """Whether a paragraph's words are already in the meeting row: the header's lines and values
    (printed again in the body: 東京都's title, date and venue, 小金井市's second header), its
    agenda items, a header label alone (`1 日時`), a pointer (`別紙のとおり`) or a table's column
    heads. Such a paragraph needs no row of its own; any other is kept (turns._placed_headings)."""
    seen = "\n".join(
        [compact(fold(ln.text)) for b in (header, *more) for ln in (*b.title_lines, *lines[: b.end])]
        + [compact(fold(x)) for b in (header, *more) for x in b.values.values()]
        + [compact(fold(a)) for a in agenda]
    )

    def known(text: str) -> bool:
        flat = compact(fold(text))
        bare = re.sub(r"^[(（]?[0-9０-９一二三四五六七八九十]{1,2}[)）.．、]?", "", flat)
        return (
            not flat
            or flat in seen
            or bool(_COLUMN_HEADS.match(flat))
            or bool(_TITLE_AGAIN.search(flat))
            or bool(POINTER.match(flat))
            or ((m := match_label(bare)) is not None and not m[1].strip())
        )

    return known


@gc_paused()
def extract_minutes(doc: Document) -> Extraction:
    ex = Extraction(doc_type="minutes")
    lines = document_lines(doc)
    if not lines:
        ex.status = "partial"
        ex.warn(f"{doc.path}: no text lines")
        return ex
    settings = current().minutes
    empty = Roster([])
    header, more = parse_headers(
        lines, {p.number: p for p in doc.pages[:3]}, lambda ln: _starts_body(ln, empty), settings
    )
    v = header.values
    if not v:
        ex.warn(f"{doc.path}: no header table (日時/出席者 …) recognised")
    title = _lines_text(header.title_lines).replace("\n", "") or None
    ex.title = title

    people: list = []
    unread: list[str] = []
    printed: dict[int, tuple[int | None, float | None]] = {}  # id(person) → (page, ocr_confidence)
    for block in (header, *more):
        for key in block.tabbed:
            if key in PEOPLE_KEYS:
                found = parse_attendees(block.tabbed[key], PEOPLE_KEYS[key], settings, unread)
                if key == "chair":  # the 会長 named in a row of its own
                    found = [replace(p, title=p.title or "会長") for p in found]
                found = [p for p in found if block is header or not _listed(p, people)]
                for p in found:
                    line, chars = _printed_on(p, block.lines.get(key, []))
                    printed[id(p)] = (line.page if line else block.pages.get(key), ocr_confidence(chars))
                people += found
    people = _without_relisted_chair(people)
    if unread:
        ex.warn(f"{doc.path}: attendance words read as no person: {'、'.join(dict.fromkeys(unread))}")
    roster = Roster(people)
    for p in people:
        page, conf = printed[id(p)]
        ex.add(
            "attendees",
            {
                "group": p.group,
                "affiliation": p.affiliation,
                "name": p.name,
                "title": p.title,
                "headcount": p.headcount,
                "page": page,
                "ocr_confidence": conf,
            },
        )

    listed = v.get("agenda") or next((v[k] for k in v if k.startswith("?") and re.search(r"議事|次第|案件", k)), None)
    # a programme (次第, 日程) with a 議題 step: the agenda is what that step lists
    agenda = _agenda(listed and (_under_agenda_step(listed) or listed))
    agenda += [a for a in _agenda_subrows(v) if a not in agenda]
    if not agenda and v.get("programme"):
        agenda = _agenda(_under_agenda_step(v["programme"]))
    body = header.body_prefix + lines[header.end :]
    if not agenda:
        agenda = _agenda_below_heading(body, "agenda" in v and not fold(v["agenda"]))
    elif (
        len(agenda) == 1
        and (
            m1 := _NUMBER_MARK.match(
                next(
                    (
                        x.strip()
                        for x in (v.get("agenda") or "").split("\n")
                        if x.strip() and not _PROGRAMME_STEP.match(x.strip())
                    ),
                    "",
                )
            )
        )
        and m1["n"] == "1"
    ):
        # `案件 1 …の選出について` with no item 2 in the row: the next items are headings below
        agenda += [a for a in _numbered_on(body, bool(m1["p"])) if a not in agenda]
    if header.content is not None and header.content[0] >= header.end:
        i, rest = header.content
        body = [ln for j, ln in enumerate(lines[header.end :], header.end) if j != i]
        if rest.strip():
            body.insert(i - header.end, replace(lines[i], text=rest))
    proc = split_turns(body, roster, agenda, settings, _known_to(header, more, agenda, lines))
    full_text = fold("\n".join(ln.text for ln in lines)).replace("\n", "")
    # each title line on its own first: `平成27年8月21日特定個人情報保護評価点検部会議事録` over
    # `大阪府個人情報保護審議会特定個人情報保護評価点検部会議事録` names the body in the second
    lines_of_title = tuple(_lines_text([ln]).replace("\n", "") for ln in header.title_lines)
    name = _body(v, title, full_text, v.get("venue"), lines_of_title if len(lines_of_title) > 1 else ())
    _secretariat_speakers(proc.turns, roster, name)
    for i, t in enumerate(proc.turns, 1):
        ex.add(
            "utterances",
            {
                "seq": i,
                "section": t.section,
                "speaker": t.speaker,
                "speaker_group": t.group,
                "text": t.text,
                "page": t.page,
                "note": t.note,
                "ocr_confidence": t.conf,
            },
        )
    if not proc.turns:
        ex.warn(f"{doc.path}: no speaker turns found")

    # spaced-out digits (`1 0: 00`) must not split a time: dates and times have no spaces
    when = re.sub(r"\s+", "", v.get("datetime", "") + ("\n" + v["time"] if v.get("time") else ""))
    when = fix_date_marks(when)  # OCR's 晶 for 日, 完和 for 令和: never in a correct date
    held = parse_date(when).value if when else None
    if held is None and when and v.get("venue") and parse_date(re.sub(r"\s+", "", v["venue"])).value:
        # the 日時 and 場所 values printed under each other's labels: the date is where it is printed
        when, v["venue"] = re.sub(r"\s+", "", v["venue"]), v.get("datetime", "")
        held = parse_date(when).value
    if held is None:
        # no 日時 label (東京都: title, `平成29年11月30日(木曜)` on its own line, venue, `…開会`):
        # a line before the proceedings that is a date and nothing else
        first_turn = next((i for i, ln in enumerate(lines) if body and ln is body[0]), len(lines))
        for ln in lines[: min(first_turn + 8, 12)]:
            f = re.sub(r"\s+", "", fold(ln.text))
            if _DATE_LINE.match(f) and (d := parse_date(f).value):
                held, when = d, f
                break
    start, end = _times(when, body)
    if held is None:
        ex.warn(f"{doc.path}: meeting date not found")
    row = {
        "body": name,
        "session_no": _session_no(title, v.get("name"), *(ln.text for ln in lines[:3])),
        "title": title,
        "held_on": held,
        "start_time": start,
        "end_time": end,
        "venue": fold(v["venue"]).replace("\n", "") if v.get("venue") else None,
        "audience_count": _audience(v),
        "agenda": agenda,
        "subject": _subject(
            agenda,
            title,
            [t.text for t in proc.turns if t.group == "narrative"] + [t.note for t in proc.turns if t.note],
        ),
        "outcome": _outcome(proc.turns, proc.narrative, full_text),
        "municipality_name": None,
        "municipality_code": None,  # unless identified below
    }
    if name:
        muni = _identify_municipality(name, full_text[:2000])
        row["municipality_name"], row["municipality_code"] = muni.name, muni.code
    if row["municipality_name"] is None and (named := named_in(full_text)):
        # `情報公開・個人情報保護審査会` on a city's page: the body's name carries no place, the
        # minutes keep naming one municipality
        muni = _identify_municipality(named, full_text[:2000])
        row["municipality_name"], row["municipality_code"] = muni.name, muni.code
        ex.warn(f"{doc.path}: the body's name names no municipality; {muni.name} is the one the text names")
    ex.add("meetings", row)
    # every header row as printed, known label or not: what the meetings columns leave out
    # (公開・非公開, 問い合わせ先, 会議録署名人 …) is kept, and each value traces to its page
    seq = 0
    for block in (header, *more):
        for key, value in block.values.items():
            seq += 1
            ex.add(
                "meeting_items",
                {
                    "seq": seq,
                    "key": None if key.startswith("?") else key,
                    "label": fold(block.labels.get(key) or key.lstrip("?")),
                    "value": fold(value) or None,
                    "page": block.pages.get(key),
                    "ocr_confidence": ocr_confidence(c for ln in block.lines.get(key, []) for c in ln.chars),
                },
            )
    if held is None or not proc.turns:
        ex.status = "partial"
    return ex
