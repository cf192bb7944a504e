"""Attendance lists → one Person per name, with group and affiliation.

Seen: one cell `審査会委員 時枝会長、姜委員 保健福祉局保険年金課 世利課長、大山係長 …` (a group or
department word, then its people separated by 、), bulleted lists `・実施機関(生活福祉課)` with the
people on the next line, and one person per line. A chunk is a list of people when every item
is a name followed by a title; anything else names the group or the affiliation of what follows.
"""
from __future__ import annotations

import re

from extract.minutes.roles import Person, compact, split_title
from normalize.text import fold

_COMMITTEE_HEAD = re.compile(r"^(?:.*審査会|.*審議会)?(?:委員|出席委員)$")
_BRACKETED = re.compile(r"^(?P<head>[^()（）]*)[(（](?P<aff>[^()（）]+)[)）]$")
_AGENCY_HEAD = re.compile(r"(?:実施機関|諮問庁|所管課|担当課|説明員|説明者|関係課|出席職員)")
_SECRETARIAT_HEAD = re.compile(r"事務局")
_ITEM_SEP = re.compile(r"[、,，;；]")


def _people(chunk: str) -> list[tuple[str, str]] | None:
    items = [i for i in _ITEM_SEP.split(chunk) if i]
    out = []
    for item in items:
        nt = split_title(item)
        if nt is None:
            return None
        out.append(nt)
    return out or None


def _split_glued_head(chunk: str) -> tuple[str, str] | None:
    """"審査会委員時枝会長、姜委員" (no gap after the group word) → ("審査会委員", "時枝会長、…")."""
    m = re.match(r"^((?:.*?審査会|.*?審議会)?委員)(.+)$", chunk)
    if m and _people(m[2]):
        return m[1], m[2]
    return None


def parse_attendees(text: str, default_group: str = "committee") -> list[Person]:
    """People in an 出席者 (or 事務局) value. `default_group` applies until a heading says otherwise."""
    group, affiliation = default_group, None
    out: list[Person] = []
    if not text:
        return out
    # a list wrapped after its separator continues on the next line
    text = re.sub(r"([、,，])\s*\n\s*", r"\1", text)
    for raw in re.split(r"\s+", text):
        chunk = compact(fold(raw)).lstrip("・･●○◯-‐")
        if not chunk:
            continue
        people = _people(chunk)
        if people is None:
            glued = _split_glued_head(chunk)
            if glued:
                group, affiliation = "committee", None
                chunk, people = glued[1], _people(glued[1])
        if people is not None:
            if group == "committee" and affiliation is not None:
                group = "agency"  # a department heading after the committee's list
            for name, title in people:
                out.append(Person(group, affiliation if group != "committee" else None, name, title))
            continue
        # a heading: group word, department, or both (`実施機関(生活福祉課)`)
        m = _BRACKETED.match(chunk)
        head, aff = (m["head"], m["aff"]) if m else (chunk, None)
        if _SECRETARIAT_HEAD.search(head):
            group, affiliation = "secretariat", aff
        elif _AGENCY_HEAD.search(head):
            group, affiliation = "agency", aff
        elif _COMMITTEE_HEAD.match(head):
            group, affiliation = "committee", None
        else:  # a department name
            if group == "committee":
                group = "agency"
            affiliation = chunk
    return out
