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
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from extract.flow import TextLine
from extract.minutes import names
from extract.minutes.header import match_label
from extract.minutes.roles import Roster, compact, is_speakerish, speaker_group, split_title
from extract.minutes.settings import SETTINGS, MinutesSettings
from extract.pdf import ocr_confidence
from normalize.text import fold, join_wrapped


@dataclass
class Turn:
    speaker: str | None
    group: str
    section: str | None
    page: int
    lines: list[str] = field(default_factory=list)
    note: str | None = None
    heading: bool = False  # an unnumbered heading paragraph, placed by _placed_headings()
    conf: float | None = None  # extract.pdf.ocr_confidence of the lines read into the turn

    def add(self, text: str, ln: TextLine) -> None:
        self.lines.append(text)
        self.conf = lower_conf(self.conf, ocr_confidence(ln.chars))

    @property
    def text(self) -> str:
        return fold(join_wrapped("\n".join(self.lines))).strip()


def lower_conf(a: float | None, b: float | None) -> float | None:
    """The lower of two confidences, None standing for "not OCR'd" (no bound)."""
    return b if a is None else a if b is None else min(a, b)


@dataclass
class Proceedings:
    turns: list[Turn]
    narrative: dict[str | None, list[str]]  # section → lines outside any turn
    sections: list[str]


# a direction names who did what: a particle and an act (`事務局による資料確認`, `委員が退室`)
_DIRECTION = re.compile(
    r"(?:による|にて|から|が|を|より|に基づき|に基づいて)\S*(?:説明|確認|報告|休憩|再開|退室|退席|入室|入場|着席|配布|配付|朗読|紹介|挨拶|あいさつ"
    r"|中断|読み上げ|する|した|行う|行った)$"
)
_STAGE_NOUN = re.compile(r"の?(?:ご|御)?(?:あいさつ|挨拶|自己紹介|紹介|説明|報告|選出|互選|選任)")
_EXPLAINS = re.compile(r"^(.+?)(?:から)?の?(?:説明|報告|回答)$")
_NOTE = re.compile(r"^\s*([《〈≪<＜][^》〉≫>＞]*[》〉≫>＞])\s*")
_PAREN = re.compile(r"^\s*[（(]([^()（）]{1,25})[）)](\s*)(.*)$")
_MARU = re.compile(r"^\s*[○◯〇●◎]\s*(.+)$")
_KAKKO = re.compile(r"^\s*[【［\[＜<〔‹«]([^】］\]＞>〕›»]{1,25})[】］\]＞>〕›»]\s*(.*)$")
# `委員：…`, and `総務課長;…` (みよし市 prints a semicolon)
_COLON = re.compile(r"^\s*[・･]?\s*([^\s:：;；、。「」・･]{1,20})\s*[:：;；]\s*(.*)$")
# `―委嘱状の交付―`: a step of the meeting set off by dashes, a direction
_DASHED = re.compile(r"^[―─—–\-]+\s*[^―─—–\-]{1,30}?\s*[―─—–\-]+$")
# `【説明員】(運用状況について資料1にて説明)`: a turn that is only a bracketed direction
_PAREN_DIRECTION = re.compile(r"^[（(]([^()（）]+)[）)]$")
_LEAD = re.compile(r"^\s*(\S{1,20}?)\s+(.*)$")
_STEP_SPEAKER = re.compile(
    r"^(\S{0,12}(?:開会|閉会|挨拶|あいさつ|説明|報告|質疑|審議|諮問))[(（]([^()（）]{1,12})[)）]\s*(.*)$"
)
_SPACED_LABEL = re.compile(r"^\s*((?:\S[ \u3000]){1,5}\S)[ \u3000]+(\S.*)$")
_NUMBERED = re.compile(
    r"^\s*(?P<no>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})(?:[.．、]\s*|\s+)(?P<title>\S.{0,60})$"
)
# `(1)住民基本台帳事務の…について(公開審議)`, `議題 1.…`, `ア 全般について`, `第2 審議`: a marked heading
_MARKED_HEADING = re.compile(
    r"^\s*(?:議題|案件|議事)?\s*(?:[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[<＜〈][0-9０-９]{1,2}[>＞〉]|[0-9０-９]{1,2}[.．]|[0-9０-９]{1,2}\s|[ア-ン][\s.．]"
    r"|[①-⑳]|第[0-9０-９一二三四五六七八九十]{1,2}\s)\s*(?P<title>\S.*)$"
)
_SECTION_WORDS = re.compile(
    r"^(?:諮問庁(?:からの)?説明|説明|質疑応答|質疑|意見交換|審議|結論|開会|閉会|報告|議事|答申|その他|協議"
    r"|議事の経過|会議の経過|審議の経過|審議経過|議事経過|議事内容|審議内容|会議内容|議事の概要|審議の概要"
    r"|議事概要|審議概要|会議の概要|会議の結果|会議結果|審議結果|議事要旨|会議記録|主な質疑|主な意見|質疑応答等)$"
)
# `閉会 午後0時10分`, `(午前11時30分閉会)`: a time line, not words of the last speaker
_TIME_STAGE = re.compile(
    r"^[(（]?\s*(?:(?:開会|閉会|散会|終了|休憩|再開)\s*[:：]?\s*(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)\S*"
    r"|(?:午前|午後)?\s*[0-9〇一二三四五六七八九十]{1,3}\s*(?:時|:)\S*?\s*(?:開会|閉会|散会|終了|休憩|再開))\s*[)）]?$"
)
_STAGE = re.compile(r"(?:終了|開始|開会|閉会|休憩|再開|退室|退席|入室|入場|着席|散会)(?:する|した)?[。)）》]*$")
_CONCLUSION = re.compile(r"^(?:結論|答申|審議結果|まとめ)")


