"""Who is who in a meeting: official titles, speaker labels and the group they belong to.

Minutes print speakers as a role (委員, 事務局), a department (保険年金課, ＩＴ政策担当) or a name
with a title (時枝会長). The group follows from the words of the label, refined by the
attendance list when the label names a listed person or department.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.minutes import names

# Longest first, so 総括主査 wins over 主査 and 課長補佐 over 補佐.
TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            "会長",
            "副会長",
            "会長代理",
            "委員長",
            "副委員長",
            "委員",
            "議長",
            "部会長",
            "課長",
            "課長補佐",
            "課長代理",
            "担当課長",
            "係長",
            "担当係長",
            "主査",
            "総括主査",
            "主任",
            "主事",
            "主任主事",
            "主事補",
            "主査補",
            "技師補",
            "係長代理",
            "主幹",
            "副主幹",
            "副主査",
            "副主任",
            "副係長",
            "参事",
            "副参事",
            "館長",
            "副館長",
            "室長",
            "副室長",
            "部長",
            "副部長",
            "局長",
            "副局長",
            "次長",
            "所長",
            "センター長",
            "専門員",
            "専門官",
            "主任専門員",
            "技師",
            "主任技師",
            "係員",
            "職員",
            "調整監",
            "審議監",
            "理事",
            "補佐",
            "事務員",
            "事務職員",
            "書記",
            "統括",
            "班長",
            "担当",
            "管理監",
            "監",
            "首席",
            "副課長",
            "主任主査",
            "参与",
            "副所長",
            "所長補佐",
            "室長補佐",
            "統括リーダー",
            "担当リーダー",
            "リーダー",
            "課長補佐兼係長",
            "係長兼主査",
            "副理事",
            "事務局長",
            "事務局次長",
            "研究員",
            "主任研究員",
            "指導主事",
            "スタッフ",
            # the ranks of a municipal fire service's staff (`坂本 同消防士長`)
            "消防司令長",
            "消防司令",
            "消防司令補",
            "消防士長",
            "技監",
            "副市長",
            "副知事",
            "副区長",
            "副町長",
            "副村長",
            "知事",
            "市長",
            "区長",
            "町長",
            "村長",
            "教育長",
            "本部長",
            # national bodies, boards of education, health offices and outside members (batch 3:
            # 内閣官房 専門委員会, 大阪市教育委員会, 保健所)
            "座長",
            "座長代理",
            "委員長代理",
            "審議官",
            "内閣審議官",
            "首席指導主事",
            "総括指導主事",
            "保健主幹",
            "部長代理",
            "常務理事",
            "取締役",
            "顧問",
            "幹事",
        },
        key=len,
        reverse=True,
    )
)

CHAIR_TITLES = ("会長", "委員長", "議長", "部会長", "座長")
COMMITTEE_TITLES = ("委員", "副会長", "副委員長", "会長代理", "座長代理")

# A label that is a department or a role: what a speaker can be without a personal name.
_DEPT_SUFFIX = re.compile(r"(?:課|室|局|部|係|班|担当|センター|所|館|庁|グループ|チーム|機関|事務局)$")
# the executive (`市長`, `浅野知事`): speaks for the body under review
_EXECUTIVE = r"(?:市長|町長|村長|区長|知事|教育長|大臣)"
_ROLE_WORDS = re.compile(
    r"(?:審査会委員|審議会委員|委員|会長|副会長|委員長|議長|座長|事務局(?:長|員|職員)?|諮問庁|実施機関|説明員|説明者|司会"
    rf"|{_EXECUTIVE})$"
)
# a role word and a surname: `事務局鈴木`, `事務局 佐藤`
_ROLE_AND_NAME = re.compile(r"^(事務局|委員|説明者|説明員|実施機関|諮問庁)([一-龥々ヶ]{1,4})$")
_NOT_SPEAKER = re.compile(
    r"[、。,，「」『』:：…]|^[0-9０-９一二三四五六七八九十]+$|について|に関する|に係る|別添|別紙|資料|報告|審議$|説明$"
)


# after a role word these characters continue the word or the sentence (委員会, 委員の, 課長が)
_CONTINUES_WORD = frozenset("のがはにをともでへや会長等及・、。)）」』らかよ")


@dataclass(frozen=True)
class Person:
    group: str  # committee | agency | secretariat
    affiliation: str | None
    name: str | None  # None: a counted group (`課長ほか6名`)
    title: str | None
    headcount: int | None = None  # people the row stands for when printed as a count


# TITLES by length, longest first: two titles of one length cannot both end an item, so the
# first title of TITLES that ends it is its ending of the longest length in the set
_TITLE_SETS: tuple[tuple[int, frozenset[str]], ...] = tuple(
    (n, frozenset(t for t in TITLES if len(t) == n)) for n in sorted({len(t) for t in TITLES}, reverse=True)
)


def split_title(item: str) -> tuple[str, str] | None:
    """ "時枝会長" → ("時枝", "会長"); None when no title ends the item or no name precedes it."""
    size = len(item)
    for n, titles in _TITLE_SETS:
        if 1 <= size - n <= 6 and item[-n:] in titles:
            return item[:-n], item[-n:]
    return None


def compact(s: str) -> str:
    # called for every candidate label of every line: str.split() splits on the same
    # characters as the regex's \s (str.isspace), at a fraction of the cost
    return "".join(s.split())


# anonymised speakers: 委員A, Ａ委員, 委員1, 甲委員 — the letter says who, the role word what
_DESIGNATOR = re.compile(
    r"^([A-Za-zＡ-Ｚａ-ｚ0-9０-９甲乙丙丁戊①-⑳]{1,2})(?=\S)|(?<=\S)([A-Za-zＡ-Ｚａ-ｚ0-9０-９甲乙丙丁戊①-⑳]{1,2})$"
)


def _role_part(s: str) -> str:
    """`委員A` → `委員`, `Ａ委員` → `委員`: the label without an anonymising letter or number."""
    t = _DESIGNATOR.sub("", s)
    return t if t and t != s and _ROLE_WORDS.search(t) else s


def is_speakerish(label: str, roster: "Roster | None" = None) -> bool:
    """Could this short text be a speaker label? (a role, a department, a titled name)"""
    s = _role_part(compact(label))
    if roster is not None and compact(label) in roster.learned:
        return True
    if not 1 <= len(s) <= 25 or _NOT_SPEAKER.search(s):
        return False
    if roster is not None and roster.lookup(s) is not None:
        return True
    if _ROLE_WORDS.search(s) or _DEPT_SUFFIX.search(s):
        return True
    if _ROLE_AND_NAME.match(s) and names.is_name(_ROLE_AND_NAME.match(s)[2]):  # type: ignore[index]
        return True  # `【事務局鈴木】`: the role and the speaker's surname
    lead = names.leading_proper(s) if len(s) <= 20 else None
    if lead and any(lead[1].endswith(t) for t in TITLES):
        return True  # `【竹島内閣内政審議室長】`: a surname, the unit and the post
    return split_title(s) is not None and len(s) <= 10


@lru_cache(maxsize=4096)
def _posts_of(title: str | None) -> frozenset[str]:
    """The forms a speaker label may take of a title: `参事兼情報政策課長` → itself, 参事,
    情報政策課長 and 課長; `副参事(情報政策担当)` → itself and 副参事.

    Cached: Roster.lookup asks it for every listed person on every candidate speaker label
    (most of a minutes document's extraction time, measured), and it depends on the title
    alone (TITLES is a constant). Callers only test membership or stop at the first match
    whose result does not depend on which post matched, so the set's order is irrelevant."""
    if not title:
        return frozenset({""})
    t = compact(title)
    out = {t}
    for part in re.split(r"兼", re.sub(r"[(（][^()（）]*[)）]", "", t)):
        if part:
            out.add(part)
            # a unit's post (情報政策課長 → 課長), not a rank's modifier (副参事 is no 参事)
            out |= {w for w in TITLES if part.endswith(w) and len(part) - len(w) >= 2}
    return frozenset(out)


@lru_cache(maxsize=4096)
def _label_forms(name: str, title: str | None, group: str | None) -> frozenset[str]:
    """The speaker labels that name a listed person: the full name or the surname, alone or
    with a post of the title (a committee member's surname also with 委員). Cached like
    _posts_of: pure in the three strings, and asked for every person on every lookup."""
    full = compact(name)
    surname = name.split()[0] if " " in name else None
    posts = _posts_of(title)
    forms = {full} | {full + t for t in posts}
    if surname:
        forms |= {surname + t for t in posts} | ({surname + "委員"} if group == "committee" else set())
    return frozenset(forms)


class Roster:
    """The attendance list, for telling which group a named speaker or department belongs to."""

    def __init__(self, people: list[Person], labels: tuple[str, ...] = (), learned: frozenset[str] = frozenset()):
        self.people = people
        self.labels = labels  # speaker labels seen elsewhere in the document with a gap after them
        # labels the document itself uses for its speakers (line-initial, recurring with the same
        # mark: `佃：`, `（山田）`, `○Ａ`), whatever word they are
        self.learned = learned
        # lookup() and prefixes() are asked for every candidate label of every line; both
        # depend only on the people and the labels. Kept with the number of people they were
        # computed for, so a list extended later is looked up afresh.
        self._found: dict[str, str | None] = {}
        self._prefixes: list[str] | None = None
        self._counted = len(people)

    def _current(self) -> None:
        if self._counted != len(self.people):
            self._found.clear()
            self._prefixes = None
            self._counted = len(self.people)

    ROLE_LABELS = ("審査会委員", "審議会委員", "委員長", "副委員長", "副会長", "会長", "委員", "事務局")

    def prefixes(self) -> list[str]:
        """Labels a speaker line may start with when no gap follows the label, longest first:
        listed people (時枝会長), their departments' short names (保険年金課 of 保健福祉局保険年金課)
        and the role words."""
        self._current()
        if self._prefixes is None:
            self._prefixes = self._make_prefixes()
        return self._prefixes

    def _make_prefixes(self) -> list[str]:
        out = set(self.ROLE_LABELS) | set(self.labels)
        for p in self.people:
            if p.title and p.name:
                out.add(compact(p.name) + p.title)
                if " " in p.name:  # `山田 太郎` speaks as 山田会長
                    out.add(p.name.split()[0] + p.title)
            if p.affiliation:
                parts = re.split(r"(?<=[局部室])", p.affiliation)
                for i in range(len(parts)):
                    tail = "".join(parts[i:])
                    if len(tail) >= 2:
                        out.add(tail)
        return sorted(out, key=len, reverse=True)

    def glued_prefix(self, text: str) -> tuple[str, str] | None:
        """(label, words) when `text` starts with a known label run together with the words."""
        t = text.strip()
        for p in self.prefixes():
            if t.startswith(p) and len(t) > len(p) + 1 and t[len(p)] not in _CONTINUES_WORD:
                return p, t[len(p) :]
        return None

    def lookup(self, label: str) -> str | None:
        s = compact(label)
        self._current()
        try:
            return self._found[s]
        except KeyError:
            found = self._found[s] = self._lookup(s)
            return found

    def _lookup(self, s: str) -> str | None:
        for p in self.people:
            if not p.name:
                continue
            if s in _label_forms(p.name, p.title, p.group):
                return "chair" if p.title in CHAIR_TITLES and p.group == "committee" else p.group
        # a listed person's surname alone (`山田：`, `（山田）`), when no one else listed bears it
        holders = [p for p in self.people if p.name and " " in p.name and p.name.split()[0] == s]
        if len(holders) == 1:
            p = holders[0]
            return "chair" if p.title in CHAIR_TITLES and p.group == "committee" else p.group
        # a listed person's surname with another post they hold (`小川副室長` of `小川登美夫 内閣審議官`):
        # the dictionary's surname of the one listed name it begins
        nt = split_title(s)
        if nt and nt[1] not in COMMITTEE_TITLES and nt[1] not in CHAIR_TITLES:
            holders = [p for p in self.people if p.name and p.group != "committee" and _surname(p.name) == nt[0]]
            if len(holders) == 1:
                return holders[0].group
        # `竹島内閣内政審議室長` of `竹島 (内閣内政審議室, 室長)`: the surname, then the unit and post
        lead = names.leading_proper(s)
        if lead:
            holders = [
                p
                for p in self.people
                if p.name
                and p.name.startswith(lead[0])
                and p.title
                and any(f.endswith(lead[1]) for f in _unit_posts(p.affiliation, p.title))
            ]
            if len({p.group for p in holders}) == 1:
                p = holders[0]
                return "chair" if p.title in CHAIR_TITLES and p.group == "committee" else p.group
        # `総務課長` of `都築総務専門監兼総務課長`: one of the posts one listed person holds
        if len(s) > 2 and s not in TITLES:
            holders = [p for p in self.people if p.title and p.group != "committee" and s in _posts_of(p.title)]
            if len({p.group for p in holders}) == 1:
                return holders[0].group
        for p in self.people:  # `総務課長`: a listed person's unit and post
            if p.affiliation and p.title and p.group in ("agency", "secretariat"):
                unit = compact(p.affiliation)
                for t in _posts_of(p.title):
                    # 総務課長 of unit 総務部総務課 and post 課長: the post's first character ends the unit
                    if (
                        s.endswith(t)
                        and len(s) > len(t)
                        and (unit.endswith(s[: -len(t)]) or unit.endswith(s[: -len(t)] + t[0]))
                        or s == unit + t
                    ):
                        return p.group
        for p in self.people:
            if (
                p.affiliation
                and p.group in ("agency", "secretariat")
                and len(s) >= 2
                and (p.affiliation.endswith(s) or s.endswith(p.affiliation))
            ):
                return p.group
        return None


def _unit_posts(affiliation: str | None, title: str) -> tuple[str, ...]:
    """How a unit and post print together: `内閣内政審議室` + `室長` is `内閣内政審議室長`."""
    unit, post = compact(affiliation or ""), compact(title)
    if unit and unit[-1] == post[0]:
        return unit + post, unit + post[1:]
    return (unit + post,)


@lru_cache(maxsize=4096)
def _surname(name: str) -> str | None:
    return name.split()[0] if " " in name else names.surname_first(compact(name))


def speaker_group(label: str, roster: Roster | None = None) -> str:
    s = compact(label)
    explains = re.match(r"^(.+?)(?:から)?の?(?:説明|報告|回答)$", s)
    if explains and is_speakerish(explains[1], roster):  # `総務課の説明`: 総務課 speaking
        s = explains[1]
    if roster is not None:
        found = roster.lookup(s)
        if found:
            return found
    qualified = re.match(r"^(.+?)[(（][^()（）]{1,12}[)）]$", s)
    if qualified:  # `桑原総務課主幹(防災安全)`: the post's qualifier says nothing of the group
        return speaker_group(qualified[1], roster)
    s = _role_part(s)
    if s.startswith("事務局") or s.endswith("事務局") or re.fullmatch(r"事.?局", s):  # `(事 局)`: 事務局 as printed
        return "secretariat"
    if s in ("司会", "司会者"):  # the meeting's 司会 is the body's office
        return "secretariat"
    if re.search(_EXECUTIVE + "$", s):
        return "agency"
    if any(s.endswith(t) for t in CHAIR_TITLES) and not any(s.endswith(t) for t in ("副会長", "副委員長")):
        return "chair"
    if any(s.endswith(t) for t in COMMITTEE_TITLES):
        return "committee"
    if _DEPT_SUFFIX.search(s) or re.search(r"(?:諮問庁|実施機関|説明員|説明者)$", s):
        return "agency"
    if split_title(s):
        return "agency"  # 課長, 係長 …: staff titles, the 諮問庁's people unless listed otherwise
    return "unknown"
