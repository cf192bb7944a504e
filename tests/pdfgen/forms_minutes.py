"""Minutes (議事録/会議録) of a 個人情報保護審査会 in the header layouts of seeds 000/001 (北九州市:
日時/項目/出席者/事務局/傍聴人/内容 table, `○諮問庁説明` section marks, speaker turns `（保険年金課）`
on their own line or inline, `《…が説明》` narrative) and seed 002 (和泉市: 会議の名称/開催日時/
開催場所/出席者/会議の議題/会議録の作成方法 with □/■, speakers at line start `委員　　text`).
Speaker styles: paren, paren_inline, maru (○委員), colon (委員：), kakko (【委員】), named (時枝会長),
lead (委員　　text).  `minutes(spec, messy)` -> (pdf, truth in the shape of samples/seed0*.expected.json).
"""

from __future__ import annotations

import copy
import datetime as dt
import random

from .common import fold, wareki, wareki_wd
from .messy import CLEAN, Messy
from .render import Cell, Decor, Document, Para, Table, render

QA = [
    (
        "今回の評価書で前回から変更になったところはどこか。",
        "主な変更点は、システムの標準化に伴う委託先の追加と、保管場所の変更である。",
    ),
    (
        "委託先で特定個人情報が漏えいした場合、どのように対応するのか。",
        "契約書に報告義務を定めており、直ちに報告を受けて被害の拡大防止と原因の究明を行う。",
    ),
    (
        "クラウドに移行することでリスクは増えないのか。",
        "ISMAPに登録されたクラウドサービスを利用し、通信は暗号化している。アクセスできる者も限定している。",
    ),
    (
        "再委託先の管理はどのように行っているのか。",
        "再委託は事前の書面による承諾を条件とし、委託先と同等の安全管理措置を求めている。",
    ),
    (
        "職員に対する研修はどの程度行っているのか。",
        "全職員を対象とした情報セキュリティ研修を年1回実施し、受講状況を確認している。",
    ),
    ("パブリックコメントで意見はあったか。", "期間中に寄せられた意見はなかった。"),
    (
        "アクセスログはどのくらいの期間保存しているのか。",
        "アクセスログは5年間保存し、定期的に不審なアクセスがないか確認している。",
    ),
    ("死者の個人番号はどのように管理しているのか。", "生存する者と同様に管理し、保存期間の経過後に消去している。"),
]


def default_minutes_spec(**over) -> dict:
    s = {
        "layout": "kitakyushu",  # kitakyushu (seed 000/001) | izumi (seed 002)
        "speaker_style": "paren",  # paren | paren_inline | maru | colon | kakko | named | lead
        "municipality": "北九州市",
        "body": "北九州市個人情報保護審査会",
        "session_no": 22,
        "held_on": "2024-01-19",
        "start": "10:00",
        "end": "10:40",
        "venue": None,
        "audience": 0,
        "subject": "国民健康保険に関する事務",
        "agenda": None,  # default: 「<subject>に係る特定個人情報保護評価について（公開審議）」
        "committee": [("時枝", "会長"), ("姜", "委員"), ("重永", "委員")],
        "agency": [("保健福祉局保険年金課", "世利", "課長"), ("保健福祉局保険年金課", "大山", "係長")],
        "secretariat": [("総務局文書館", "阪本", "館長"), ("総務局文書館", "芦屋", "係長")],
        "n_qa": 4,
        "seed": 0,
        "outcome": "以上を踏まえ、答申書を作成する。",
    }
    s.update(copy.deepcopy(over))
    return s


def _short(dept: str) -> str:
    """保健福祉局保険年金課 -> 保険年金課 (how agency speakers are printed)"""
    for sep in ("局", "室", "部"):
        if sep in dept and not dept.endswith(sep):
            dept = dept.rsplit(sep, 1)[-1]
    return dept


def _label(style: str, who: str) -> str:
    return {
        "paren": f"（{who}）",
        "paren_inline": f"（{who}）",
        "maru": f"○{who}",
        "colon": f"{who}：",
        "kakko": f"【{who}】",
        "named": who,
        "lead": who,
    }[style]


def _jtime(hhmm: str) -> str:
    h, m = map(int, hhmm.split(":"))
    return (
        f"{'午前' if h < 12 else '午後'}{h if h <= 12 else h - 12}時{m}分"
        if m
        else f"{'午前' if h < 12 else '午後'}{h if h <= 12 else h - 12}時"
    )