# a note on how the minutes were taken: `発言の要旨をメモにより要約しており…テープおこしをしたものでは`
_RECORD_NOTE = re.compile(r"要旨|要約|テープ|逐語|録音|筆記")


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
    if _STAGE_NOUN.fullmatch(_label_text(rest)):
        # `会長あいさつ`, `事務局 説明`: a step of the programme (次第), not words of the speaker
        return Parsed("heading", heading=_label_text(label + rest))
    note = None
    m = _NOTE.match(rest)
    if m:
        note, rest = m[1], rest[m.end() :]
    elif (d := _PAREN_DIRECTION.match(rest.strip())) and _DIRECTION.search(compact(d[1])):
        note, rest = rest.strip(), ""
    elif _short_direction(compact(rest)):
        # `(事務局)資料に基づき説明`: the record of what the speaker did, not words
        note, rest = rest.strip(), ""
    return Parsed("speaker", _label_text(label), rest.strip(), note)


def _short_direction(text: str) -> bool:
    """`資料に基づき説明`, `事務局から説明`: a direction written without brackets."""
    return len(text) <= 20 and "、" not in text and bool(_DIRECTION.search(text))


def classify_line(text: str, roster: Roster, agenda: list[str] | None = None, fresh: bool = False) -> Parsed:
    """What a line is. `fresh`: the line starts a paragraph (the line before ended a sentence or
    was a heading), so a label run together with its words (`(保険年金課)本日の…`) may be read."""
    t = text.strip()
    if not t:
        return Parsed("text")
    m = _STEP_SPEAKER.match(t)
    if m and is_speakerish(m[2], roster):
        # `開会(田辺次長)`, `広域連合事務局長挨拶(野本局長)`: a step of the programme and who speaks in it
        return Parsed("speaker", _label_text(m[2]), m[3].strip())
    m = _PAREN.match(t)
    if (
        m
        and compact(m[1]) in ("注意", "注", "註")
        and (_DIRECTION.search(compact(m[3])) or _RECORD_NOTE.search(compact(m[3])))
    ):
        # `(注意)報告内容について…より説明`, `(注意)以下は、…要旨を…要約しており…`: a direction or a
        # note on how the record was made, never words of a turn; kept as the note of the row that
        # follows (a `(注意)` note on the business itself stays a row of the record)
        return Parsed("stage", note=fold(t))
    if m:
        inner, gap, rest = m[1], m[2], m[3]
        if (gap or fresh or not rest or rest.startswith(("《", "〈", "≪")) or compact(inner) in roster.learned) and (
            p := _speaker(inner, rest, roster)
        ):
            return p
        if not rest and len(compact(inner)) >= 4:
            # a bracketed line of its own: a stage direction (`(事務局による資料確認)`) or a heading
            # (`(主な質疑・意見)`); never words of the open turn
            if _DIRECTION.search(compact(inner)):
                return Parsed("stage", note=fold(t))
            if re.search(r"[。．]$", inner.strip()):
                return Parsed("text")  # `(亀石会長及び松本副会長は、再選となります。)`: a sentence of the record
            return Parsed("heading", heading=fold(inner))
    m = _KAKKO.match(t)
    if m:
        p = _speaker(m[1], m[2], roster)
        if p:
            return p
        who = _EXPLAINS.match(_label_text(m[1]))
        if who and is_speakerish(who[1], roster) and _is_label(who[1], roster):
            # `<総務課の説明>` over the words: the explanation is 総務課 speaking
            p = _speaker(who[1], m[2], roster)
            if p:
                p.speaker = _label_text(m[1])
                return p
        if not m[2]:
            return Parsed("heading", heading=fold(m[1]))
    if _TIME_STAGE.match(fold(t)) or _DASHED.match(t):
        return Parsed("stage", note=fold(t))
    m = re.match(r"^[【〔［]([^】〕］]+)$", t)
    if m and re.search(r"(?:が|から|による|より)", m[1]) and not is_speakerish(m[1], roster):
        return Parsed("stage", note=fold(t))  # `【情報公開広聴課が資料1に` / `基づき説明】`: a direction wrapped
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
    if (
        m
        and (q := re.match(r"^(.+?)[(（][^()（）]{1,12}[)）]$", m[1]))
        and (p := _speaker(q[1], m[2], roster))
        and p.kind == "speaker"
    ):
        p.speaker = _label_text(m[1])  # `桑原総務課主幹(防災安全):`: the post's qualifier is part of the label
        return p
    if re.match(r"^[◆◇■□▼▽]\s*\S", t) and len(t) <= 40 and not re.search(r"[。、]", t):
        return Parsed("heading", heading=fold(t))  # `◆ 個人情報の定義`: a topic heading between turns
    if re.fullmatch(r"[《〈≪<＜][^》〉≫>＞]*[》〉≫>＞]", t):
        return Parsed("stage", note=t)
    lead = _LEAD.match(t)
    if lead and (p := _speaker(lead[1], lead[2], roster)):
        return p
    spaced = _SPACED_LABEL.match(t)
    if spaced and (p := _speaker(compact(spaced[1]), spaced[2], roster)):
        return p  # `事 務 局　本日は、…`: a letter-spaced label, then the words
    if len(t) <= 12 and roster.lookup(t) is not None and is_speakerish(t, roster):
        return Parsed("speaker", _label_text(t))  # a listed person alone on a line (named style)
    if len(t) <= 10 and re.fullmatch(r"(?:審査会|審議会)?委員|委員長|会長|事務局|司会|座長|議長", _label_text(t)):
        return Parsed("speaker", _label_text(t))
    folded = _label_text(t)
    if fresh:
        glued = roster.glued_prefix(t)
        if glued:
            return _speaker(glued[0], glued[1], roster) or Parsed("speaker", _label_text(glued[0]), glued[1])
        nt = split_title(folded)
        if (
            nt
            and not re.search(r"[0-9]", folded)
            and (
                len(folded) <= 10
                and len(nt[0]) <= 4
                # `武市情報公開課長` alone on its line: a surname, the unit and a staff post
                or len(folded) <= 12
                and nt[1] not in ("委員", "会長", "副会長", "委員長", "副委員長", "部会長")
                and names.surname_first(nt[0]) is not None
            )
        ):
            return Parsed("speaker", folded)  # `大山係長` alone on its line: a named speaker
    if _SECTION_WORDS.match(folded):
        return Parsed("heading", heading=folded)
    m = _MARKED_HEADING.match(t)
    if (
        m
        and not re.search(r"[。、，,]$", t)
        and len(folded) <= 90
        and m["title"][:1] not in "のがはをにとでも"
        and (_is_agenda_heading(m["title"], agenda) or len(folded) <= 30)
    ):
        return Parsed("heading", heading=fold(t))
    m = _NUMBERED.match(t)
    if m and not t.endswith("。") and _is_agenda_heading(m["title"], agenda):
        return Parsed("heading", heading=f"{fold(m['no'])} {fold(m['title'])}")
    if (
        len(folded) <= 20
        and "、" not in folded
        and _STAGE.search(folded)
        # (`に基づき説明` wrapped from the line above is no direction of its own)
        or _short_direction(folded)
        and folded[:1] not in "にのがはをとでもや"
    ):
        return Parsed("stage", note=folded)
    return Parsed("text")


