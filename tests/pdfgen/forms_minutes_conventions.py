"""Minutes in the conventions other bodies print (issue 12), for a clearly fictional body (架空市 …).

Header layouts:   table     label | value ruled table (labels letter-spaced `日　時` or not)
                  lines     `日時：令和…` one label and value per line, values wrapped under the value
                  numbered  `1 日時` section headings, the value on the lines below, indented
                  form      会議録様式 form cells: ■/□ choices, 公開・非公開, 傍聴人数
Turn layouts:     inline    `○会長　words…` wrapped to the left margin
                  hanging   `委員　　words…` wrapped under the words (a hanging indent)
                  block     the label alone on its line, the words below
Label marks:      maru ○, paren （）, kakko 【】, angle ＜＞, colon `…：`, dot_colon `・…：`, bare (label, gap)
Narrative:        議事要旨 without speakers: numbered headings and paragraphs.
Attendee styles:  headings (＜委員＞ groups), post_name, name_post, bracket ([会長] after the name),
                  listed (、-separated with titles), untitled (members printed without a title),
                  column, glued, grouped (see _attendees_more).

`conventions_minutes(spec)` → (pdf bytes, truth in the shape of the samples' expected.json, with
attendees' headcount and utterances' note).
"""

from __future__ import annotations

import copy
import datetime as dt

from .common import fold, wareki
from .messy import CLEAN, Messy
from .render import Cell, Decor, Document, Para, Table, render

KANJI = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    if n < 10:
        return KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI[tens]) + "十" + (KANJI[ones] if ones else "")


def jtime(hhmm: str, kanji: bool = False, noon: bool = True) -> str:
    h, m = map(int, hhmm.split(":"))
    if noon and h == 12 and m == 0:
        return "正午"
    num = kanji_number if kanji else str
    ampm = "午前" if h < 12 else "午後"
    hh = h if h < 12 else h - 12
    return f"{ampm}{num(hh)}時" + (f"{num(m)}分" if m else "")


def jdate(iso: str, kanji: bool = False) -> str:
    d = dt.date.fromisoformat(iso)
    w = "月火水木金土日"[d.weekday()]
    if not kanji:
        return f"{wareki(iso)}（{w}）"
    y = d.year - 2018
    return f"令和{kanji_number(y)}年{kanji_number(d.month)}月{kanji_number(d.day)}日（{w}曜日）"


# fictional people: (surname, given name)
COMMITTEE = [("山田", "太郎"), ("鈴木", "花子"), ("高橋", "誠"), ("伊藤", "美香"), ("渡辺", "健一")]
AGENCY = [("健康保険課", "佐藤", "一郎", "課長"), ("健康保険課", "中村", "直樹", "係長")]
SECRETARIAT = [("総務課", "小林", "明", "課長"), ("総務課", "加藤", "優子", "主査")]

QA = [
    ("委託先の監督はどのように行っているのか。", "契約書に安全管理措置を定め、定期的に報告を求めて確認している。"),
    (
        "システムを更新することで、漏えいのリスクは増えないか。",
        "通信を暗号化し、アクセスできる職員を限定しているので、リスクは増えないと考えている。",
    ),
    ("職員の研修はどの程度行っているのか。", "全職員を対象とした研修を年に一回実施し、受講状況を確認している。"),
    ("評価書の記載で分かりにくいところがある。", "ご指摘の箇所は、分かりやすい記載に改める。"),
]


