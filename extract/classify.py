"""Tell what kind of document a PDF is from its own text, never from its file name."""

from __future__ import annotations

import re

from extract.pdf import Document
from normalize.text import width_fold

ASSESSMENT_TYPES = {"基礎項目評価書": "kiso", "重点項目評価書": "juten", "全項目評価書": "zenkomoku"}

# `[令和6年10月 様式2]`, `[平成26年4月 様式4]`: the PPC prints the form revision top right
# (the month is printed by every revision found; the issue lists a 平成27年 one without it)
_FORM_LABEL = re.compile(r"((?:平成|令和)\s*(?:元|\d{1,2})\s*年(?:\s*\d{1,2}\s*月)?)\s*様\s*式\s*([2-4])")
_ASSESSMENT_TITLE = re.compile(r"特定個人情報保護評価書\s*[(（]\s*(基礎項目評価書|重点項目評価書|全項目評価書)\s*[)）]")
_MINUTES = re.compile(
    r"(議事録|会議録|議事要旨|会議要旨|議事概要|会議概要|審議概要|議事の概要|会議の概要|審議結果|会議結果|審議経過)"
)
_MINUTES_HEADER = re.compile(r"(日\s*時|開催日時|出席者|傍聴)")
# a meeting's header printed as items: at least two of these labels at the start of lines
_MEETING_ITEMS = re.compile(
    r"^[\s0-9０-９.．、()（）◇◆■□・]*(日\s*時|開催日時?|場\s*所|開催場所|会\s*場|出席者|出席委員|議\s*題|傍聴)", re.M
)
# verbatim minutes printed without any header label (東京都: title, date line, venue line,
# `午後2時05分 開会`, then `○水野部長 …` turns): a body's name in the title, and either the
# opening time on a line of its own or speaker-marked lines (○/【】/（）and a post) that recur
_BODY_TITLE = re.compile(r"(審議会|審査会|委員会|部会|協議会)")
_OPENING_LINE = re.compile(
    r"^[(（]?(?:(?:午前|午後)?[0-9０-９〇一二三四五六七八九十]{1,3}時(?:[0-9０-９〇一二三四五六七八九十]{1,3}分)?開会"
    r"|開会(?:午前|午後)?[0-9０-９〇一二三四五六七八九十]{1,3}時)"
)
_SPEAKER_MARKED = re.compile(
    r"^(?:[○◯〇●◎]|[【［<＜(（])\S{0,10}?(?:会長|委員長|委員|部会長|部長|課長|室長|係長|主査|主幹|事務局)[】］>＞)）]?"
)
_COMMENT = re.compile(r"(意見の募集|意見募集|パブリック\s*コメント|寄せられた\s*ご?意見|意見の概要)")
_COMMENT_ANSWER = re.compile(r"(考え方|回答|対応)")
# a round's result, also in prose or inside a publication notice: counts, or that none came in
_COMMENT_RESULT = re.compile(
    r"(意見募集の(?:実施)?結果|募集(?:した)?結果|(?:提出|提案)者数|意見(?:及び提案)?(?:件数|数|総数)"
    r"|意見(?:は|が)?(?:ありませんでした|ございませんでした|なかった|なし|無し|ありません)"
    r"|意見[:：]?なし|寄せられた(?:ご)?意見(?:は|の)|[0-9０-９]+(?:人|名|件)(?:から|の(?:ご)?意見))"
)


def _flat(text: str) -> str:
    # compare on folded text: radicals, full-width forms and spaced letters all match
    return re.sub(r"[ \t\u3000]+", "", width_fold(text))


def classify(doc: Document) -> tuple[str, str | None]:
    """(doc_type, form_label). doc_type is one of documents.doc_type's values.

    The title decides: it is among the first lines of page 1. Bodies quote each other
    (minutes name the 全項目評価書 under review), so the rest of the text only breaks ties.
    """
    head = _flat("\n".join(p.text for p in doc.pages[:2]))
    lines = [ln for ln in head.splitlines() if ln.strip()]
    form_label = None
    m = _FORM_LABEL.search(head)
    if m:
        form_label = f"{m.group(1)} 様式{m.group(2)}"
    for top in ("\n".join(lines[:3]), "\n".join(lines[:8])):
        m = _ASSESSMENT_TITLE.search(top)
        if m:
            return ASSESSMENT_TYPES[m.group(1)], form_label
        if _MINUTES.search(top) and (_MINUTES_HEADER.search(head) or _MINUTES.search(lines[0])):
            return "minutes", None
        if _COMMENT.search(top) and _COMMENT_ANSWER.search(head):
            return "public_comment", None
    if (
        _COMMENT.search(head)
        and _COMMENT_RESULT.search(head)
        and not _ASSESSMENT_TITLE.search("\n".join(lines[:3]))
        and not form_label
        and not (_MINUTES.search("\n".join(lines[:8])) and _MINUTES_HEADER.search(head))
    ):
        return "public_comment", None
    if len(
        set(re.sub(r"\s+", "", w) for w in _MEETING_ITEMS.findall("\n".join(lines[:40])))
    ) >= 2 and not _ASSESSMENT_TITLE.search(head):
        return "minutes", None
    if (
        _BODY_TITLE.search("\n".join(lines[:3]))
        and not _ASSESSMENT_TITLE.search(head)
        and not form_label
        and (
            any(_OPENING_LINE.match(ln) for ln in lines[:12])
            or sum(1 for ln in lines if _SPEAKER_MARKED.match(ln)) >= 3
        )
    ):
        return "minutes", None
    m = _ASSESSMENT_TITLE.search(head)
    if m and form_label:
        return ASSESSMENT_TYPES[m.group(1)], form_label
    if _MINUTES_HEADER.search(head) and re.search(r"審査会|審議会", head):
        return "minutes", None
    if m:
        return ASSESSMENT_TYPES[m.group(1)], form_label
    if form_label:
        return {"2": "kiso", "3": "juten", "4": "zenkomoku"}[form_label[-1]], form_label
    return "unknown", form_label