def _narrative_rows(
    items: list[tuple[str, str | None, TextLine]],
    settings: MinutesSettings,
    right: float,
    known: Callable[[str], bool],
) -> list[Turn]:
    """The rows of minutes without speakers, from what was printed in order (text, stage and
    heading lines): the paragraphs of the text, each stage direction kept as the note of the row
    that follows it (of the last row, after the last one)."""
    rows: list[Turn] = []
    pending: list[str] = []
    chunks: list[list[tuple[str | None, TextLine]]] = [[]]
    notes: list[list[str]] = [[]]  # the notes printed before each chunk
    for kind, sec, ln in items:
        if kind == "text":
            chunks[-1].append((sec, ln))
        elif kind == "stage":
            if chunks[-1]:
                chunks.append([])
                notes.append([])
            notes[-1].append(compact(ln.text))
    for c, (chunk, before) in enumerate(zip(chunks, notes)):
        pending += before
        paras = paragraphs(chunk, settings, right)
        for k, (sec, page, texts, running, conf) in enumerate(paras):
            last = running and c == len(chunks) - 1 and k == len(paras) - 1
            row = _outside_row(sec, page, texts, last, settings, known, conf)
            if row is None:
                continue
            if pending and not row.heading:  # (a heading row is structure: _placed_headings drops it)
                row.note, pending = "".join(pending) + (row.note or ""), []
            rows.append(row)
    words = [r for r in rows if not r.heading]
    if pending and words:
        words[-1].note = (words[-1].note or "") + "".join(pending)
    return rows


