"""Attendance lists → one Person per name (or per counted group), with group and affiliation.

How bodies print them:
- one cell `審査会委員 時枝会長、姜委員 保健福祉局保険年金課 世利課長、大山係長 …`: a group or
  department word, then its people separated by 、 (people run together where no gap is printed);
- headings: `＜委員＞`, `【事務局】`, `・実施機関(生活福祉課)`, `委員：…`, with the people after them;
- one person per line, `post name` (`会長　山田 太郎`) or `name post` (`山田 太郎　会長`), a title in
  brackets after the name (`山田 太郎（会長）`, `山田 太郎【会長】`), a profession in brackets
  (`（弁護士）`), or no title at all (committee members);
- counts: `健康保険課 佐藤課長ほか6名` is one row standing for 7 people (headcount 7).

Entries are separated by 、 and by wide gaps (tabs in the input, see extract.flow.join_line);
a single space is a word space (inside `山田 太郎`, or between a department and its person).
Names are kept as printed, with one space between surname and given name where printed so.
"""

from __future__ import annotations

import re

from extract.minutes import names
from extract.minutes.roles import TITLES, Person, compact
from extract.minutes.settings import SETTINGS, MinutesSettings
from normalize.kanji_numerals import parse_int
from normalize.text import fold, width_fold

_OPEN, _CLOSE = "＜<【［\\[〔（(《", "＞>】］\\]〕）)》"
_WHOLE_BRACKET = re.compile(rf"^[{_OPEN}]([^{_OPEN}{_CLOSE}]+)[{_CLOSE}]$")
# remarks about the list, not about a person: (敬称略), (50音順), (順不同)
_NOTE_BRACKET = re.compile(
    r"[(（](?:(?:敬称略|敬称省略|50音順|五十音順|順不同|名簿順|欠席|代理)[^()（）]{0,6}|(?:出席人数|出席者数|人数)?[:：]?\s*[0-9０-９〇一二三四五六七八九十]+\s*(?:名|人))[)）]"
)
# the list's total (`計13名`, `以上5名`): printed after the names, no person
_TOTAL = re.compile(r"^(?:計|合計|総計|以上|総数)$")
_INNER_BRACKET = re.compile(rf"[{_OPEN}]([^{_OPEN}{_CLOSE}]+)[{_CLOSE}]")
_BULLET = re.compile(r"^(?:[・･●○◯◎■□◆◇\-‐※]|[(（]?[0-9０-９]{1,2}[)）.．]|[ア-ン][.．、\s])\s*")
_COUNT = re.compile(r"(?:ほか|他|外)\s*([0-9０-９〇一二三四五六七八九十]+)\s*(?:名|人)$")
_ONLY_COUNT = re.compile(r"^(?P<title>[^\s0-9０-９]*?)\s*([0-9０-９〇一二三四五六七八九十]+)\s*(?:名|人)$")

_DEPT_END = r"(?:課|室|局|部|館|係|班|担当|センター|所|庁|事務局|グループ|チーム|(?<=[一-龥ァ-ヶ])G)"
_TITLE_RE = "|".join(map(re.escape, TITLES))
_COMMITTEE_HEAD = re.compile(
    r"^(?:.*(?:審査会|審議会|委員会|部会|調査会))?(?:委員|出席委員|構成員|専門委員|担当委員|臨時委員|特別委員)$"
)
_AGENCY_HEAD = re.compile(
    r"(?:参考人|関係人|説明のため(?:に)?出席した職員|実施機関|実施評価機関|評価実施機関|諮問庁|所管課|担当課|説明員|説明者|関係課|関係者|出席職員|提案課|市側|区側|町側|県側|政府側|国側|執行機関"
    r"|関係部署|関係部局|所管部署|所管部局|担当部署|担当部局)"
)
# absent members (`欠席者 齊藤晶子委員、…`): listed, but no attendees
_ABSENT_HEAD = re.compile(
    r"^(?:欠席者|欠席委員|欠席|傍聴者|傍聴人)$"
)  # and the audience (`【傍聴者】 1名`): no attendees
_SECRETARIAT_HEAD = re.compile(r"事務局")
_EXECUTIVE_COMMISSION = re.compile(r"(?:教育|選挙管理|農業|監査|人事|公平|公安|固定資産評価審査)委員会")
_GROUP_WORD = re.compile(r"^((?:\S*?(?:審査会|審議会|委員会|部会))?委員)(.+)$")
_PERSON_FIRST = re.compile(rf"^(.{{1,4}}?)({_TITLE_RE})(.+)$")
_DEPT_PERSON = re.compile(rf"^(.+{_DEPT_END})(.{{1,4}}?)({_TITLE_RE})$")
_DEPT_TITLE = re.compile(rf"^(.+?{_DEPT_END})({_TITLE_RE})$")  # 総務課長 → 総務課 + 課長
_NAME_SHAPE = re.compile(r"^[一-龥々〆ヵヶ][一-龥々〆ヵヶノ]{0,3}$|^[ぁ-んァ-ヶー]{2,6}$")
# the column heads of a list of members printed as a table (名簿)
_COLUMN_HEADS = re.compile(
    r"(?:(?:氏名|委員名|名前|現職名?|職名|所属|役職|所属・役職|所属等|役職等|区分|選出区分|備考|職)[・/]?){2,5}"
)
_LIST_SEP = re.compile(r"[、,，;；\t]")
# words that can be a person's post in brackets or before/after the name
_POSTS = set(TITLES) | {"会長職務代理者", "職務代理者", "会長代行", "部会長代理", "副部会長"}
_TITLES_LONGEST = sorted(_POSTS, key=len, reverse=True)
# posts of a body's members, never held in a unit of the administration
_BODY_POSTS = {"委員", "会長", "副会長", "委員長", "副委員長", "座長", "座長代理", "部会長", "委員長代理", "会長代理"}
# one-character words that begin unit names (市民課, 県民室), not one-character surnames
_ADMIN_CHARS = frozenset("市県区町村都府道国本総新第")
# posts one person holds: a name below one of them is not a second holder
_UNIQUE_POSTS = {
    "会長",
    "副会長",
    "委員長",
    "副委員長",
    "部会長",
    "副部会長",
    "議長",
    "会長職務代理者",
    "職務代理者",
    "会長代行",
    "会長代理",
    "部会長代理",
}