def default_conventions_spec(**over) -> dict:
    s = {
        "header": "table",  # table | lines | numbered | form | sections (label on its line, value below)
        "turns": "inline",  # inline | hanging | block
        "mark": "maru",  # maru | paren | kakko | angle | colon | dot_colon | bare | surname
        "narrative": False,  # 議事要旨: paragraphs, no speakers
        "attendee_style": "headings",  # headings | post_name | name_post | bracket | listed | untitled
        "title_style": "session_first",  # session_first | fiscal_year | session_after
        "body": "架空市個人情報保護審査会",
        "session_no": 3,
        "fiscal_year": 6,
        "held_on": "2024-07-10",
        "start": "10:00",
        "end": "11:30",
        "time_style": "ampm",  # ampm | clock | kanji | closing_line (end printed as `閉会 …` after the body)
        "venue": "架空市役所本庁舎5階第1会議室",
        "audience": "傍聴人 0人",  # as printed; None: no audience row
        "audience_count": 0,
        "agenda": [
            ("(1)", "国民健康保険に関する事務に係る特定個人情報保護評価について", "【公開】"),
            ("ア", "全項目評価書の概要", ""),
            ("イ", "第三者点検", ""),
            ("(2)", "その他", ""),
        ],
        "subject": "国民健康保険に関する事務",
        "agency_count": 2,  # 「課長ほか N 名」: extra people after the first of the agency
        "spaced_names": True,  # `山田 太郎` (a space between surname and given name)
        "professions": False,  # committee members printed with a profession (弁護士 …)
        "stage": True,  # a `《資料により説明》` note after the explainer's label
        "n_qa": 3,
        "between": False,  # a prose stage direction with its points, a heading and a narrative paragraph between turns
        "explains_label": False,  # the explanation printed under `＜健康保険課の説明＞`
        "programme": False,  # `会長あいさつ` (a step of the programme) before the first turn
        "second_header": False,  # a numbered 会議録 block (日時, 場所, 出席者 by surname) after the header
        "programme_rows": False,  # 開会 / 閉会 around the agenda, labelled 議事; (sections) 開会, 会長あいさつ among the rows
    }
    s.update(copy.deepcopy(over))
    return s


def _name(p, spaced: bool) -> str:
    return f"{p[0]} {p[1]}" if spaced else f"{p[0]}{p[1]}"


PROFESSIONS = ["弁護士", "大学教授", "税理士", "公募委員", "社会保険労務士"]


def _people(group, rows) -> list[dict]:
    return [{"group": group, "affiliation": aff, "name": n, "title": t, "headcount": None} for aff, n, t in rows]