def _wraps(ln: TextLine, right: float, settings: MinutesSettings) -> bool:
    """The line runs on to the next: it reaches the right edge of the text and ends no sentence."""
    return ln.bbox[2] >= right - settings.paragraph_short_line * ln.em and not _SENTENCE_END.search(ln.text.strip())


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
        cuts = [
            m.start()
            for m in _INLINE_TURN.finditer(ln.text)
            if m.start() > 0 and is_speakerish(m["label"], roster) and _is_label(m["label"], roster)
        ]
        cuts += [
            m.start()
            for m in _TRAILING_HEADING.finditer(ln.text)
            if m.start() > 0 and _SECTION_WORDS.match(_label_text(ln.text[m.start() :]))
        ]
        start = 0
        for c in sorted(set(cuts)):
            out.append(replace(ln, text=ln.text[start:c]))
            start = c
        out.append(replace(ln, text=ln.text[start:]) if start else ln)
    return out


def _is_label(label: str, roster: Roster) -> bool:
    """A role word, a department or a listed person — not just any titled-looking word."""
    s = _label_text(label)
    return (
        roster.lookup(s) is not None
        or s in Roster.ROLE_LABELS
        or speaker_group(s, roster) != "unknown"
        and (s.endswith(("課", "室", "局", "担当", "事務局", "委員", "会長", "委員長")))
    )


# line-initial speaker marks: `X：`, `（X）`, `【X】` / `＜X＞`, `○X␣`
_MARKED_LABELS = (
    ("colon", re.compile(r"^\s*[・･]?\s*([^\s:：、。「」『』・･()（）]{1,10})\s*[:：]\s*\S")),
    ("paren", re.compile(r"^\s*[（(]([^()（）、。「」]{1,10})[）)]")),
    ("kakko", re.compile(r"^\s*[【［\[＜<〔‹«]([^】］\]＞>〕›»、。「」]{1,10})[】］\]＞>〕›»]")),
    ("maru", re.compile(r"^\s*[○◯〇●◎]\s*([^\s、。「」]{1,10})(?:\s+\S|\s*$)")),
)
# marks of notes, references and headings, never of a speaker; nor the marks of a question and
# its answer (`(回答)ご理解のとおり…`): they say what the words are, not who said them
_NOT_LEARNED = re.compile(
    r"^(?:注|註|注意|参考|例|備考|資料|別紙|別添|問い合わせ|※.*|.*について|.*等|.*事項|.*関係|回答|質問|答|問|答弁|応答)$"
)