def minutes(spec: dict | None = None, messy: Messy = CLEAN, name: str | None = None) -> tuple[bytes, dict]:
    s = spec or default_minutes_spec()
    rnd = random.Random(s["seed"])
    style = s["speaker_style"]
    agenda = s["agenda"] or [f"{s['subject']}に係る特定個人情報保護評価について（公開審議）"]
    chair = next((n for n, t in s["committee"] if t == "会長"), None)
    dept = _short(s["agency"][0][0])
    head_agency = s["agency"][0]

    # who speaks, in the style's words
    def spk(group: str) -> tuple[str, str]:
        if style == "named":
            if group == "chair":
                return f"{chair}会長", "chair"
            if group == "committee":
                n, t = rnd.choice([c for c in s["committee"] if c[1] != "会長"] or s["committee"])
                return f"{n}{t}", "committee"
            n = rnd.choice(s["agency"])
            return f"{n[1]}{n[2]}", "agency"
        if group in ("committee", "chair"):
            return ("委員" if style in ("maru", "colon", "kakko", "lead") else "審査会委員"), "committee"
        return dept, "agency"

    turns: list[tuple[str, str, str, str | None]] = []  # (section, speaker, group, text)
    explain = (
        f"本日の審査会に先立ちまして、特定個人情報保護評価の手続として、パブリックコメントの募集を実施いたしました。"
        f"それでは、{s['subject']}に係る全項目評価書について、資料に沿ってご説明いたします。"
    )
    if style == "named" and chair:
        turns.append(("開会", *spk("chair"), "ただいまから審査会を開会します。諮問庁から説明をお願いします。"))
    turns.append(("諮問庁説明", *spk("agency"), explain))
    for q, a in rnd.sample(QA, min(s["n_qa"], len(QA))):
        turns.append(("質疑応答", *spk("committee"), q))
        turns.append(("質疑応答", *spk("agency"), a))

    blocks: list = []
    utter = []
    if s["layout"] == "kitakyushu":
        title = f"第{s['session_no']}回 特定個人情報保護評価「第三者点検」 議事録"
        blocks.append(Para(title, size=13, align="center", space_after=10))
        att = "審査会委員 " + "、".join(f"{n}{t}" for n, t in s["committee"])
        by_dept: dict[str, list[str]] = {}
        for d, n, t in s["agency"]:
            by_dept.setdefault(d, []).append(f"{n}{t}")
        att += " " + " ".join(f"{d} {'、'.join(v)}" for d, v in by_dept.items())
        sec = {}
        for d, n, t in s["secretariat"]:
            sec.setdefault(d, []).append(f"{n}{t}")
        rows = [
            ("日 時", f"{wareki_wd(s['held_on'])}{s['start']}～{s['end']}"),
            ("項 目", "\n".join(agenda)),
            ("出席者", att),
            ("事務局", " ".join(f"{d} {'、'.join(v)}" for d, v in sec.items())),
            ("傍聴人", f"{s['audience']}人"),
            ("内 容", ""),
        ]
        blocks.append(Table([15, 85], [[Cell(a, role="label", align="center"), Cell(b)] for a, b in rows]))
        last_sec = None
        for i, (section, who, group, text) in enumerate(turns):
            if section != last_sec and style != "named":
                blocks.append(Para(f"○{section}", size=10.5, space_before=6))
                last_sec = section
            lab = _label(style, who)
            note = None
            if i == 0 and style == "paren":
                note = f"《{head_agency[1]}{head_agency[2]}が{s['subject']}に係る全項目評価書(案)について説明》"
            if style in ("paren", "maru", "kakko", "named"):  # label on its own line
                if note:
                    blocks.append(Para(lab + note, size=10.5))
                else:
                    blocks.append(Para(lab, size=10.5))
                blocks.append(Para(text, size=10.5, indent=10.5))
            else:  # inline label
                blocks.append(Para(f"{lab} {text}" if style == "paren_inline" else f"{lab}{text}", size=10.5))
            utter.append(
                {
                    "seq": i + 1,
                    "speaker": fold(who),
                    "speaker_raw": lab,
                    "speaker_group": group,
                    "text": fold(text),
                    "chars": len(fold(text).replace("\n", "")),
                    **({"note": note} if note else {}),
                }
            )
        blocks.append(Para("○結論", size=10.5, space_before=6))
        blocks.append(Para(s["outcome"], size=10.5))
        # a paragraph printed between or after the turns without a speaker: a narrative row
        utter.append(
            {
                "seq": len(utter) + 1,
                "speaker": None,
                "speaker_raw": None,
                "speaker_group": "narrative",
                "text": fold(s["outcome"]),
                "chars": len(fold(s["outcome"])),
            }
        )
        decor = [Decor("{page}", "bottom-center")]
    else:
        title = "会議録"
        blocks.append(Para("会 議 録", size=14, align="center", space_after=10))
        att = ["・個人情報保護審査会委員", "、".join(f"{n}{t}" for n, t in s["committee"])]
        by_dept = {}
        for d, n, t in s["agency"]:
            by_dept.setdefault(d, []).append(f"{n}{t}")
        for d, v in by_dept.items():
            att += [f"・実施機関({d})", "、".join(v)]
        sec = {}
        for d, n, t in s["secretariat"]:
            sec.setdefault(d, []).append(f"{n}{t}")
        for d, v in sec.items():
            att += [f"・事務局職員({d})", "、".join(v)]
        rows = [
            ("会議の名称", s["body"]),
            (
                "開催日時",
                f"{wareki(s['held_on'])}({'月火水木金土日'[dt.date.fromisoformat(s['held_on']).weekday()]}) {_jtime(s['start'])}から{_jtime(s['end'])}まで",
            ),
            ("開催場所", s["venue"] or ""),
            ("出席者", "\n".join(att)),
            ("会議の議題", "\n".join(f"{i} {a}" for i, a in enumerate(agenda, 1))),
            ("会議の要旨", "・所管課及び事務局から案件の説明を受け、質疑応答を行った。"),
            ("会議録の作成方法", "□ 全文記録　■ 要点記録"),
            ("記録内容の確認方法", "□ 会議の議長の確認を得ている　■ 出席した委員全員の確認を得ている　□ その他()"),
            ("その他の必要事項", "会議公開(傍聴者なし)" if not s["audience"] else f"会議公開(傍聴者{s['audience']}名)"),
        ]
        blocks.append(Table([22, 78], [[Cell(a, role="label"), Cell(b)] for a, b in rows]))
        blocks.append(
            Para("審 議 内 容 (発言者、発言内容、審議経過、結論等)", size=10.5, align="center", space_before=8)
        )
        for i, (_section, who, group, text) in enumerate(turns):
            lab = who if style in ("lead", "named") else _label(style, who)
            pad = (
                "　" * max(1, 7 - len(lab))
                if style == "lead"
                else ("" if style in ("colon", "kakko", "maru") else "　")
            )
            blocks.append(Para(f"{lab}{pad}{text}", size=10.5))
            utter.append(
                {
                    "seq": i + 1,
                    "speaker": fold(who),
                    "speaker_raw": lab,
                    "speaker_group": group,
                    "text": fold(text),
                    "chars": len(fold(text).replace("\n", "")),
                }
            )
        decor = [Decor("{page}", "bottom-center")]
    pdf = render(Document(blocks, decor=decor), messy)
    truth = {
        "name": name,
        "kind": "meeting",
        "municipality": s["municipality"],
        "title": fold(title),
        "body": s["body"],
        "session_no": s["session_no"] if s["layout"] == "kitakyushu" else None,
        "held_on": s["held_on"],
        "start_time": s["start"],
        "end_time": s["end"],
        "venue": s["venue"],
        "audience_count": s["audience"],
        "agenda": [fold(a) for a in agenda],
        "subject": s["subject"],
        "outcome": fold(s["outcome"]) if s["layout"] == "kitakyushu" else None,
        "attendees": [{"group": "committee", "affiliation": None, "name": n, "title": t} for n, t in s["committee"]]
        + [{"group": "agency", "affiliation": d, "name": n, "title": t} for d, n, t in s["agency"]]
        + [{"group": "secretariat", "affiliation": d, "name": n, "title": t} for d, n, t in s["secretariat"]],
        "utterance_count": len(utter),
        "utterances": utter,
    }
    return pdf, truth