def _attendees_more(style: str) -> tuple[list[tuple[str, str]], list[dict]]:
    """Attendee lists as other bodies print them (fictional names):
    column   a post printed once over a column of names (`委　員　高橋 誠` / `伊藤 美香`), the post
             letter-spaced; staff as `name（unit + post）`, a qualified post in brackets
    glued    surname + post in 、-lists, a one-character surname glued to its unit (`椎総務課長`),
             compound posts (`参事兼健康保険課長`, `副参事兼課長補佐（総括）`), a bracketed unit over its
             people, a company's people with 氏, the chair under 主催者, the note-taker under 記録者
    grouped  `委員（…各委員）5名（50音順） 事務局（…）2名` on one line
    sections the groups as lines of one 出席者 value (`委員（敬称略…）`, `欠席者 …`, `事務局 …`)"""
    m = [f"{a} {b}" for a, b in COMMITTEE]
    if style == "column":
        members = f"会　長　{m[0]}\n副会長　{m[1]}\n委　員　{m[2]}\n　　　　{m[3]}\n　　　　{m[4]}"
        staff = "佐藤 一郎（健康保険部健康保険課長）\n中村 直樹（健康保険部健康保険課資格係主任）"
        sec = "小林 明（総務部長）\n加藤 優子（総務部総務課副参事（文書担当））\n西ノ原 勉（総務部総務課長補佐）"
        truth = (
            _people("committee", [(None, m[0], "会長"), (None, m[1], "副会長")] + [(None, n, "委員") for n in m[2:]])
            + _people(
                "agency",
                [("健康保険部健康保険課", "佐藤 一郎", "課長"), ("健康保険部健康保険課資格係", "中村 直樹", "主任")],
            )
            + _people(
                "secretariat",
                [
                    ("総務部", "小林 明", "部長"),
                    ("総務部総務課", "加藤 優子", "副参事（文書担当）"),
                    ("総務部総務課", "西ノ原 勉", "課長補佐"),
                ],
            )
        )
        return [("出席委員", members), ("説明員", staff), ("事務局", sec)], truth
    if style == "glued":
        members = "、".join(f"{a}委員" for a, _ in COMMITTEE[1:])
        sec = "椎総務課長、加藤副参事兼課長補佐（総括）、小林主任主事、今西副主査、記録者"
        staff = "（健康保険課） 佐藤参事兼健康保険課長、中村係長\n（架空システム株式会社） 田村氏、木下氏"
        truth = (
            _people(
                "committee",
                [(None, f"{COMMITTEE[0][0]} {COMMITTEE[0][1]}", "会長")]
                + [(None, a, "委員") for a, _ in COMMITTEE[1:]],
            )
            + _people(
                "secretariat",
                [
                    ("総務課", "椎", "課長"),
                    (None, "加藤", "副参事兼課長補佐（総括）"),
                    (None, "小林", "主任主事"),
                    (None, "今西", "副主査"),
                    ("総務課 文書G", "森 由紀", "副主幹"),
                ],
            )
            + _people(
                "agency",
                [
                    ("健康保険課", "佐藤", "参事兼健康保険課長"),
                    ("健康保険課", "中村", "係長"),
                    ("架空システム株式会社", "田村", None),
                    ("架空システム株式会社", "木下", None),
                ],
            )
        )
        return [
            ("主催者", f"架空市個人情報保護審査会会長　{COMMITTEE[0][0]} {COMMITTEE[0][1]}"),
            ("出席委員", members),
            ("事務局", sec),
            ("記録者", "総務課 文書G 副主幹 森 由紀"),
            ("説明者", staff),
        ], truth
    if style == "grouped":
        names = "・".join(a for a, _ in COMMITTEE)
        value = f"委員 （{names}各委員）5名 （50音順） 事務局（小林課長、加藤主査）2名"
        truth = _people("committee", [(None, a, "委員") for a, _ in COMMITTEE]) + _people(
            "secretariat", [(None, "小林", "課長"), (None, "加藤", "主査")]
        )
        return [("出席者", value)], truth
    if style == "sections":
        # `委員（敬称略…）` alone over the list; unique posts in brackets hold for one name, `【委員】`
        # for the whole list; a given name the dictionary lacks (喜代久); absent members; staff of a
        # 担当 (a unit below the 課) printed without a post; a group heading before a unit + post
        members = (
            f"委員（敬称略、五十音順）\n（会長）{m[0]}、（副会長）{m[1]}\n【委員】{m[2]}、{m[3]}、渡辺喜代久\n"
            "欠席者 森田 一委員、川口 二郎委員"
        )
        sec = "事務局 総務部長 小林 明、総務課文書担当 加藤 優子"
        staff = "諮問及び案件関係部署 健康保険課資格担当主幹 佐藤 一郎、健康保険課副課長ほか2名"
        truth = (
            _people(
                "committee",
                [
                    (None, m[0], "会長"),
                    (None, m[1], "副会長"),
                    (None, m[2], "委員"),
                    (None, m[3], "委員"),
                    (None, "渡辺喜代久", "委員"),
                ],
            )
            + _people("secretariat", [("総務部", "小林 明", "部長"), ("総務課文書担当", "加藤 優子", None)])
            + _people("agency", [("健康保険課資格担当", "佐藤 一郎", "主幹")])
            + [{"group": "agency", "affiliation": "健康保険課", "name": None, "title": "副課長", "headcount": 3}]
        )
        return [("出席者", f"{members}\n{sec}\n{staff}")], truth
    raise ValueError(style)