def _title_of(s: str) -> str | None:
    s = compact(s)
    if s in _POSTS:
        return s
    return None


def _split_title(item: str) -> tuple[str, str] | None:
    """ "時枝会長" → ("時枝", "会長"); only when what precedes is short enough to be a name."""
    for t in sorted(_POSTS, key=len, reverse=True):
        if item.endswith(t) and 1 <= len(compact(item[: -len(t)])) <= 6:
            return item[: -len(t)].strip(), t
    return None


class _Parser:
    def __init__(self, default_group: str, settings: MinutesSettings):
        self.group = default_group
        self.default = default_group
        self.affiliation: str | None = None
        self.out: list[Person] = []
        self.s = settings
        # a post printed once before a column of names (`委員 小山 宇一` / `前村 久美子`): the
        # names below it hold the same post
        self.column_post: str | None = None
        self.bracketed = False  # the current group's heading was printed in brackets (`(事務局)`)
        self.unread: list[str] = []  # words of the list read as neither a person nor a heading

    # --- groups -----------------------------------------------------------------------------
    def head(self, word: str, bracketed: bool = False) -> bool:
        """Take `word` as a heading when it is one; say whether it was. `bracketed`: printed as a
        heading of its own in brackets (`(事務局)`, `(健康局)`): after a bracketed 事務局 heading, a
        bracketed unit is a sibling heading (another group, the agency), not a unit of the 事務局."""
        w = compact(word).rstrip(":：")
        m = re.match(r"^(?P<head>[^()（）]*)[(（](?P<aff>[^()（）]+)[)）]$", w)
        head, aff = (m["head"], m["aff"]) if m else (w, None)
        if not head:
            return False
        if _ABSENT_HEAD.match(head):
            self.group, self.affiliation, self.column_post = "absent", None, None
            return True
        for rx, group in ((_SECRETARIAT_HEAD, "secretariat"), (_AGENCY_HEAD, "agency")):
            if group == "secretariat" and _EXECUTIVE_COMMISSION.search(head):
                continue  # `教育委員会事務局`: the office of an executive commission is an agency under review
            if rx.search(head) and len(head) <= 12 and not names.is_name(head):
                self.group, self.affiliation, self.column_post = group, aff, None
                self.bracketed = bracketed
                if aff and (_COUNT.search(aff) or self.post(aff) or _split_title(aff)):
                    # `事務局(情報公開広聴課副課長ほか6名)`: the brackets hold the people, not a unit
                    self.affiliation = None
                    self.entry(aff)
                return True
        if _COMMITTEE_HEAD.match(head):
            self.group, self.affiliation, self.column_post = "committee", None, None
            self.bracketed = bracketed
            return True
        if (
            re.search(_DEPT_END + "$", head)
            and not names.is_name(head)
            and _title_of(head) is None
            and not _DEPT_TITLE.match(head)
        ):
            self.head_words(head, bracketed)
            return True
        return False

    def add(self, name: str | None, title: str | None, headcount: int | None = None, affiliation: str | None = None):
        if self.group == "absent":
            return
        name = re.sub(r"\s+", " ", name).strip() if name else None
        aff = affiliation if affiliation is not None else (self.affiliation if self.group != "committee" else None)
        self.out.append(Person(self.group, aff, name or None, title, headcount))

    # --- one entry ----------------------------------------------------------------------------
    def entry(self, item: str) -> None:
        item = _BULLET.sub("", item.strip()).strip()
        if not item:
            return
        compound = self.compound(_NOTE_BRACKET.sub("", item).strip())
        if compound and " " not in compound[1]:  # before brackets are read: `…課長補佐(総括)` is the post's
            self.add(*compound)
            return
        m = _WHOLE_BRACKET.match(item)
        if m:
            if not self.head(m[1], bracketed=True):
                self.head_words(m[1], bracketed=True)
            return
        item = _NOTE_BRACKET.sub(" ", item).strip()
        m = re.match(r"^([^()（）]{1,12})[(（]([^()（）]*[、・][^()（）]*)[)）]\s*(?:[0-9０-９]+\s*(?:名|人))?$", item)
        if m and self.head(m[1]):  # `事務局(林部長、平尾課長、熊沢係長)3名`: a group and its people
            for part in re.split(r"[、,，]", m[2]):
                self.entry(part)
            return
        lead = re.match(r"^[(（]([^()（）]{2,20})[)）]\s*(\S.*)$", item)
        if lead and _title_of(lead[1]) is None:
            # `(人事行政課) 川崎副参事、田中係長`: a bracketed unit over the people after it
            if not self.head(lead[1], bracketed=True):
                self.head_words(lead[1], bracketed=True)
            self.entry(lead[2])
            return
        hon = re.match(r"^(\S{1,4}?)\s*(?:氏|様|さん|殿)$", compact(item))
        if hon and (names.is_name(hon[1]) or _NAME_SHAPE.match(hon[1])):  # `佃氏`: an honorific, no post
            self.add(hon[1], None)
            return
        each = re.match(r"^(.+?)各(" + _TITLE_RE + r")$", compact(item))
        if each:  # `小野・金子・河上各委員`: every name takes the title
            for n in re.split(r"[・、]", each[1]):
                if n:
                    self.add(n, each[2], None, None)
            return
        if re.search(r"[)）]$", item) and self.head(item):  # `実施機関(生活福祉課)`, `事務局職員(総務課)`
            return
        m = re.match(r"^([^:：]{1,16})[:：]\s*(.*)$", item)
        if m and self.head(m[1]):
            if m[2]:
                self.entry(m[2])
            return
        headcount = None
        m = _COUNT.search(item)
        if m:
            headcount = (parse_int(fold(m[1])) or 0) + 1
            item = item[: m.start()].strip()
        else:
            m = _ONLY_COUNT.match(compact(item))
            if m and not names.is_name(m["title"] or "x"):  # `職員3名`, `課員 2名`
                title, n = m["title"], parse_int(fold(m[2]))
                if _TOTAL.match(title):
                    return
                of = re.match(r"^(.+)の([^の]{1,8})$", title)
                if of:  # `株式会社ディー・エス・ケイの職員2人`
                    self.add(None, of[2], n, affiliation=of[1])
                    return
                dept = re.match(rf"^(.+{_DEPT_END})(.*)$", title)
                if dept and dept[2]:
                    self.head(dept[1])
                    title = dept[2]
                self.add(None, title or None, n)
                return
        # the person's unit and post in brackets after the name: `加藤 舞(都市整備部街づくり事業課長)`,
        # `鈴木 宏昌(行政経営部副参事(情報政策担当))`
        unit = _trailing_bracket(item)
        if unit is not None and self.unit_post(unit[0], unit[1], headcount):
            return
        if (
            unit is not None
            and self.group == "committee"
            and re.search(r"[(（]", unit[1])
            and self.name_like(unit[0].split())
            and _title_of(unit[1]) is None
        ):
            # `鈴木 雅雄(岐阜人権擁護委員協議会 常務委員(弁護士))`: a member's profession with brackets inside
            self.add_alone(unit[0], None, headcount, unit[1])
            return
        # `桑原 総務課(防災安全)主幹`: a name, then a unit with its qualifier and the post
        mid = re.match(r"^(\S+(?:\s\S+)?)\s+(\S+[(（][^()（）]+[)）]\S+)$", item)
        if mid and self.unit_post(mid[1], mid[2], headcount):
            return
        # `教育委員会事務局副参事(区立幼稚園用途転換担当) 大澤正文`: a unit's post with its qualifier, then the name
        lead_post = re.match(r"^(\S+[)）])\s+(\S+(?:\s\S+)?)$", item)
        if lead_post and self.unit_post(lead_post[2], lead_post[1], headcount):
            return
        # a title or profession in brackets after the name: 山田 太郎（会長）, 山田太郎【会長】(弁護士)
        title, profession = None, None
        for inner in _INNER_BRACKET.findall(item):
            t = _title_of(inner)
            if t and title is None:
                title = t
            elif profession is None:
                profession = compact(inner)
        bare = _INNER_BRACKET.sub(" ", item).strip()
        if title:
            nt = _split_title(compact(bare))
            if nt and len(bare.split()) == 1:  # `(会長)早川和宏会長`: the title printed twice
                bare = nt[0]
        self.person(bare, title, profession, headcount)
        if title and title not in _UNIQUE_POSTS and re.match(rf"^[{_OPEN}]", item):
            # `【委員】鳥塚 鈴子、上村 信彰`: a post in brackets before a list holds for its names
            self.column_post = title

    def add_alone(self, name: str | None, title: str | None, headcount: int | None, affiliation: str | None) -> None:
        """One person printed whole in one entry: no post carries over to the names that follow."""
        self.add(name, title, headcount, affiliation=affiliation)
        self.column_post = None

    def unit_post(self, name: str, post_text: str, headcount: int | None) -> bool:
        """`name` with a unit's post (`post_text`, perhaps with a bracketed qualifier): one person
        of that unit. Say whether it was."""
        if not self.name_like(name.split()):
            return False
        post = self.post_with_qualifier(post_text)
        if not post or not post[0]:
            return False
        self.add_alone(name, post[1], headcount, post[0])
        return True

    def compound(self, item: str) -> tuple[str, str] | None:
        """(name, post) of `永井参事兼情報政策課長`, `園山副参事兼課長補佐(総括)`: a post held
        together with another (兼) is one title, kept whole as printed; the name precedes it."""
        t = compact(item)
        if "兼" not in t:
            return None
        left, right = t.split("兼", 1)
        q = re.match(r"^(.+?)([(（][^()（）]+[)）])?$", right)
        last = re.split("兼", q[1])[-1] if q else right
        if not any(last.endswith(w) for w in _POSTS):
            return None
        nt = _split_title(left)
        if (
            nt
            and 1 <= len(nt[0]) <= 4
            and (names.is_name(nt[0]) or _NAME_SHAPE.match(nt[0]))
            and not re.search(_DEPT_END + "$", nt[0])
        ):
            return nt[0], t[len(nt[0]) :]
        return None

    def short_surname(self, item: str) -> tuple[str, str, str] | None:
        """(name, unit, post) of `椎総務課長`: a one-character surname the dictionary does not
        know, run together with a unit of its own words (総務課) and a post. The unit must start
        where the dictionary starts a word and hold a word before its suffix, so a bare post
        (`総務課長`, `情報政策課長`) is never taken apart."""
        toks = names.tokens(item)
        if len(toks) < 3 or len(toks[0]) != 1 or toks[0] in _ADMIN_CHARS or not re.match(r"[一-龥]", toks[0]):
            return None
        # the surname runs to the first word of two characters (`甲藤保健所…`, `與十田総務部…`: the
        # dictionary reads a rare surname as single characters)
        k = next((j for j, tok in enumerate(toks) if len(tok) >= 2), len(toks))
        if not 1 <= k <= 3 or not all(re.fullmatch(r"[一-龥々]", tok) for tok in toks[:k]):
            return None
        surname = "".join(toks[:k])
        post = self.post(item[len(surname) :])
        if post and post[0] and len(post[0]) >= 3 and not names.is_name(post[0]):
            return surname, post[0], post[1]
        return None

    def post_with_qualifier(self, text: str) -> tuple[str | None, str] | None:
        """post() of a unit and post that may carry a bracketed qualifier: `行政経営部副参事(情報政策担当)`,
        or a unit with one (`総務課(防災安全)主幹`: unit `総務課(防災安全)`)."""
        t = compact(text)
        m = re.match(r"^(.+?)([(（][^()（）]+[)）])$", t)
        if m and (post := self.post(m[1])):
            return post[0], post[1] + m[2]
        m = re.match(r"^(.+?[(（][^()（）]+[)）])([^()（）]+)$", t)
        if m and re.search(_DEPT_END + "$", m[1].split("(")[0].split("（")[0]) and (post := self.post(m[2])):
            return m[1] + (post[0] or ""), post[1]
        return self.post(t)

    def same_unit_post(self, tok: str) -> tuple[str | None, str] | None:
        """post() of `同主査`, `同総務係長`: 同 stands for the unit of the entry before (`桑原 総務課主幹、
        工藤 同主査` → 工藤 of 総務課); a unit after 同 is inside that one."""
        t = compact(tok)
        if not t.startswith("同") or len(t) < 3 or not self.out or names.tokens(t)[0] != "同":
            return None  # (`同和対策課長` is a unit's post)
        post = self.post(t[1:])
        before = self.out[-1].affiliation
        if post is None or before is None:
            return None
        return before + (post[0] or ""), post[1]

    def head_words(self, text: str, bracketed: bool = False) -> None:
        """A unit's heading (a bracketed word that is no group word, or a unit name): the
        affiliation of the entries that follow; members' groups turn to the agency."""
        self.affiliation = compact(text)
        if self.group in ("committee", "absent") or bracketed and self.bracketed and self.group == "secretariat":
            self.group = "agency"

    def person(self, text: str, title: str | None, profession: str | None, headcount: int | None) -> None:
        toks = [t for t in re.split(r"\s+", text) if t]
        if len(toks) >= 4 and all(len(t) == 1 for t in toks):
            toks = ["".join(toks)]  # `課 税 課 長 山 田 悟 史`: letter-spaced, one word
        toks = _join_spaced_post(toks)
        if (
            title is None
            and len(toks) >= 4
            and (self.posts_and_names(toks, headcount) or self.unit_posts_and_names(toks, headcount))
        ):
            return
        if not toks:
            if title:
                self.add(None, title, headcount)
            return
        aff = profession if profession and self.group == "committee" else None
        if (
            title is None
            and self.column_post
            and (self.name_like(toks) or len(toks) == 1 and self.unknown_given_name(toks[0]))
            and not (len(toks) == 1 and self.glued(toks[0])[0][0] == "person" and self.glued(toks[0])[0][2])
        ):
            self.add(" ".join(toks), self.column_post, headcount, aff)
            return
        self.column_post = None
        # a group word first (`諮問及び案件関係部署 総務課市民相談担当主幹 馬場愛`): the heading
        if (
            len(toks) > 1
            and re.search(f"(?:{_AGENCY_HEAD.pattern}|{_SECRETARIAT_HEAD.pattern})$", compact(toks[0]))
            and self.post(toks[0]) is None
            and not self.name_like(toks[:1])
            and self.head(toks[0])
        ):
            toks = toks[1:]
        # department first (`健康保険課 佐藤課長`): a heading for this and the following entries
        units = []
        while len(toks) > 1 and self.is_dept(toks[0]):
            units.append(toks.pop(0))
        if units:  # `情報政策課 情報化推進G 副主幹 …`: a unit printed in parts is one affiliation
            self.head(" ".join(units))
        # post first or last, separated by a space: `会長 山田 太郎`, `山田 太郎 会長`, `総務課長 小林 明`
        if title is None and len(toks) > 1:
            first, last = self.post_with_qualifier(toks[0]), self.same_unit_post(toks[-1]) or self.post(toks[-1])
            if first and self.name_like(toks[1:]):
                dept, title = first
                if dept:
                    self.head(dept)
                toks = toks[1:]
                if title not in _UNIQUE_POSTS:
                    self.column_post = title
            elif (
                last
                and self.name_like(toks[:-1])
                and self.group == "committee"
                and last[0]
                and last[1] not in _BODY_POSTS
            ):
                # `池内和正 札幌商工会議所生活関連商業部会長` among the members: the member's occupation
                # (an organisation's post), not a unit of the body's staff
                self.add_alone(" ".join(toks[:-1]), None, headcount, toks[-1])
                return
            elif last and self.name_like(toks[:-1]):
                dept, title = last
                if dept and re.search(r"[(（]", dept):
                    self.head_words(dept)  # `総務課(防災安全)`: the bracket is the unit's, not a group's
                elif dept:
                    self.head(dept)
                toks = toks[:-1]
        if (
            title is None
            and len(toks) >= 3
            and self.name_like(toks[:2])
            and len(toks[0]) <= 3
            and not names.is_name(" ".join(toks[2:4]))
            # (`小橋昇 和泉宏陽 菅野典浩 …`: a line of full names, no 名簿 row)
            and not any(names.is_name(t) or self.unknown_given_name(t) for t in toks[2:])
            and not self.is_dept(toks[0])
            and not any(self.head_like(t) or _ABSENT_HEAD.search(compact(t)) for t in toks[:2])
        ):
            # `木村 俊夫 九州国際大学法学部 教授`, `加藤 賢次 北九州市安全・安心課長`: a 名簿 row, the
            # full name first, then the person's organisation and post; a member's is their
            # occupation (affiliation, no title), staff's is a unit's post
            rest = " ".join(toks[2:])
            post = self.post(compact(rest)) if self.group != "committee" else None
            if post and post[0]:
                self.add_alone(" ".join(toks[:2]), post[1], headcount, post[0])
            else:
                self.add_alone(" ".join(toks[:2]), None, headcount, rest)
            return
        if len(toks) == 2 and self.name_like(toks):
            # `湯淺 墾道`, `関 正晴`: surname and given name printed with a space
            self.add(" ".join(toks), title, headcount, aff)
            return
        if len(toks) == 1 and title is None and (same := self.same_unit_post(toks[0])):
            self.add(None, same[1], headcount, affiliation=same[0])  # `同主査` alone: a post, no name
            return
        if len(toks) == 1 and title is None and headcount is None and _COMMITTEE_HEAD.match(compact(toks[0])):
            # `委員` alone over the names that follow: the group's heading, not an unnamed member
            self.head(toks[0])
            return
        if (
            len(toks) == 1
            and title is None
            and self.glued(toks[0]) == [("head", toks[0])]
            and (post := self.post(toks[0]))
        ):
            if post[0]:  # `情報公開広聴課長ほか6名`: a post without a name
                self.head(post[0])
            self.add(None, post[1], headcount)
            return
        if len(toks) == 1 or names.is_name(" ".join(toks)):
            word = " ".join(toks)
            if title is None and len(toks) == 1:
                for seg in self.glued(word):
                    if seg[0] == "head":
                        head_text = seg[1]
                        assert head_text is not None  # a head always carries its text
                        if self.head(head_text):
                            continue
                        if names.is_name(head_text) or self.unknown_given_name(head_text) or self.bare_name(head_text):
                            self.add(head_text, None, headcount, aff)
                        elif self.group != "absent":
                            self.unread.append(head_text)  # said in a warning, never dropped unseen
                    elif len(seg) > 3 and seg[3]:  # the person's own unit
                        if self.group == "committee":
                            self.group = "agency"
                        self.add(seg[1], seg[2], headcount, seg[3])
                    else:
                        self.add(seg[1], seg[2], headcount, aff)
                return
            self.add(word, title, headcount, aff)
            return
        # several words that are no name: a heading then people (`審査会委員 時枝会長`)
        for k, t in enumerate(toks):
            self.person(t, title if k == len(toks) - 1 else None, profession, headcount if k == len(toks) - 1 else None)

    def unit_posts_and_names(self, toks: list[str], headcount: int | None) -> bool:
        """`区政情報課長 淺野康 情報政策課長 庄司秀人`: pairs of a unit's post and a name on one
        line, separated by single spaces; each person has the unit of the post before the name."""
        if len(toks) % 2:
            return False
        pairs = []
        for a, b in zip(toks[::2], toks[1::2]):
            post = self.post_with_qualifier(a)
            if not post or not (self.name_like([b]) or self.unknown_given_name(b) or names.is_name(b)):
                return False
            pairs.append((post, b))
        for (unit, title), name in pairs:
            self.add(name, title, None, affiliation=unit if unit else None)
        self.column_post = None
        return True

    def posts_and_names(self, toks: list[str], headcount: int | None) -> bool:
        """`会長 井上克巳 副会長 中村孝文 委員 矢ケ崎浩和`: posts, each before its names, on one
        line; the last post holds for the names listed after it (`、小林房江、瀧伸明`)."""
        if _title_of(toks[0]) is None:
            return False
        pairs: list[tuple[str, str]] = []
        post: str | None = None
        for t in toks:
            if _title_of(t):
                if post is not None and not any(p == post for p, _ in pairs):
                    return False  # two posts in a row: not this layout
                post = _title_of(t)
            elif post is not None and self.name_like([t]):
                pairs.append((post, t))
            else:
                return False
        if len({p for p, _ in pairs}) < 2:
            return False
        for p, n in pairs:
            self.add(n, p, None)
        self.column_post = post if post not in _UNIQUE_POSTS else None
        return True

    def unknown_given_name(self, word: str) -> bool:
        """`稲垣喜代久`, `湯淺墾道` (a name wrapped at the line end, its space lost): a known
        surname followed by a given name the dictionary lacks, with nothing of a unit or post in it."""
        t = compact(word)
        lead = names.surname_first(t)
        if not lead:
            return False
        return (
            1 <= len(t) - len(lead) <= 4
            and not self.is_dept(t)
            and self.post(t) is None
            and not self.head_like(t)
            and not any(t.endswith(w) for w in _TITLES_LONGEST)
        )

    def bare_name(self, word: str) -> bool:
        """`神橋一彦`, `久野三世司`: one word of a list that is no heading, unit, post or ordinary
        word, all kanji of a full name's length, though the dictionary knows neither part. Kept as
        a name rather than dropped: a member listed without a post would otherwise vanish."""
        t = compact(word)
        return (
            re.fullmatch(r"[一-龥々]{3,6}", t) is not None
            and not re.search(r"[会者員等]$", t)
            and not names.common_words(t)
            and not self.is_dept(t)
            and self.post(t) is None
            and not self.head_like(t)
            and not any(t.endswith(w) for w in _TITLES_LONGEST)
        )

    def name_like(self, toks: list[str]) -> bool:
        """Tokens that print a person's name: known to the dictionary, or one or two short words
        of name shape that are no post, unit or group word (rare names the dictionary lacks)."""
        if not toks or len(toks) > 2 or len(toks) == 2 and (_title_of(toks[1]) or self.post(toks[1].lstrip("同"))):
            return False  # (`赤津 委員`, `坂口 法規係長`, `工藤 同主査`: a surname and a post, not a given name)
        if names.is_name(" ".join(toks)):
            return True
        if len(toks) == 1 and self.bare_name(toks[0]):
            return True  # `高張由紀子(企画システム係主任)`: a full name the dictionary does not know
        return all(
            _NAME_SHAPE.match(t)
            and not self.is_dept(t)
            and self.post(t) is None
            and not self.head_like(t)
            and _title_of(t) is None
            and not any(t.endswith(w) for w in _TITLES_LONGEST if len(w) >= 2)
            for t in toks
        )

    def head_like(self, tok: str) -> bool:
        t = compact(tok)
        return bool(_SECRETARIAT_HEAD.search(t) or _AGENCY_HEAD.search(t) or _COMMITTEE_HEAD.match(t))

    def is_dept(self, tok: str) -> bool:
        t = compact(tok)
        return (
            bool(re.search(_DEPT_END + "$", t))
            and not names.is_name(t)
            and self.post(t) is None
            or bool(_WHOLE_BRACKET.match(t) is None and _AGENCY_HEAD.fullmatch(t))
        )

    def post(self, tok: str) -> tuple[str | None, str] | None:
        """(department or None, title) when `tok` is a post: 会長, 委員, 総務課長."""
        t = compact(tok)
        if t in _POSTS:
            return None, t
        if "兼" in t and all(any(part.endswith(w) for w in _POSTS) for part in t.split("兼")):
            # `参事兼市民生活相談課長`, `編集局次長兼社会部長`: posts held together are one title, kept whole
            return None, t
        of_body = re.match(r"^\S+?(?:審査会|審議会|委員会|協議会)(会長|副会長|委員長|副委員長|部会長)$", t)
        if of_body:  # `龍ケ崎市情報公開・個人情報保護審査会会長`: the body's own post
            return None, of_body[1]
        for title in _TITLES_LONGEST:
            if t.endswith(title) and len(t) > len(title):
                if title in _BODY_POSTS:
                    # a member's post has no unit before it: `別所委員` is a surname (所 ends no unit here)
                    return None
                if title == "担当":
                    # `政策法制担当`, `市民対話担当`: a unit below the 課 (its staff print no post)
                    return None
                unit = t[: -len(title)]
                if title.startswith("担当") and len(title) > 2 and unit and not re.search(_DEPT_END + "$", unit):
                    # `総合相談担当課長`: 総合相談担当 is the unit (a 担当 below the 課), 課長 the post;
                    # after a whole unit (`情報政策課担当課長`) 担当課長 is the post
                    unit, title = unit + "担当", title[2:]
                # 地域福祉課長 → 地域福祉課 + 課長: the unit's suffix is the title's first character
                lead = re.match(_DEPT_END, title)
                if lead and not re.search(_DEPT_END + "$", unit):
                    unit += lead[0]
                if (
                    re.search(_DEPT_END + "$", unit)
                    and not names.is_name(unit)
                    # (a member's post run into it: `姜委員保健福祉局…`; `教育委員会事務局` is a unit)
                    and not any(w in unit.replace("委員会", "") for w in ("委員", "会長"))
                ):
                    return unit, title
                return None
        return None

    def glued(self, item: str) -> list[tuple[str | None, ...]]:
        """One word → [("head", text) | ("person", name, title)], taken apart at titles,
        department suffixes and (with the dictionary) personal names."""
        if re.fullmatch(r"\S*(?:審査会|審議会|協議会|委員会)委員", item):
            return [("head", item)]
        compound = self.compound(item)
        if compound:
            return [("person", *compound)]
        run = names.name_run(item)
        # a unit after the name is part of that person's post, not a heading over the entries
        # that follow (`椎総務課長、園山副参事…`: 園山 is not of 総務課 for all the list says)
        if run and not run[0] and run[2]:  # a known surname first: `藤井行政課長`, `橋爪担当リーダー`
            post = self.post(run[2])
            if post:
                return [("person", run[1], post[1], post[0])]
            known = next((w for w in _TITLES_LONGEST if run[2].endswith(w) and len(run[2]) - len(w) >= 2), None)
            body_unit = run[2][: -len(known)] if known else ""
            if (
                known
                and len(run[1]) >= 3
                and len(body_unit) >= 4
                and re.search(r"(?:会|部|課|室|局|所|庁|機関)$", body_unit)
            ):
                # `堀部政男個人情報保護検討部会座長`: a full name, a body or unit, its post
                return [("person", run[1], known, body_unit)]
        lead = names.leading_proper(item)
        if lead and (post := self.post(lead[1])) and post[0]:  # `大津総務部長`, `大山情報政策課長`
            return [("person", lead[0], post[1], post[0])]
        short = self.short_surname(item)
        if short:
            return [("person", short[0], short[2], short[1])]
        p = _split_title(item)
        if p and (
            names.is_name(p[0])
            or p[1] in _BODY_POSTS
            and _NAME_SHAPE.match(p[0])
            and not self.head_like(p[0])
            or len(p[0]) <= 5
            and not re.search(_DEPT_END + "$", p[0])
            and not (names.common_words(p[0]) and (unit := self.post(item)) and unit[0])
        ):
            return [("person", *p)]
        m = _GROUP_WORD.match(item)
        if m:
            rest = self.glued(m[2])
            if m[1] == "委員" and rest == [("person", m[2], None)]:
                return [("person", m[2], "委員")]  # `委員海原弘之`: the post run together with the name
            if rest and rest[0][0] == "person":
                return [("head", m[1]), *rest]
        m = _PERSON_FIRST.match(item)
        if m and names.is_name(m[1]):
            rest = self.glued(m[3])
            if rest and rest[0][0] == "head" and (head := rest[0][1]) is not None and re.search(_DEPT_END + "$", head):
                return [("person", m[1], m[2]), *rest]
        m = _DEPT_PERSON.match(item)
        # `…課副課長`: 副課長 is the post, not 副 + 課長; `…部会座長`: 会 ends the word 部会, no name
        if m and m[2] + m[3] not in _POSTS and m[2] not in ("会", "員"):
            if not names.is_name(m[2]) and (
                re.search(_DEPT_END + "$", m[2])
                or (unit := self.post(item))
                and unit[0]
                and unit[0].endswith(m[2] + m[3][0])
            ):
                # `生活環境部市民課主査`, `経済部商業労政課長`: a unit's post and no name
                return [("head", item)]
            return [("head", m[1]), ("person", m[2], m[3])]
        run = names.name_run(item)  # a post run together with a name: 会長山田太郎, 総務課長鈴木一郎
        if run and run[0] and not run[2]:
            post = self.post(run[0])
            if post:
                return [("person", run[1], post[1], post[0])]
        if names.is_name(item):
            return [("person", item, None)]
        if run and run[0] and not run[2] and names.is_name(run[1]):
            # `情報政策課非常勤事務嘱託員大槻花子`, `教育部次長子育て支援課長事務取扱高橋佳代`: a unit,
            # then a post the lexicon does not list (kept whole), then the name
            known = next((w for w in _TITLES_LONGEST if run[0].endswith(w) and len(run[0]) - len(w) >= 2), None)
            if known:  # `同委員会事務局長三宅弘`: a post the lexicon lists after a unit of other words
                return [("person", run[1], known, run[0][: -len(known)])]
            cut = next(
                (m.end() for m in re.finditer(_DEPT_END, run[0]) if m.end() >= 2 and m.end() < len(run[0])), None
            )
            if (
                cut is not None
                and len(run[0]) - cut <= 16
                and not names.is_name(run[0][:cut])
                and re.search(r"[員長官役問事監幹査任佐理扱師者]$", run[0])  # a post's last word
            ):
                return [("person", run[1], run[0][cut:], run[0][:cut])]
        return [("head", item)]


