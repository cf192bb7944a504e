"""Attendance lists → one Person per name, with group and affiliation.

Seen: one cell `審査会委員 時枝会長、姜委員 保健福祉局保険年金課 世利課長、大山係長 …` (a group or
department word, then its people separated by 、), bulleted lists `・実施機関(生活福祉課)` with the
people on the next line, and one person per line. A chunk is a list of people when every item
is a name followed by a title; anything else names the group or the affiliation of what follows.
"""
from __future__ import annotations

import re

from extract.minutes.roles import TITLES, Person, compact, split_title
from normalize.text import fold

_COMMITTEE_HEAD = re.compile(r"^(?:.*審査会|.*審議会)?(?:委員|出席委員)$")
_BRACKETED = re.compile(r"^(?P<head>[^()（）]*)[(（](?P<aff>[^()（）]+)[)）]$")
_AGENCY_HEAD = re.compile(r"(?:実施機関|諮問庁|所管課|担当課|説明員|説明者|関係課|出席職員)")
_SECRETARIAT_HEAD = re.compile(r"事務局")
_ITEM_SEP = re.compile(r"[、,，;；]")


_DEPT_END = r"(?:課|室|局|部|館|係|班|担当|センター|所|庁|事務局)"
_TITLE_RE = "|".join(map(re.escape, TITLES))
_GROUP_WORD = re.compile(r"^((?:\S*?(?:審査会|審議会))?委員)(.+)$")
_PERSON_FIRST = re.compile(rf"^(.{{1,4}}?)({_TITLE_RE})(.+)$")
_DEPT_PERSON = re.compile(rf"^(.+{_DEPT_END})(.{{1,4}}?)({_TITLE_RE})$")


def _person(item: str) -> tuple[str, str] | None:
    nt = split_title(item)
    return nt if nt and len(nt[0]) <= 5 else None


def decompose(item: str) -> list[tuple[str, ...]]:
    """One 、-separated item → [("head", text) | ("person", name, title)].

    Where a layout prints no visible gap, a group word, a person and the next department run
    together (`審査会委員時枝会長`, `重永委員保健福祉局保険年金課世利課長`); they are taken apart at
    titles and department suffixes.
    """
    if re.fullmatch(r"\S*(?:審査会|審議会|協議会)委員", item):
        return [("head", item)]  # the group word, not a person called 審査会
    p = _person(item)
    if p:
        return [("person", *p)]
    m = _GROUP_WORD.match(item)
    if m:
        rest = decompose(m[2])
        if rest and rest[0][0] == "person":
            return [("head", m[1]), *rest]
    m = _PERSON_FIRST.match(item)
    if m:
        rest = decompose(m[3])
        if rest and rest[0][0] == "head" and re.search(_DEPT_END + "$", rest[0][1]):
            return [("person", m[1], m[2]), *rest]
    m = _DEPT_PERSON.match(item)
    if m and not _BRACKETED.match(item):
        return [("head", m[1]), ("person", m[2], m[3])]
    return [("head", item)]


def _join_split_titles(text: str) -> str:
    """`…世利課` / `長、大山係長`: a line that ends inside a title continues on the next line."""
    lines = text.split("\n")
    out = [lines[0]]
    for nxt in lines[1:]:
        prev_items = _ITEM_SEP.split(re.split(r"\s+", out[-1].strip())[-1])
        head = _ITEM_SEP.split(re.split(r"\s+", nxt.strip())[0])[0]
        last = compact(fold(prev_items[-1]))
        if last and head and not _person(last) and _person(last + compact(fold(head))):
            out[-1] = out[-1].rstrip() + nxt.lstrip()
        else:
            out.append(nxt)
    return "\n".join(out)


def parse_attendees(text: str, default_group: str = "committee") -> list[Person]:
    """People in an 出席者 (or 事務局) value. `default_group` applies until a heading says otherwise."""
    group, affiliation = default_group, None
    out: list[Person] = []
    if not text:
        return out
    # a list wrapped after its separator continues on the next line
    text = re.sub(r"([、,，])\s*\n\s*", r"\1", text)
    text = _join_split_titles(text)
    for raw in re.split(r"\s+", text):
        chunk = compact(fold(raw)).lstrip("・･●○◯-‐")
        for item in _ITEM_SEP.split(chunk):
            for seg in decompose(item.lstrip("・･●○◯-‐")) if item else []:
                if seg[0] == "person":
                    out.append(Person(group, affiliation if group != "committee" else None, seg[1], seg[2]))
                    continue
                head = seg[1]
                m = _BRACKETED.match(head)
                word, aff = (m["head"], m["aff"]) if m else (head, None)
                if _SECRETARIAT_HEAD.search(word):
                    group, affiliation = "secretariat", aff
                elif _AGENCY_HEAD.search(word):
                    group, affiliation = "agency", aff
                elif _COMMITTEE_HEAD.match(word):
                    group, affiliation = "committee", None
                else:  # a department name: the agency's, unless the secretariat list is running
                    if group == "committee":
                        group = "agency"
                    affiliation = head
    return out