def _attendees(s) -> tuple[list[tuple[str, str]], list[dict]]:
    """(header rows as (label, value), truth rows)."""
    style = s["attendee_style"]
    if style in ("column", "glued", "grouped", "sections"):
        return _attendees_more(style)
    sp = s["spaced_names"] and style != "listed"  # a 、-list runs name and title together
    members = [
        (
            _name(p, sp),
            "会長" if i == 0 else ("副会長" if i == 1 else "委員"),
            PROFESSIONS[i] if s["professions"] else None,
        )
        for i, p in enumerate(COMMITTEE)
    ]
    # under a ＜委員＞ heading a plain member prints no title: the row's title is NULL
    untitled = style in ("headings", "bracket", "untitled")

    def printed_title(t):
        return None if style == "untitled" or (untitled and t == "委員") else t

    truth = [
        {"group": "committee", "affiliation": prof, "name": n, "title": printed_title(t), "headcount": None}
        for n, t, prof in members
    ]
    ag_dept, ag_first = AGENCY[0][0], AGENCY[0]
    extra = s["agency_count"]
    agency_text = f"{ag_dept} {ag_first[1]}課長" + (f"ほか{extra}名" if extra else "")
    truth.append(
        {
            "group": "agency",
            "affiliation": ag_dept,
            "name": ag_first[1],
            "title": "課長",
            "headcount": extra + 1 if extra else None,
        }
    )
    full = style in ("post_name", "name_post")
    dept = SECRETARIAT[0][0]
    sec_text = f"{dept} " + "、".join(f"{_name((a, b), sp)} {t}" if full else f"{a}{t}" for _, a, b, t in SECRETARIAT)
    for d, a, b, t in SECRETARIAT:
        truth.append(
            {
                "group": "secretariat",
                "affiliation": d,
                "name": _name((a, b), sp) if full else a,
                "title": t,
                "headcount": None,
            }
        )

    def member(n, t, prof):
        extra_p = f"（{prof}）" if prof else ""
        if style == "post_name":
            return f"{t}　{n}{extra_p}"
        if style == "name_post":
            return f"{n}{extra_p}　{t}"
        if printed_title(t) is None:
            return f"{n}{extra_p}"
        if style == "bracket":
            return f"{n}【{t}】{extra_p}"
        if style == "listed":
            return f"{n}{t}{extra_p}"
        return f"{n}（{t}）{extra_p}"

    if style == "listed":
        return [
            ("出席委員", "、".join(member(*m) for m in members)),
            ("説明者", agency_text),
            ("事務局", sec_text),
        ], truth
    if full:
        return [
            ("出席委員", "\n".join(member(*m) for m in members)),
            ("説明者", agency_text),
            ("事務局", sec_text),
        ], truth
    sep = "　" if style == "untitled" else "、"
    value = (
        "＜委員＞\n" + sep.join(member(*m) for m in members) + f"\n＜実施機関＞\n{agency_text}\n＜事務局＞\n{sec_text}"
    )
    return [("出席者", value)], truth


def _title(s) -> str:
    body, n = s["body"], s["session_no"]
    if s["title_style"] == "fiscal_year":
        return f"令和{s['fiscal_year']}年度第{n}回{body}"
    if s["title_style"] == "session_after":
        return f"{body}（第{n}回）"
    return f"第{n}回{body}"


def _datetime(s) -> str:
    st = s["time_style"]
    if st == "clock":
        return f"{jdate(s['held_on'])} {s['start']}～{s['end']}"
    if st == "kanji":
        return f"{jdate(s['held_on'], kanji=True)} {jtime(s['start'], kanji=True)}から{jtime(s['end'], kanji=True)}まで"
    if st == "closing_line":
        return f"{jdate(s['held_on'])} {jtime(s['start'])}から"
    return f"{jdate(s['held_on'])} {jtime(s['start'])}から{jtime(s['end'])}まで"


def _label(mark: str, who: str) -> str:
    return {
        "maru": f"○{who}",
        "paren": f"（{who}）",
        "kakko": f"【{who}】",
        "angle": f"＜{who}＞",
        "colon": f"{who}：",
        "dot_colon": f"・{who}：",
        "bare": who,
        "surname": f"{who}：",
    }[mark]


