"""議事録/会議録 → meetings, attendees, utterances.

The flow: document lines (page furniture removed) → header rows (header.py) → attendance
list (attendees.py) → speaker turns (turns.py) → one meetings row plus rows per person and turn.
"""
from __future__ import annotations

import re
from collections import Counter

from extract.flow import TextLine, document_lines
from extract.minutes.attendees import parse_attendees
from extract.minutes.header import Header, parse_header
from extract.minutes.roles import Roster
from extract.minutes.turns import classify_line, is_conclusion, split_turns
from extract.pdf import Document, gc_paused
from extract.result import Extraction
from normalize.kanji_numerals import ordinal, parse_int
from normalize.text import close_digit_gaps, fold, join_wrapped
from normalize.wareki import parse_date, parse_time_range

try:  # being written concurrently; the body's municipality is optional information
    from normalize.municipality import identify as _identify_municipality
except ImportError:  # pragma: no cover
    _identify_municipality = None

_BODY = re.compile(r"([一-龥ヶ]{1,12}?[都道府県市区町村](?:[一-龥・]{0,16}?)(?:審査会|審議会))")
_SUBJECT = re.compile(r"([^\s、。「」『』()（）]{2,40}?事務)(?:に係る|についての|における|の特定個人情報|について|の全項目|の重点項目|の基礎項目)")
_AGENDA_NO = re.compile(r"^\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[(（][0-9０-９]{1,2}[)）]|[①-⑳])(?:[.．、)）]\s*|\s+)")
# `1国民健康保険…`: an item number with no visible gap, not a quantity (1件, 1年)
_AGENDA_NO_GLUED = re.compile(r"^\s*[0-9]{1,2}(?=[^\s0-9年月日回件人名号条項.,:%])")
_OUTCOME_QUOTE = re.compile(r"答申の方向性(?:は|として)?[、,]?\s*「(.+?)」")


def _lines_text(lines: list[TextLine]) -> str:
    return fold(join_wrapped("\n".join(ln.text for ln in lines)))


def _agenda(value: str | None) -> list[str]:
    if not value:
        return []
    items: list[str] = []
    for line in value.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = _AGENDA_NO.match(line) or _AGENDA_NO_GLUED.match(line)
        if m or not items:
            items.append(line[m.end():] if m else line)
        else:
            items[-1] += "\n" + line  # a wrapped item
    return [fold(join_wrapped(i)).replace("\n", "") for i in items if fold(i)]


def _audience(values: dict[str, str]) -> int | None:
    v = values.get("audience")
    if v is not None:
        f = fold(v)
        if re.search(r"なし|無し|いない|0", f) and parse_int(f) in (None, 0):
            return 0
        n = parse_int(f)
        if n is not None:
            return n
    for key in ("other", "summary"):
        f = fold(values.get(key) or "")
        m = re.search(r"傍聴(?:人|者)?(?:は)?\s*(なし|無し|いない|[0-9]+)", f)
        if m:
            return 0 if not m[1].isdigit() else int(m[1])
    return None


def _body(values: dict[str, str], text: str) -> str | None:
    if values.get("name"):
        return fold(values["name"]).replace("\n", "")
    found = Counter(_BODY.findall(fold(text).replace("\n", "")))
    return found.most_common(1)[0][0] if found else None


def _session_no(title: str | None) -> int | None:
    t = re.sub(r"\s+", "", close_digit_gaps(title or ""))  # `第2 2 回`: letter-spaced digits
    return ordinal(t) if re.search(r"第\S{1,4}回", t) else None


def _subject(agenda: list[str], title: str | None) -> str | None:
    for s in [*agenda, title or ""]:
        m = _SUBJECT.search(s)
        if m:
            return m[1]
    return None


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
    return bracketed or bool(re.search(r"[。？?]$", p.rest))


@gc_paused()
def extract_minutes(doc: Document) -> Extraction:
    ex = Extraction(doc_type="minutes")
    lines = document_lines(doc)
    if not lines:
        ex.status = "partial"
        ex.warn(f"{doc.path}: no text lines")
        return ex
    empty = Roster([])
    header: Header = parse_header(lines, {p.number: p for p in doc.pages[:3]}, lambda ln: _starts_body(ln, empty))
    v = header.values
    if not v:
        ex.warn(f"{doc.path}: no header table (日時/出席者 …) recognised")
    title = _lines_text(header.title_lines).replace("\n", "") or None
    ex.title = title

    people = parse_attendees(v.get("attendees", ""), "committee")
    people += parse_attendees(v.get("secretariat", ""), "secretariat")
    roster = Roster(people)
    for p in people:
        ex.add("attendees", {"group": p.group, "affiliation": p.affiliation, "name": p.name, "title": p.title})

    agenda = _agenda(v.get("agenda"))
    proc = split_turns(lines[header.end:], roster, agenda)
    for i, t in enumerate(proc.turns, 1):
        ex.add("utterances", {"seq": i, "section": t.section, "speaker": t.speaker,
                              "speaker_group": t.group, "text": t.text, "page": t.page})
    if not proc.turns:
        ex.warn(f"{doc.path}: no speaker turns found")

    full_text = fold("\n".join(ln.text for ln in lines)).replace("\n", "")
    # spaced-out digits (`1 0: 00`) must not split a time: dates and times have no spaces
    when = re.sub(r"\s+", "", v.get("datetime", ""))
    held = parse_date(when).value if when else None
    start, end = parse_time_range(fold(when)) if when else (None, None)
    if held is None:
        ex.warn(f"{doc.path}: meeting date not found")
    body = _body(v, full_text)
    row = {
        "body": body,
        "session_no": _session_no(title),
        "title": title,
        "held_on": held, "start_time": start, "end_time": end,
        "venue": fold(v["venue"]).replace("\n", "") if v.get("venue") else None,
        "audience_count": _audience(v),
        "agenda": agenda,
        "subject": _subject(agenda, title),
        "outcome": _outcome(proc.turns, proc.narrative, full_text),
    }
    if body and _identify_municipality is not None:
        muni = _identify_municipality(body, full_text[:2000])
        row["municipality_name"], row["municipality_code"] = muni.name, muni.code
    ex.add("meetings", row)
    if held is None or not proc.turns:
        ex.status = "partial"
    return ex