def _join_spaced_post(toks: list[str]) -> list[str]:
    """`会 長 佐瀨 一男`: a letter-spaced post printed before the name is one word."""
    for n in (3, 2):
        if len(toks) > n and all(len(t) == 1 for t in toks[:n]) and "".join(toks[:n]) in _POSTS:
            return ["".join(toks[:n]), *toks[n:]]
    return toks


def _trailing_bracket(item: str) -> tuple[str, str] | None:
    """(before, inside) when `item` ends with a bracketed part, brackets inside it kept:
    `鈴木 宏昌(行政経営部副参事(情報政策担当))` → (`鈴木 宏昌`, `行政経営部副参事(情報政策担当)`)."""
    t = item.strip()
    if not t.endswith((")", "）")):
        return None
    depth = 0
    for k in range(len(t) - 1, -1, -1):
        if t[k] in ")）":
            depth += 1
        elif t[k] in "(（":
            depth -= 1
            if depth == 0:
                before = t[:k].strip()
                return (before, t[k + 1 : -1]) if before else None
    return None


def _join_split_titles(lines: list[str]) -> list[str]:
    """`…世利課` / `長、大山係長`: a line that ends inside a title continues on the next line."""
    out = [lines[0]]
    for nxt in lines[1:]:
        prev = re.split(r"及び|並びに|・", _LIST_SEP.split(re.split(r"\s+", out[-1].strip())[-1])[-1])[-1]
        head = _LIST_SEP.split(re.split(r"\s+", nxt.strip())[0])[0] if nxt.strip() else ""
        last = compact(fold(prev))
        joined = _split_title(last + compact(fold(head))) if last and head else None
        # only a title cut by the line end (`世利課` / `長`): the title must straddle the break
        if joined and not _split_title(last) and len(joined[1]) > len(compact(fold(head))):
            out[-1] = out[-1].rstrip() + nxt.lstrip()
        else:
            out.append(nxt)
    return out