# mark `surname`: each speaker printed by the surname of the listed person speaking
SURNAME_LABELS = {
    "会長": COMMITTEE[0][0],
    "鈴木副会長": COMMITTEE[1][0],
    "委員": COMMITTEE[2][0],
    "健康保険課長": AGENCY[0][1],
    "中村係長": AGENCY[1][1],
    "事務局": SECRETARIAT[0][1],
}


def _turns(s) -> list[tuple[str, str, str, str | None]]:
    """(speaker as printed without marks, group, words, note)"""
    out = [
        ("会長", "chair", "ただいまから会議を開会します。本日の議題について、事務局から説明をお願いします。", None),
        (
            "事務局",
            "secretariat",
            "本日は、国民健康保険に関する事務の全項目評価書について、第三者点検をお願いするものです。"
            "評価書の概要は、担当課から説明します。",
            None,
        ),
        (
            "健康保険課長",
            "agency",
            "それでは、資料に沿って全項目評価書の概要をご説明いたします。今回の評価は、システムの更新に伴い再実施するものでございます。",
            "《資料により説明》" if s["stage"] else None,
        ),
    ]
    for i, (q, a) in enumerate(QA[: s["n_qa"]]):
        who = ("鈴木副会長", "committee") if i == 1 else ("委員", "committee")
        out.append((who[0], who[1], q, None))
        out.append(("健康保険課長" if i % 2 == 0 else "中村係長", "agency", a, None))
    out.append(("会長", "chair", "以上で本日の審議を終了します。答申案は事務局で作成してください。", None))
    return out


NARRATIVE = [
    ("1 開会", []),
    (
        "2 議事",
        [
            "事務局から、国民健康保険に関する事務に係る全項目評価書について、資料に基づき説明があった。"
            "今回の評価はシステムの更新に伴い再実施するものである。"
        ],
    ),
    (
        "(1) 質疑",
        [
            "委員から、委託先の監督の方法について質問があり、担当課から、契約書に安全管理措置を定め、定期的に報告を求めて確認している旨の回答があった。",
            "委員から、職員の研修の状況について質問があり、担当課から、全職員を対象に年一回実施している旨の回答があった。",
        ],
    ),
    ("(2) 結論", ["審議の結果、評価書の記載は適当であるとの意見でまとまった。"]),
    ("3 閉会", []),
]