def learned_labels(lines: list[TextLine], roster: Roster, settings: MinutesSettings = SETTINGS) -> frozenset[str]:
    """Speaker labels the document teaches: a word printed at the start of lines with the same
    speaker mark at least `learned_label_min` times (`佃：…` / `佃：…`, `（山田）` over its words),
    that is no number, heading, header label or sentence. Bodies label speakers with words no
    lexicon lists (surnames alone, letters, company staff); their recurrence is what says so."""
    counts: dict[tuple[str, str], int] = {}
    for ln in lines:
        for mark, rx in _MARKED_LABELS:
            m = rx.match(ln.text)
            if m:
                w = compact(m[1])
                counts[(mark, w)] = counts.get((mark, w), 0) + 1
                break
    out = set()
    for (mark, w), n in counts.items():
        if (
            n < settings.learned_label_min
            or re.fullmatch(r"[0-9０-９一二三四五六七八九十ア-ンa-zA-Zａ-ｚＡ-Ｚ]{1,3}", w)
            and mark != "colon"
            or _NOT_LEARNED.match(w)
            or _SECTION_WORDS.match(w)
            or match_label(w)
            or re.search(r"[0-9]", w)
            and len(w) > 3
        ):
            continue
        out |= {w, compact(fold(w))}  # as printed and folded (Ａ → A), as labels are looked up
    return frozenset(out)


def _seen_labels(lines: list[TextLine], roster: Roster) -> tuple[str, ...]:
    """Department labels printed with a gap after them (`IT政策担当 そのとおり。`): where the same
    label is run together with its words elsewhere (`IT政策担当本日は…`), it is still a speaker."""
    seen = set()
    for ln in lines:
        m = _LEAD.match(ln.text)
        if (
            m
            and m[2]
            and (p := _speaker(m[1], m[2], roster))
            and p.speaker
            and len(p.speaker) >= 3
            and speaker_group(p.speaker, roster) in ("agency", "secretariat")
        ):
            seen.add(p.speaker)
    return tuple(sorted(seen))


_PARA_START = re.compile(
    r"^\s*(?:[・･●○◯◎■□◆◇※＊*\-－]|[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[0-9０-９]{1,2}[.．)）]|[①-⑳])"
)
_SENTENCE_END = re.compile(r"[。．」』)）!！?？]$")


def paragraphs(
    lines: list[tuple[str | None, TextLine]], settings: MinutesSettings = SETTINGS, right: float | None = None
) -> list[tuple[str | None, int, list[str], bool, float | None]]:
    """Narrative lines → paragraphs (section, page, lines, running, conf). A paragraph ends after a
    sentence that stops short of the right edge (`right`: of the text column), before a bullet or
    an indented first line, at a wide vertical gap, and at a new section. `running`: every line
    but the last reaches the right edge (wrapped running text, not a list of short lines); `conf`:
    extract.pdf.ocr_confidence of its lines."""
    if not lines:
        return []
    right = right if right is not None else max(ln.bbox[2] for _, ln in lines)
    out: list[tuple[str | None, int, list[str], bool, float | None]] = []
    prev: TextLine | None = None
    prev_sec = object()
    for sec, ln in lines:
        new = prev is None or sec != prev_sec
        short = False
        if prev is not None and not new:
            em = prev.em
            text = prev.text.rstrip()
            short = prev.bbox[2] < right - settings.paragraph_short_line * em
            ends = bool(_SENTENCE_END.search(text))
            # the gap from the line pitch, not from glyph boxes: horizontally scaled text (Tz:
            # condensed, letter-spaced) reports boxes shrunk by the scaling, the pitch is as printed
            gap = ln.cy - prev.cy - em if ln.page == prev.page else 0.0
            new = (
                bool(_PARA_START.match(ln.text))
                or ends
                and (short or ln.x0 > prev.x0 + 0.5 * em)
                or gap > settings.paragraph_gap * em
            )
        conf = ocr_confidence(ln.chars)
        if new:
            out.append((sec, ln.page, [ln.text], True, conf))
        else:  # the line continues the paragraph: `running` while every line but the last is full
            _, page, texts, running, before = out[-1]
            out[-1] = (sec, page, texts + [ln.text], running and not short, lower_conf(before, conf))
        prev, prev_sec = ln, sec
    return out