def _join_open_brackets(lines: list[str]) -> list[str]:
    """`…塩入 みほも【` / `副会長】、沼野 伸生…`: a line that ends inside a bracket, or inside a word,
    goes on below."""
    out: list[str] = []
    for ln in lines:
        parts = _LIST_SEP.split(out[-1].strip()) if out else []
        frag = parts[-1] if parts else ""
        head = _LIST_SEP.split(ln.strip())[0]
        if (
            len(parts) >= 3
            and " " not in frag
            and " " not in head
            and sum(" " in p.strip() for p in parts[:-1]) >= 2
            and names.is_name(f"{frag} {head}")
            and not names.is_name(head)
        ):
            # `…、沼野` / `伸生、人見 剛…`: a list of `surname given` names wrapped between the two
            out[-1] = out[-1].rstrip() + " " + ln.lstrip()
            continue
        if out and (
            _depth(out[-1]) > 0
            # `…、情報公開係長、情` / `報公開係副主幹`: a line wrapped inside a word leaves one character
            or len(frag) == 1
            and _LIST_SEP.search(out[-1])
            and not _BULLET.match(ln.lstrip())
            and not names.is_name(frag)
            and re.match(r"[一-龥]", frag)
            and not _LIST_SEP.match(ln.lstrip())
        ):
            out[-1] = out[-1].rstrip() + ln.lstrip()
        else:
            out.append(ln)
    return out