def conventions_minutes(spec: dict | None = None, messy: Messy = CLEAN) -> tuple[bytes, dict]:
    s = spec or default_conventions_spec()
    title = _title(s)
    kind = "議事要旨" if s["narrative"] else "会議録"
    blocks: list = [Para(f"{title}　{kind}", size=13, align="center", space_after=10)]
    att_rows, att_truth = _attendees(s)
    agenda_text = "\n".join(f"{no} {t}{mark}" for no, t, mark in s["agenda"])
    rows = [("日時", _datetime(s)), ("場所", s["venue"])] + att_rows
    if s["audience"] and s["header"] != "form":
        rows.append(("傍聴", s["audience"]) if s["audience"].startswith("公開") else tuple(s["audience"].split(" ", 1)))
    if s["programme_rows"]:  # the programme printed with the agenda: its steps are no items
        rows.append(("議事", f"開会\n{agenda_text}\n閉会"))
    else:
        rows.append(("議題", agenda_text))
    h = s["header"]
    if h == "table":
        spaced = {"日時": "日　時", "場所": "場　所", "議題": "議　題"}
        blocks.append(
            Table([18, 82], [[Cell(spaced.get(a, a), role="label", align="center"), Cell(b)] for a, b in rows])
        )
    elif h == "lines":
        for a, b in rows:
            first, *more = b.split("\n")
            blocks.append(Para(f"{a}：{first}", size=10.5, space_after=1))
            for extra in more:
                blocks.append(Para(extra, size=10.5, indent=10.5 * (len(a) + 1), space_after=1))
    elif h == "numbered":
        for i, (a, b) in enumerate(rows, 1):
            blocks.append(Para(f"{i} {a}", size=10.5, space_before=4, space_after=1))
            blocks.append(Para(b, size=10.5, indent=21, space_after=1))
    elif h == "sections":
        for a, b in rows:
            if a == "議事":  # steps of the programme in the label column, between the rows
                for step in ("開会", "会長あいさつ"):
                    blocks.append(Para(step, size=10.5, space_before=4, space_after=1))
            blocks.append(Para(a, size=10.5, space_before=4, space_after=1))
            blocks.append(Para(b, size=10.5, indent=21, space_after=1))
    elif h == "form":
        form = (
            [("会議の名称", s["body"]), ("開催日時", _datetime(s)), ("開催場所", s["venue"])]
            + att_rows
            + [
                ("議題", agenda_text),
                ("公開・非公開の別", "■公開　□非公開　□一部非公開"),
                (
                    "傍聴人数",
                    s["audience"].split(" ", 1)[1] if s["audience"] and not s["audience"].startswith("公開") else "0人",
                ),
                ("会議録の作成方法", "□全文記録　■要点記録"),
            ]
        )
        blocks.append(Table([22, 78], [[Cell(a, role="label"), Cell(b)] for a, b in form]))
    else:
        raise ValueError(h)

    if s["second_header"]:
        # the 会議録 page after a cover form: when, where and who again, members by surname
        blocks.append(Para(f"{s['body']}会議録", size=12, align="center", space_before=10, space_after=6))
        members = "　".join(f"・{a}委員" for a, _ in COMMITTEE)
        for i, (a, b) in enumerate([("日時", _datetime(s)), ("場所", s["venue"]), ("出席者", members)], 1):
            blocks.append(Para(f"{i} {a}　{b}", size=10.5, space_after=1))
    utter: list[dict] = []
    if s["narrative"]:
        blocks.append(Para("議事の経過", size=11, space_before=8, space_after=4))
        for head, paras in NARRATIVE:
            blocks.append(Para(head, size=10.5, space_before=3))
            for p in paras:
                blocks.append(Para("　" + p, size=10.5, indent=10.5))
                utter.append(
                    {
                        "seq": len(utter) + 1,
                        "speaker": None,
                        "speaker_group": "narrative",
                        "text": fold(p)[:30],
                        "chars": len(fold(p).replace("\n", "")),
                        "note": None,
                    }
                )
    else:
        blocks.append(
            Para(
                "議事の経過" if h != "numbered" else f"{len(rows) + 1} 議事の経過",
                size=11,
                space_before=8,
                space_after=4,
            )
        )
        if s["programme"]:  # a step of the programme printed like a speaker line: no turn
            blocks.append(Para("会長あいさつ", size=10.5, space_before=2))
        pending_note = ""
        for k, (who, group, words, note) in enumerate(_turns(s)):
            printed = who
            if s["explains_label"] and who == "健康保険課長" and k == 2:
                printed = who = "健康保険課の説明"  # `＜健康保険課の説明＞` over the explanation
            if s["mark"] == "surname":
                # speakers labelled by surname alone (`山田：`): no lexicon knows the word, the
                # document teaches it by printing it at the start of several turns
                printed = who = SURNAME_LABELS[who]
                if who == AGENCY[1][1] and s["attendee_style"] == "post_name":
                    group = "unknown"  # 中村 is one of 「ほか2名」: no list says whose staff
            lab = f"＜{printed}＞" if printed.endswith("の説明") else _label(s["mark"], printed)
            t = s["turns"]
            if s["between"] and k == 1:
                # a prose stage direction and the points it covered: the note of the next turn
                stage = [
                    "事務局から、資料に基づき説明を行った。",
                    "・評価の対象となる事務の概要",
                    "・第三者点検の進め方",
                ]
                for line in stage:
                    blocks.append(Para(line, size=10.5, space_before=2))
                pending_note = "".join(fold(x).replace(" ", "") for x in stage)
            if s["between"] and k == 3:
                # directions on lines of their own, one wrapped over two lines
                stage = [
                    "（事務局による資料確認）",
                    "【健康保険課が資料1「国民健康保険に関する事務に係る全項目評価書（案）」及び資料2「リスク対策の概要」"
                    "に基づき説明】",
                ]
                for line in stage:
                    blocks.append(Para(line, size=10.5, space_before=2))
                pending_note = "".join(fold(x).replace(" ", "") for x in stage)
            if s["between"] and k == 5:
                blocks.append(Para("（質疑応答の要旨）", size=10.5, space_before=2))  # a heading, no row
                para = (
                    "委員から、委託先の監督の方法について追加の資料を求める意見があり、担当課は次回までに"
                    "資料を用意することとなった。"
                )
                blocks.append(Para(para, size=10.5, space_before=2))
                utter.append(
                    {
                        "seq": len(utter) + 1,
                        "speaker": None,
                        "speaker_group": "narrative",
                        "text": fold(para)[:30],
                        "chars": len(fold(para).replace("\n", "")),
                        "note": None,
                    }
                )
            if s["between"] and k == 7:
                # a step record set apart from the turns by a sub-heading of the item: the
                # minute-taker's account of that part, a narrative row; the sub-heading no row
                para = "健康保険課から、追加資料に基づき説明を行った。"
                blocks.append(Para(para, size=10.5, space_before=2))
                blocks.append(Para("（主な質疑・意見）", size=10.5, space_before=2))
                utter.append(
                    {
                        "seq": len(utter) + 1,
                        "speaker": None,
                        "speaker_group": "narrative",
                        "text": fold(para)[:30],
                        "chars": len(fold(para).replace("\n", "")),
                        "note": None,
                    }
                )
            printed_note, note = note, (pending_note + (note or "")) or None  # the parser keeps both
            pending_note = ""
            if t == "block" or lab.startswith("＜") and lab.endswith("の説明＞"):
                blocks.append(Para(lab + (printed_note or ""), size=10.5, space_before=2, space_after=1))
                blocks.append(Para(words, size=10.5, indent=10.5))
            elif t == "hanging":
                pad = "　" * max(1, 7 - len(lab))
                blocks.append(
                    Para(f"{lab}{pad}{printed_note or ''}{words}", size=10.5, hang=10.5 * (len(lab) + len(pad)))
                )
            else:
                gap = "" if s["mark"] in ("colon", "dot_colon", "kakko", "angle", "paren") else "　"
                blocks.append(Para(f"{lab}{gap}{printed_note or ''}{words}", size=10.5))
            utter.append(
                {
                    "seq": len(utter) + 1,
                    "speaker": who,
                    "speaker_group": group,
                    "text": fold(words)[:30],
                    "chars": len(fold(words).replace("\n", "")),
                    "note": note,
                }
            )
    if s["time_style"] == "closing_line":
        blocks.append(Para(f"閉会　{jtime(s['end'])}", size=10.5, align="right", space_before=6))
    pdf = render(Document(blocks, decor=[Decor("- {page} -", "bottom-center")]), messy)
    truth = {
        "kind": "meeting",
        "title": fold(f"{title}{kind}"),
        "body": s["body"],
        "session_no": s["session_no"],
        "held_on": s["held_on"],
        "start_time": s["start"],
        "end_time": s["end"],
        "venue": s["venue"],
        "audience_count": s["audience_count"],
        "agenda": [fold(t) for _, t, _ in s["agenda"]],
        "subject": s["subject"],
        "attendees": att_truth,
        "utterance_count": len(utter),
        "utterances": utter,
    }
    return pdf, truth