def split_turns(
    lines: list[TextLine],
    roster: Roster,
    agenda: list[str] | None = None,
    settings: MinutesSettings = SETTINGS,
    known: Callable[[str], bool] = lambda text: False,
) -> Proceedings:
    """`known(text)`: the words are already in the meeting row (a header line printed again in the
    body, an agenda item), so a paragraph of them that is no record needs no row of its own."""
    turns: list[Turn] = []
    narrative: dict[str | None, list[str]] = {}
    sections: list[str] = []
    section: str | None = None
    current: Turn | None = None
    fresh = True
    open_note = open_stage = open_wrap = False
    right = max((ln.bbox[2] for ln in lines), default=0.0)
    roster = Roster(roster.people, _seen_labels(lines, roster), learned_labels(lines, roster, settings))
    # lines outside turns, by the number of turns before them: ("text" | "stage" | "heading", section, line)
    between: dict[int, list[tuple[str, str | None, TextLine]]] = {}
    for ln in split_run_on(lines, roster):
        if open_wrap:  # a `(注意)…` note wrapped onto this line: it goes on to a sentence's end
            kind, sec, first = between[len(turns)][-1]
            between[len(turns)][-1] = (kind, sec, replace(first, text=first.text + fold(ln.text)))
            open_wrap = _wraps(ln, right, settings)
            continue
        if open_stage:  # a 【…】 direction wrapped onto this line
            close = re.search(r"[】〕］]", ln.text)
            open_stage = close is None
            kind, sec, first = between[len(turns)][-1]
            between[len(turns)][-1] = (
                kind,
                sec,
                replace(first, text=first.text + fold(ln.text[: close.end() if close else None])),
            )
            continue
        if open_note:  # a 《…》 note wrapped onto this line: skip to its end
            close = re.search(r"[》〉≫]", ln.text)
            open_note = close is None
            rest = ln.text[close.end() :].strip() if close else ""
            if rest and current is not None:
                current.add(rest, ln)
            continue
        p = classify_line(ln.text, roster, agenda, fresh)
        if (
            p.kind == "text"
            and current is not None
            and fresh
            and _SENTENCE_END.search(ln.text.strip())
            and is_procedure(ln.text)
        ):
            # `事務局から、資料に基づき説明を行った。` on a line of its own: the minute-taker's
            # record of a step, not words of the open turn (a note or a narrative row: below)
            current = None
        if p.kind == "speaker" and re.match(r"^[《〈≪][^》〉≫]*$", p.rest):
            p.note, p.rest, open_note = p.rest, "", True
        words = p.kind == "text" or p.kind == "speaker" and bool(p.rest)
        fresh = (
            p.kind in ("heading", "stage")
            # words that end a sentence, or stop short of the right edge (`会議のスケジュール` over
            # `(会長)パブリックコメントは…`), end their paragraph: the next line starts anew
            or words
            and (bool(re.search(r"[。？?！!」』)]$", ln.text.strip())) or not _wraps(ln, right, settings))
            # `(事務局)資料に基づき説明`: a label and its stage direction make a whole line
            or p.kind == "speaker"
            and bool(p.note)
            and not p.rest
        )
        if p.kind == "speaker":
            current = Turn(p.speaker, speaker_group(p.speaker or "", roster), section, ln.page, note=p.note)
            turns.append(current)
            if p.rest:
                current.add(p.rest, ln)
            else:  # the label's own line: a misread label makes the row doubtful too
                current.conf = ocr_confidence(ln.chars)
        elif p.kind == "heading":
            assert p.heading is not None  # classify_line gives every heading its text
            section = p.heading
            sections.append(section)
            current = None
            between.setdefault(len(turns), []).append(("heading", section, ln))
        elif p.kind == "stage":
            # the words after a stage direction are no longer the open turn's: close it; the
            # direction is kept as the note of the turn that follows
            current = None
            if _TIME_STAGE.match(fold(ln.text)):  # `閉会 午後0時10分`: the meeting's times, read into the header
                continue
            between.setdefault(len(turns), []).append(("stage", section, replace(ln, text=p.note or ln.text)))
            open_stage = bool(re.match(r"^[【〔［][^】〕］]*$", p.note or ""))
            open_wrap = bool(re.match(r"^[(（]注", p.note or "")) and _wraps(ln, right, settings)
        elif current is not None:
            current.add(ln.text, ln)
        else:
            narrative.setdefault(section, []).append(ln.text)
            between.setdefault(len(turns), []).append(("text", section, ln))
    if turns:
        turns = _with_narrative(turns, between, settings, right, agenda, known)
    if not turns:
        # minutes without speakers (議事要旨, 要点記録): every paragraph is a narrative row or a
        # heading; a stage direction or note (`(注意)…より説明`) is the note of the row after it
        turns = _narrative_rows(between.get(0, []), settings, right, known)
        narrative = {}
    turns = _placed_headings([t for t in turns if t.lines])
    return Proceedings(turns, narrative, sections)


