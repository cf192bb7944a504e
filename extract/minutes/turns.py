"""The proceedings as speaker turns.

Each line is one of: a speaker label (with or without words after it), a section heading,
a stage direction (`意見聴取終了`, `《…が説明》`), or words that continue the open turn.
Speaker conventions, all recognised by text:

    （審査会委員）            own line, words below       paren
    (保険年金課) これまでは…   inline after a gap          paren
    委員　　システムとは…      label, gap, words           lead
    ○委員 / ○委員 words       maru
    委員：words               colon
    【委員】words             kakko
    時枝会長                  a listed person's name+title on its own line   named

Words between a heading and the first speaker of its section (`資料に基づいて…説明を行った。`)
are narrative, not a turn; so is a conclusion section without a speaker, which becomes the
meeting's outcome. When a document has no speaker labels at all, its paragraphs become turns
of an unknown speaker, so no text is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extract.flow import TextLine
from extract.minutes.roles import Roster, compact, is_speakerish, speaker_group, split_title
from extract.minutes.settings import SETTINGS, MinutesSettings
from normalize.text import fold, join_wrapped


@dataclass
class Turn:
    speaker: str | None
    group: str
    section: str | None
    page: int
    lines: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def text(self) -> str:
        return fold(join_wrapped("\n".join(self.lines))).strip()


@dataclass
class Proceedings:
    turns: list[Turn]
    narrative: dict[str | None, list[str]]  # section → lines outside any turn
    sections: list[str]


_NOTE = re.compile(r"^\s*([《〈≪<＜][^》〉≫>＞]*[》〉≫>＞])\s*")
_PAREN = re.compile(r"^\s*[（(]([^()（）]{1,25})[）)](\s*)(.*)$")
_MARU = re.compile(r"^\s*[○◯〇●◎]\s*(.+)$")
_KAKKO = re.compile(r"^\s*[【［\[＜<〔]([^】］\]＞>〕]{1,25})[】］\]＞>〕]\s*(.*)$")
_COLON = re.compile(r"^\s*[・･]?\s*([^\s:：、。「」・･]{1,20})\s*[:：]\s*(.*)$")
_LEAD = re.compile(r"^\s*(\S{1,20}?)\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(?P<no>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})(?:[.．、]\s*|\s+)(?P<title>\S.{0,60})$")
# `(1)住民基本台帳事務の…について(公開審議)`, `議題 1.…`, `ア 全般について`, `第2 審議`: a marked heading
_MARKED_HEADING = re.compile(r"^\s*(?:議題|案件|議事)?\s*(?:[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[0-9０-９]{1,2}[.．]|[0-9０-９]{1,2}\s|[ア-ン][\s.．]"
                             r"|[①-⑳]|第[0-9０-９一二三四五六七八九十]{1,2}\s)\s*(?P<title>\S.*)$")
_SECTION_WORDS = re.compile(r"^(?:諮問庁(?:からの)?説明|説明|質疑応答|質疑|意見交換|審議|結論|開会|閉会|報告|議事|答申|その他|協議"
                            r"|議事の経過|会議の経過|審議の経過|審議経過|議事経過|議事内容|審議内容|会議内容|議事の概要|審議の概要"
                            r"|議事概要|会議の概要|会議の結果|会議結果|審議結果|議事要旨|会議記録|主な質疑|主な意見|質疑応答等)$")
# `閉会 午後0時10分`, `(午前11時30分閉会)`: a time line, not words of the last speaker
_TIME_STAGE = re.compile(r"^[(（]?\s*(?:(?:開会|閉会|散会|終了|休憩|再開)\s*[:：]?\s*(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)\S*"
                         r"|(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)\S*?\s*(?:開会|閉会|散会|終了|休憩|再開))\s*[)）]?$")
_STAGE = re.compile(r"(?:終了|開始|開会|閉会|休憩|再開|退室|退席|入室|入場|着席|散会)(?:する|した)?[。)）》]*$")
_CONCLUSION = re.compile(r"^(?:結論|答申|審議結果|まとめ)")


def _label_text(s: str) -> str:
    return compact(fold(s))


@dataclass
class Parsed:
    kind: str  # speaker | heading | stage | text
    speaker: str | None = None
    rest: str = ""
    note: str | None = None
    heading: str | None = None


def _speaker(label: str, rest: str, roster: Roster) -> Parsed | None:
    if not is_speakerish(label, roster):
        return None
    note = None
    m = _NOTE.match(rest)
    if m:
        note, rest = m[1], rest[m.end():]
    return Parsed("speaker", _label_text(label), rest.strip(), note)


def classify_line(text: str, roster: Roster, agenda: list[str] | None = None, fresh: bool = False) -> Parsed:
    """What a line is. `fresh`: the line starts a paragraph (the line before ended a sentence or
    was a heading), so a label run together with its words (`(保険年金課)本日の…`) may be read."""
    t = text.strip()
    if not t:
        return Parsed("text")
    m = _PAREN.match(t)
    if m:
        inner, gap, rest = m[1], m[2], m[3]
        if (gap or fresh or not rest or rest.startswith(("《", "〈", "≪"))) and (p := _speaker(inner, rest, roster)):
            return p
    m = _KAKKO.match(t)
    if m:
        p = _speaker(m[1], m[2], roster)
        if p:
            return p
        if not m[2]:
            return Parsed("heading", heading=fold(m[1]))
    if _TIME_STAGE.match(fold(t)):
        return Parsed("stage", note=fold(t))
    m = _MARU.match(t)
    if m:
        body = m[1].strip()
        nm = re.search(r"[《〈≪][^》〉≫]*[》〉≫]?$", body)
        if nm and nm.start() > 0 and is_speakerish(body[: nm.start()], roster):  # `○健康保険課長《資料により説明》`
            return Parsed("speaker", _label_text(body[: nm.start()]), "", nm[0])
        if is_speakerish(body, roster):
            return Parsed("speaker", _label_text(body))
        lead = _LEAD.match(body)
        if lead and (p := _speaker(lead[1], lead[2], roster)):
            return p
        glued = roster.glued_prefix(body)  # ○ marks a speaker even with no gap after the label
        if glued:
            return Parsed("speaker", _label_text(glued[0]), glued[1].strip())
        if len(body) <= 40 and not body.endswith("。"):
            return Parsed("heading", heading=fold(body))
    m = _COLON.match(t)
    if m and (p := _speaker(m[1], m[2], roster)):
        return p
    if re.fullmatch(r"[《〈≪<＜][^》〉≫>＞]*[》〉≫>＞]", t):
        return Parsed("stage", note=t)
    lead = _LEAD.match(t)
    if lead and (p := _speaker(lead[1], lead[2], roster)):
        return p
    if len(t) <= 12 and roster.lookup(t) is not None and is_speakerish(t, roster):
        return Parsed("speaker", _label_text(t))  # a listed person alone on a line (named style)
    if len(t) <= 10 and re.fullmatch(r"(?:審査会|審議会)?委員|委員長|会長|事務局", _label_text(t)):
        return Parsed("speaker", _label_text(t))
    folded = _label_text(t)
    if fresh:
        glued = roster.glued_prefix(t)
        if glued:
            return _speaker(glued[0], glued[1], roster) or Parsed("speaker", _label_text(glued[0]), glued[1])
        nt = split_title(folded)
        if nt and len(folded) <= 10 and len(nt[0]) <= 4 and not re.search(r"[0-9]", folded):
            return Parsed("speaker", folded)  # `大山係長` alone on its line: a named speaker
    if _SECTION_WORDS.match(folded):
        return Parsed("heading", heading=folded)
    m = _MARKED_HEADING.match(t)
    if m and not re.search(r"[。、，,]$", t) and len(folded) <= 90 and m["title"][:1] not in "のがはをにとでも" and (
            _is_agenda_heading(m["title"], agenda) or len(folded) <= 30):
        return Parsed("heading", heading=fold(t))
    m = _NUMBERED.match(t)
    if m and not t.endswith("。") and _is_agenda_heading(m["title"], agenda):
        return Parsed("heading", heading=f"{fold(m['no'])} {fold(m['title'])}")
    if len(folded) <= 20 and _STAGE.search(folded) and "、" not in folded:
        return Parsed("stage", note=folded)
    return Parsed("text")


def _is_agenda_heading(title: str, agenda: list[str] | None) -> bool:
    f = _label_text(title)
    if agenda:
        for a in agenda:
            a = _label_text(a)
            if a and (f.startswith(a[:8]) or a.startswith(f[:8])):
                return True
    return bool(re.search(r"(?:について|の件|報告|その他.*|審議|事項)(?:[(（][^()（）]*[)）])*$", f))


# `…必要となってくる。委員 契約書は…`: a producer that re-flows text may run a turn on into the
# last line of the one before; a sentence end, a speaker label and a visible gap start a new one
_INLINE_TURN = re.compile(r"(?<=[。？?！!])\s*(?=(?P<label>[^\s。、，,「」()（）]{1,12})\s+\S)")
# `…説明を終了する。質疑応答`: a section heading run on after the last sentence
_TRAILING_HEADING = re.compile(r"(?<=[。？?！!])\s*(?=\S{2,8}$)")


def split_run_on(lines: list[TextLine], roster: Roster) -> list[TextLine]:
    """Lines cut where a new turn or a section heading was run on after a sentence end."""
    out: list[TextLine] = []
    for ln in lines:
        cuts = [m.start() for m in _INLINE_TURN.finditer(ln.text)
                if m.start() > 0 and is_speakerish(m["label"], roster) and _is_label(m["label"], roster)]
        cuts += [m.start() for m in _TRAILING_HEADING.finditer(ln.text)
                 if m.start() > 0 and _SECTION_WORDS.match(_label_text(ln.text[m.start():]))]
        start = 0
        for c in sorted(set(cuts)):
            out.append(replace(ln, text=ln.text[start:c]))
            start = c
        out.append(replace(ln, text=ln.text[start:]) if start else ln)
    return out


def _is_label(label: str, roster: Roster) -> bool:
    """A role word, a department or a listed person — not just any titled-looking word."""
    s = _label_text(label)
    return roster.lookup(s) is not None or s in Roster.ROLE_LABELS or speaker_group(s, roster) != "unknown" and (
        s.endswith(("課", "室", "局", "担当", "事務局", "委員", "会長", "委員長")))


def _seen_labels(lines: list[TextLine], roster: Roster) -> tuple[str, ...]:
    """Department labels printed with a gap after them (`IT政策担当 そのとおり。`): where the same
    label is run together with its words elsewhere (`IT政策担当本日は…`), it is still a speaker."""
    seen = set()
    for ln in lines:
        m = _LEAD.match(ln.text)
        if m and m[2] and (p := _speaker(m[1], m[2], roster)) and p.speaker and len(p.speaker) >= 3 \
                and speaker_group(p.speaker, roster) in ("agency", "secretariat"):
            seen.add(p.speaker)
    return tuple(sorted(seen))


_PARA_START = re.compile(r"^\s*(?:[・･●○◯◎■□◆◇※＊*\-－]|[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[0-9０-９]{1,2}[.．)）]|[①-⑳])")
_SENTENCE_END = re.compile(r"[。．」』)）!！?？]$")


def paragraphs(lines: list[tuple[str | None, TextLine]], settings: MinutesSettings = SETTINGS
               ) -> list[tuple[str | None, int, list[str]]]:
    """Narrative lines → paragraphs (section, page, lines). A paragraph ends after a sentence that
    stops short of the right edge, before a bullet or an indented first line, at a wide vertical
    gap, and at a new section."""
    if not lines:
        return []
    right = max(ln.bbox[2] for _, ln in lines)
    out: list[tuple[str | None, int, list[str]]] = []
    prev: TextLine | None = None
    prev_sec = object()
    for sec, ln in lines:
        new = prev is None or sec != prev_sec
        if not new:
            em = max((c.size for c in prev.chars), default=10.5)
            text = prev.text.rstrip()
            short = prev.bbox[2] < right - settings.paragraph_short_line * em
            ends = bool(_SENTENCE_END.search(text))
            gap = ln.bbox[1] - prev.bbox[3] if ln.page == prev.page else 0.0
            new = bool(_PARA_START.match(ln.text)) or ends and (short or ln.x0 > prev.x0 + 0.5 * em) \
                or gap > settings.paragraph_gap * em
        if new:
            out.append((sec, ln.page, [ln.text]))
        else:
            out[-1][2].append(ln.text)
        prev, prev_sec = ln, sec
    return out


def split_turns(lines: list[TextLine], roster: Roster, agenda: list[str] | None = None,
                settings: MinutesSettings = SETTINGS) -> Proceedings:
    turns: list[Turn] = []
    narrative: dict[str | None, list[str]] = {}
    narrative_lines: list[tuple[str | None, TextLine]] = []  # in order, for paragraphs
    sections: list[str] = []
    section: str | None = None
    current: Turn | None = None
    fresh = True
    open_note = False
    roster = Roster(roster.people, _seen_labels(lines, roster))
    for ln in split_run_on(lines, roster):
        if open_note:  # a 《…》 note wrapped onto this line: skip to its end
            close = re.search(r"[》〉≫]", ln.text)
            open_note = close is None
            rest = ln.text[close.end():].strip() if close else ""
            if rest and current is not None:
                current.lines.append(rest)
            continue
        p = classify_line(ln.text, roster, agenda, fresh)
        if p.kind == "speaker" and re.match(r"^[《〈≪][^》〉≫]*$", p.rest):
            p.note, p.rest, open_note = p.rest, "", True
        fresh = p.kind in ("heading", "stage") or (p.kind != "speaker" or bool(p.rest)) and bool(
            re.search(r"[。？?！!」』)]$", ln.text.strip()))
        if p.kind == "speaker":
            current = Turn(p.speaker, speaker_group(p.speaker or "", roster), section, ln.page, note=p.note)
            turns.append(current)
            if p.rest:
                current.lines.append(p.rest)
        elif p.kind == "heading":
            section = p.heading
            sections.append(section)
            current = None
        elif p.kind == "stage":
            current = None if current is None or not current.lines else current
            # a stage direction ends the turn only in the sense that no words follow it;
            # the next words belong to the next speaker, so close it
            current = None
        elif current is not None:
            current.lines.append(ln.text)
        else:
            narrative.setdefault(section, []).append(ln.text)
            narrative_lines.append((section, ln))
    if not turns:
        # minutes without speakers (議事要旨, 要点記録): every paragraph is a narrative row
        # a one-line "paragraph" that is no sentence (`会議録(審議事項)`, `「…について」`, `別紙のとおり`)
        # is a heading or a pointer, not a record of what was said
        turns = [Turn(None, "narrative", sec, page, texts) for sec, page, texts in paragraphs(narrative_lines, settings)
                 if len(texts) > 1 or re.search(r"[。．!！?？、，]", texts[0])
                 or len(compact(texts[0])) > settings.narrative_heading_chars]
        narrative = {}
    turns = [t for t in turns if t.lines]
    return Proceedings(turns, narrative, sections)


def is_conclusion(section: str | None) -> bool:
    return bool(section and _CONCLUSION.match(section))