def _depth(text: str) -> int:
    return sum(text.count(c) for c in "(（【［[〔<＜") - sum(text.count(c) for c in ")）】］]〕>＞")


def _split_top(text: str, seps: str) -> list[str]:
    """Split at any of `seps` outside brackets: `事務局(林部長、平尾課長)` stays one entry."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch in "(（【［[〔<＜":
            depth += 1
        elif ch in ")）】］]〕>＞":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


# `委員 (小野・金子各委員)6名 事務局(林部長、…)3名`: a second group printed on the same line
_GROUP_AFTER_GAP = re.compile(
    r"\s+(?=(?:事務局|委員|実施機関|説明者|説明員|諮問庁|担当課|所管課|関係課|出席職員)\s*[(（:：])"
)


def _split_bullets(line: str) -> list[str]:
    """`・満木 祐子 ・坪田 光治`: a line of bullet items."""
    if line.lstrip().startswith(("・", "･")) and re.search(r"\s[・･]", line):
        return [p.strip() for p in re.split(r"[・･]", line) if p.strip()]
    return [line]


def _is_unit_word(word: str) -> bool:
    """A word that names a field of work, not a person: `法制`, `総務` (the dictionary's common
    nouns, no name, no post)."""
    w = compact(word)
    return bool(w) and not names.is_name(w) and not _split_title(w) and bool(names.common_words(w))


def _person_word(word: str) -> bool:
    """A name, a name with its post, or a count of people: one entry of a list."""
    w = compact(word)
    return names.is_name(word) or bool(_split_title(w) or _COUNT.search(word) or _ONLY_COUNT.match(w))


def _split_dots(line: str) -> list[str]:
    """`山田・鈴木・高橋`, `釼委員及び宮本委員`: ・ and 及び/並びに separate people only when every
    part is one (not `情報公開・個人情報…`, `行政不服及び情報公開…`)."""
    if re.search(r"[(（][^)）]*[・][^)）]*[)）]", line):
        return [line]  # ・ inside brackets belongs to the bracketed list
    for sep in ("・", "及び", "並びに"):
        parts = [p.strip() for p in line.split(sep)]
        if len(parts) > 2 and parts[0] == "":
            parts = parts[1:]
        if (
            len(parts) >= 2
            and all(p and _person_word(p) for p in parts[1:])
            and parts[0]
            # `法制・文書担当主査`: a unit's name with ・ in it, before its post
            and not (sep == "・" and re.search(_DEPT_END + "$", parts[-1]) is None and _is_unit_word(parts[0]))
            # `加藤 賢次 北九州市安全・安心課長`: ・ inside a unit's name, after a word that is no person
            and not (sep == "・" and " " in parts[0] and not _person_word(parts[0].split()[-1]))
        ):
            return [q for p in parts for q in _split_dots(p)]
    return [line]


def _pair_posts(chunks: list[str], p: "_Parser") -> list[str]:
    """`会長　山田 太郎` (a wide gap between post and name): the post and the name are one entry."""
    out: list[str] = []
    k = 0
    while k < len(chunks):
        a = chunks[k].strip()
        b = chunks[k + 1].strip() if k + 1 < len(chunks) else ""
        toks_b = b.split()
        if b and (_title_of(a) or " " not in a and p.post(a)) and p.name_like(toks_b):
            out.append(f"{a} {b}")
            k += 2
        elif b and _title_of(b) and p.name_like(a.split()) and not _split_title(compact(a)):
            out.append(f"{a} {b}")
            k += 2
        else:
            out.append(chunks[k])
            k += 1
    return out


def _join_wrapped_name(out: list[Person], before: int) -> None:
    """`東京海上火災保険(株)顧問` / `礒山隆夫`: a post whose name was wrapped onto the next line
    alone is one person (the line's only entry, a name without a post, after a post without a name)."""
    if len(out) != before + 1 or before == 0:
        return
    post, name = out[before - 1], out[before]
    if (
        post.name is None
        and post.title
        and post.headcount is None
        and name.name
        and name.title is None
        and name.headcount is None
        and post.group == name.group
    ):
        out[before - 1 :] = [Person(post.group, post.affiliation, name.name, post.title, None)]


def parse_attendees(
    text: str,
    default_group: str = "committee",
    settings: MinutesSettings = SETTINGS,
    unread: list[str] | None = None,
) -> list[Person]:
    """People in an 出席者 (or 事務局, 説明者 …) value. `default_group` applies until a heading
    says otherwise. Tabs in `text` are wide gaps between entries. Words read as neither a person
    nor a heading are appended to `unread` (the caller warns of them)."""
    if not text or not text.strip():
        return []
    text = width_fold(text).replace("\u3000", "\t")
    text = re.sub(r"([、,，])\s*\n\s*", r"\1", text)  # a list wrapped after its separator
    lines = _join_open_brackets([ln for ln in text.split("\n") if ln.strip()])
    p = _Parser(default_group, settings)
    for line in _join_split_titles(lines):
        line = re.sub(r" +", " ", line.strip())
        if _COLUMN_HEADS.fullmatch(compact(line)):
            continue  # `氏 名 現職名`: the column heads of a 名簿 table, nobody
        chunks = [
            g
            for b in _split_bullets(line)
            for c in _split_top(_NOTE_BRACKET.sub(" ", b), "、,，;；\t")
            for g in _GROUP_AFTER_GAP.split(c)
        ]
        before = len(p.out)
        for chunk in _pair_posts(chunks, p):
            chunk = chunk.strip()
            for item in _split_dots(chunk) if chunk else []:
                p.entry(item)
        _join_wrapped_name(p.out, before)
    if unread is not None:
        unread += p.unread
    return p.out