# prose stage directions: a sentence that records a step of the meeting and says nothing of what
# was said (`資料に基づいて、生活福祉課から説明を行った。`, `事務局から説明を行った後、審議を行った。`,
# `委員の互選により、森口委員を会長に選出した。`) — the prose form of `【…が資料1に基づき説明】`
_PROCEDURE = re.compile(
    r"(?:説明|審議|質疑応答|質疑|意見交換|報告|選出|承認|了承|互選|紹介|挨拶|あいさつ|開会|閉会|確認|配付|配布)"
    r"(?:を行(?:な)?った|を行(?:な)?う|が行われた|があった|した|された|を受けた|する方向となった"
    r"|することとした|することとなった)[。.]?$"
)


# the minutes' attestation (`…証明するために、ここに署名する。`): a formula, not proceedings
_ATTESTATION = re.compile(r"(?:署名|記名押印|押印)(?:する|します|した)[。.]?$")


def _is_record(texts: list[str], last: bool, settings: MinutesSettings) -> bool:
    """A paragraph outside the turns that records proceedings: written in sentences. One without
    any sentence end is a heading, a title or a list (`審議内容(以下、概略)`, `1職員共済組合業務
    2人事評価業務 …`), except the document's last words when its running text stops mid-sentence
    (`last`: the last paragraph, and running text)."""
    flat = compact(fold("".join(texts)))
    if re.search(r"[。．!！?？]", flat):
        return True
    if _NOUN_RECORD.search(flat) or _CLAUSE_RECORD.search(flat):
        return True
    return last and ("、" in flat or len(flat) > settings.narrative_heading_chars)


# a record written without a sentence end (体言止め): `事前審査後の評価書の修正内容について説明`,
# `・主な意見は次のとおり` (introducing what follows) — a clause with its particle, then the act
_NOUN_RECORD = re.compile(r"^.{2,}?(?:について|に基づき|により|を|が|は).{0,20}?(?:説明|報告|確認|次のとおり)$")


# a clause ending in a verb, perhaps nominalised (`…の第三者点検を実施するもの`): what an item
# is about, written without a sentence end — a record, not a heading
_CLAUSE_RECORD = re.compile(
    r"^.{4,}?(?:を|が|は|に)[^、]{0,40}?(?:する|した|される|された|している|いる|ある|なる|なった|できる)(?:もの|こと)?$"
)


def is_procedure(text: str) -> bool:
    """Every sentence of `text` records a step of the meeting (説明を行った, 選出した …)."""
    sentences = [x for x in re.split(r"(?<=[。.])", compact(fold(text))) if x]
    # a step is recorded in a short sentence; a long one says what was proposed, changed and decided
    # (`前回…諮問のあった案件について、事務局から…答申案が提案され、…一部変更が加えられたのち承認された。`):
    # an account of the proceedings, kept as a narrative row
    return bool(sentences) and all(
        len(x) <= _STEP_CHARS and (_PROCEDURE.search(x) or _ATTESTATION.search(x)) for x in sentences
    )


_STEP_CHARS = 60


def _runs(items: list[tuple[str, str | None, TextLine]]) -> list[tuple[str, list[tuple[str | None, TextLine]]]]:
    """Consecutive entries of one kind: [(kind, [(section, line), …]), …]."""
    out: list[tuple[str, list[tuple[str | None, TextLine]]]] = []
    for kind, sec, ln in items:
        if out and out[-1][0] == kind == "text":
            out[-1][1].append((sec, ln))
        else:
            out.append((kind, [(sec, ln)]))
    return out


def _opens_item(heading: str, agenda: list[str] | None) -> bool:
    """`heading` begins an item of the agenda (`2 基幹系システムのクラウド化について(報告)`), not a
    part of one (`ア 審議`, `(主な質疑・意見)`). Without an agenda: a heading numbered 1, (1), 第1."""
    t = fold(heading).strip()
    body = _label_text(
        re.sub(
            r"^\s*(?:[(（]?[0-9０-９一二三四五六七八九十]{1,3}[)）.．、]?|[ア-ン][.．、\s]|[①-⑳]|第\S{1,3}[\s　])\s*",
            "",
            t,
        )
    )
    if agenda:
        for a in agenda:
            a = _label_text(a)
            if len(body) >= 4 and a and (body.startswith(a[:8]) or a.startswith(body[:8])):
                return True
        return False
    return bool(re.match(r"^\s*(?:[(（]?[0-9０-９一二三四五六七八九十]{1,3}[)）.．、\s]|第\S{1,3}[\s　])", t))


def _with_narrative(
    turns: list[Turn],
    between: dict[int, list[tuple[str, str | None, TextLine]]],
    settings: MinutesSettings,
    right: float,
    agenda: list[str] | None = None,
    known: Callable[[str], bool] = lambda text: False,
) -> list[Turn]:
    """What is printed between turns, in order: paragraphs are narrative rows (speaker NULL),
    except prose stage directions that lead into the turns and the bullets listing what such a
    step covered; those and the stage directions (`(事務局による資料確認)`) become the note of the
    turn that follows (of the last turn, after it), so their text is kept, though not as an
    utterance."""
    out: list[Turn] = []
    pending: list[str] = []
    for k in range(len(turns) + 1):
        stage = False
        runs = _runs(between.get(k, []))
        for r, (kind, items) in enumerate(runs):
            if kind != "text":
                stage = kind == "stage"
                if stage:
                    pending.append(compact(items[0][1].text))
                continue
            paras = paragraphs(items, settings, right)
            # a step record set apart from the turns by a sub-heading of its item (`…説明を行なった。`
            # / `(主な質疑・意見)` / turns) is the minute-taker's account of that part of the item: a
            # narrative row; one that leads straight into the turns (`資料に基づいて、…から説明を
            # 行った。` / `委員 …`), closes an item before the next one, or ends the record is a note
            account = k < len(turns) and any(
                kd == "heading" and not _opens_item(it[0][1].text, agenda) for kd, it in runs[r + 1 :]
            )
            for j, (sec, page, texts, running, conf) in enumerate(paras):
                text = fold(join_wrapped("\n".join(texts))).strip()
                if not account and is_procedure(text) or stage and _PARA_START.match(texts[0]):
                    pending.append(compact(text))
                    stage = True
                    continue
                stage = False
                last = running and k == len(turns) and r == len(runs) - 1 and j == len(paras) - 1
                if not _is_record(texts, last, settings) and re.match(r"^[《〈≪]", text):
                    pending.append(compact(text))  # a note cut off (`《事務局説明`): as a note
                elif row := _outside_row(sec, page, texts, last, settings, known, conf):
                    out.append(row)
        if k < len(turns):
            t = turns[k]
            if pending:
                t.note = "".join(pending) + (t.note or "")
                pending = []
            out.append(t)
    if pending and out:  # steps recorded after the last turn: the note of the last row
        out[-1].note = (out[-1].note or "") + "".join(pending)
    return out


def _outside_row(
    sec: str | None,
    page: int,
    texts: list[str],
    last: bool,
    settings: MinutesSettings,
    known: Callable[[str], bool],
    conf: float | None = None,
) -> Turn | None:
    """The row of a paragraph printed outside the turns: a record is a narrative row; words the
    meeting row already holds (`known`) get none; any other is a heading (placed by
    _placed_headings) or, a list or longer words, a narrative row — never dropped."""
    if _is_record(texts, last, settings):
        return Turn(None, "narrative", sec, page, texts, conf=conf)
    if known(fold(join_wrapped("\n".join(texts))).strip()):
        return None
    return Turn(None, "narrative", sec, page, texts, heading=_is_heading(texts, settings), conf=conf)


def _is_heading(texts: list[str], settings: MinutesSettings) -> bool:
    """A paragraph that is no record and reads as a heading: one short line, not a list
    (`審議概要`, `1審議`, `会議録(審議事項)`); a list or longer words (`廣井委員、元木委員`,
    `1職員共済組合業務 2人事評価業務 …`) are words of the record."""
    flat = compact(fold("".join(texts)))
    return (
        len(texts) == 1
        and len(flat) <= settings.narrative_heading_chars
        and "、" not in re.sub(r"[(（][^)）]*[)）]", "", flat)
    )


def _placed_headings(turns: list[Turn]) -> list[Turn]:
    """A heading paragraph outside the turns heads what follows it: it becomes the section of the
    rows after it in its section. One with no row after it before the next printed heading heads
    only headings and is structure, not words of the record."""
    printed = [t.section for t in turns]  # before any heading is placed
    out: list[Turn] = []
    for i, t in enumerate(turns):
        if not t.heading:
            out.append(t)
            continue
        for j in range(i + 1, len(turns)):
            if printed[j] != printed[i] or turns[j].heading:
                break
            turns[j].section = compact(t.text)
    return out


def is_conclusion(section: str | None) -> bool:
    return bool(section and _CONCLUSION.match(section))
