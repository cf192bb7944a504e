"""Templates of the official 評価書 forms: 基礎項目評価書 (様式2), 重点項目評価書 (様式3),
全項目評価書 (様式4).  Labels, numbering (①②…), ＜選択肢＞ lists and block names (システムN,
委託事項N, 提供先N, 移転先N, リスクN) follow seed 003 and the LibreOffice printouts in
data/raw/samples.  Each template takes a spec dict (see `default_spec`) and returns
(pdf_bytes, truth) where truth has the shape of samples/*.expected.json (keys per SCHEMA.md).
"""

from __future__ import annotations

import copy

from .common import ROMAN, circled, count_range, fold, wareki
from .messy import CLEAN, Messy
from .render import CHECKED, UNCHECKED, Cell, Decor, Document, PageBreak, Para, Table, render

# ---------------------------------------------------------------------------- option lists
O_POP_KISO = [
    "1,000人未満(任意実施)",
    "1,000人以上1万人未満",
    "1万人以上10万人未満",
    "10万人以上30万人未満",
    "30万人以上",
]
O_POP = ["1,000人未満", "1,000人以上1万人未満", "1万人以上10万人未満", "10万人以上30万人未満", "30万人以上"]
O_NET = ["実施する", "実施しない", "未定"]
O_500 = ["500人以上", "500人未満"]
O_INCIDENT = ["発生あり", "発生なし"]
O_KIND = ["基礎項目評価書", "基礎項目評価書及び重点項目評価書", "基礎項目評価書及び全項目評価書"]
O_SUFF = ["特に力を入れている", "十分である", "課題が残されている"]
O_DONE = ["特に力を入れて行っている", "十分に行っている", "十分に行っていない"]
O_FILEKIND = ["システム用ファイル", "その他の電子ファイル(表計算ファイル等)"]
O_PERSONS = ["1万人未満", "1万人以上10万人未満", "10万人以上100万人未満", "100万人以上1,000万人未満", "1,000万人以上"]
O_ITEMS = ["10項目未満", "10項目以上50項目未満", "50項目以上100項目未満", "100項目以上"]
O_USERS = [
    "10人未満",
    "10人以上50人未満",
    "50人以上100人未満",
    "100人以上500人未満",
    "500人以上1,000人未満",
    "1,000人以上",
]
O_ITAKU = ["委託する", "委託しない"]
O_SCOPE = ["特定個人情報ファイルの全体", "特定個人情報ファイルの一部"]
O_SUB = ["再委託する", "再委託しない"]
O_KEEP = [
    "1年未満",
    "1年",
    "2年",
    "3年",
    "4年",
    "5年",
    "6年以上10年未満",
    "10年以上20年未満",
    "20年以上",
    "定められていない",
]
O_YN = ["行っている", "行っていない"]
O_REC = ["記録を残している", "記録を残していない"]
O_LIMIT = ["制限している", "制限していない"]
O_RULE = ["定めている", "定めていない"]
O_FEE = ["有料", "無料"]
O_THRESH = [
    "基礎項目評価及び全項目評価の実施が義務付けられる",
    "基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)",
    "基礎項目評価の実施が義務付けられる(任意に全項目評価を実施)",
    "特定個人情報保護評価の実施が義務付けられない(任意に全項目評価を実施)",
]
LINKS = [
    "情報提供ネットワークシステム",
    "庁内連携システム",
    "住民基本台帳ネットワークシステム",
    "既存住民基本台帳システム",
    "宛名システム等",
    "税務システム",
    "その他",
]
METHODS = ["専用線", "電子メール", "電子記録媒体(フラッシュメモリを除く。)", "フラッシュメモリ", "紙", "その他"]
SOURCES = [
    "本人又は本人の代理人",
    "評価実施機関内の他部署",
    "行政機関・独立行政法人等",
    "地方公共団体・地方独立行政法人",
    "民間事業者",
    "その他",
]

FORM_NO = {"kiso": 2, "juten": 3, "zenkomoku": 4}
FORM_TITLE = {"kiso": "基礎項目評価書", "juten": "重点項目評価書", "zenkomoku": "全項目評価書"}

P_NYUSHU = "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)"
P_SHIYO = "特定個人情報の使用"
P_ITAKU = "特定個人情報ファイルの取扱いの委託"
P_TEIKYO = "特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)"
P_NET = "情報提供ネットワークシステムとの接続"
P_HOKAN = "特定個人情報の保管・消去"
P_JINTE = "人手を介在させる作業"


def default_spec(**over) -> dict:
    """A complete spec for 北九州市's 国民健康保険 assessment; override any key."""
    s = {
        "form": "kiso",
        "revision": "令和6年10月",  # printed 様式 marker: 令和6年10月 / 平成30年5月 / 平成26年4月
        "municipality": "北九州市",
        "prefecture": "福岡県",
        "code": "401005",
        "organization": "北九州市長",
        "jimu": "国民健康保険に関する事務",
        "assessment_no": 7,
        "published_on": None,  # ISO date or None (blank 公表日 cell)
        "notes": "—",  # 特記事項
        "summary": "国民健康保険法に基づく事務のうち、特定個人情報ファイルを使用して実施する事務の内容は、以下のとおり。\n1 被保険者資格の取得・異動\n2 医療保険の給付\n3 保険料の賦課決定及び変更",
        "file_name": "国民健康保険情報ファイル",
        "legal_basis": "・番号法第9条第1項 別表44の項\n・番号法別表の主務省令で定める事務を定める命令第24条",
        "network": 1,
        "network_basis": "・情報提供の根拠規定 番号法第19条第8号に基づく利用特定個人情報の提供に関する命令 第2条の表",
        "department": "北九州市保健福祉局保険年金課",
        "chief": "保険年金課長",
        "claim_to": "〒803-0814 北九州市小倉北区大手町11番5号 北九州市立文書館",
        "contact": "〒803-8501 北九州市小倉北区城内1番1号 北九州市保健福祉局保険年金課 093-582-2415",
        "population": 5,
        "handlers_500": 2,
        "incident": 2,
        "count_date": "2026-03-31",
        "submitted": None,  # IV.1 index; None = derived from the thresholds
        "risk": {},  # key -> index into O_SUFF (default 2 十分である)
        "persons": 3,
        "items": 4,
        "users": 4,
        "keep": 7,
        "systems": [
            {
                "name": "国民健康保険システム",
                "functions": "1 資格管理機能\n2 保険料賦課機能\n3 給付管理機能",
                "links": ["庁内連携システム", "宛名システム等"],
                "other": None,
            },
            {
                "name": "中間サーバー",
                "functions": "1 符号管理機能\n2 情報照会機能\n3 情報提供機能",
                "links": ["情報提供ネットワークシステム"],
                "other": None,
            },
        ],
        "entrustments": [
            {
                "title": "国民健康保険システム運用保守業務",
                "content": "国民健康保険システムの運用及び保守業務",
                "scope": 1,
                "handlers": 2,
                "contractor": "株式会社日立システムズ九州支社",
                "subcontract": False,
                "subcontract_items": "",
            }
        ],
        "provides": [
            {
                "recipient": "番号法第19条第8号別表に定める情報照会者",
                "basis": "番号法第19条第8号",
                "purpose": "番号法第19条第8号別表に定める各事務",
                "info": "医療保険給付関係情報",
                "method": "情報提供ネットワークシステム",
            }
        ],
        "transfers": [
            {
                "recipient": "保健福祉局保護課",
                "basis": "番号法第9条第2項",
                "purpose": "生活保護事務",
                "info": "国民健康保険給付関係情報",
                "method": "庁内連携システム",
            }
        ],
        "cloud": None,  # text mentioning クラウド/ISMAP/ガバメントクラウド, printed in 保管場所
        "changes": [
            {
                "date": "2016-04-01",
                "item": "Ⅱしきい値判断項目",
                "before": "10万人以上30万人未満",
                "after": "30万人以上",
                "timing": "事前",
                "note": "",
            }
        ],
        "public_comment": ("2026-04-01", "2026-04-30"),
        "third_party": "北九州市個人情報保護審査会による第三者点検を実施。",
        "dept_header": None,  # running department name printed top-left on every page
    }
    s.update(copy.deepcopy(over))
    return s


def thresholds(spec: dict) -> int:
    """Which 評価書 the しきい値 rules require: 1 基礎, 2 基礎+重点, 3 基礎+全項目 (index into O_KIND)."""
    pop, big, inc = spec["population"], spec["handlers_500"] == 1, spec["incident"] == 1
    if pop >= 5:
        return 3
    if pop == 4:
        return 3 if (big or inc) else 2
    if pop == 3:
        return 2 if (big or inc) else 1
    return 1


class Form:
    """Collects table rows and, for every row, the ground truth an extractor should yield."""

    W4 = [9, 27, 36, 28]  # group | label | value | ＜選択肢＞

    def __init__(self, spec: dict):
        self.spec = spec
        self.blocks: list = []
        self.rows: list[list[Cell]] | None = None
        self.t = {
            k: []
            for k in ("fields", "choices", "checks", "entrustments", "risk_measures", "transfers", "systems", "changes")
        }
        self.file_no = None

    # -- layout
    def part(self, roman: str, title: str, new_page=True):
        self.flush()
        if new_page and self.blocks:
            self.blocks.append(PageBreak())
        self.blocks.append(Para(f"{ROMAN[roman]} {title}", size=10.2, space_before=2))
        self.rows = []

    def flush(self):
        if self.rows:
            self.blocks.append(Table(self.W4, self.rows))
        self.rows = []

    def head(self, text: str):
        self.rows.append([Cell(text, role="head", colspan=4)])

    # -- rows with truth
    def _lab(self, label: str, sub: bool):
        if sub:
            return [Cell("", role="blank"), Cell(label, role="label")]
        return [Cell(label, role="label", colspan=2)]

    def field(self, key, label, value, sub=False, num=None):
        shown = f"{circled(num)}{label}" if num else label
        self.rows.append(self._lab(shown, sub) + [Cell(value, colspan=2)])
        self.t["fields"].append(
            {
                "key": key,
                "file_no": self.file_no,
                "label": fold(f"{num or ''}{label}") if label else None,
                "value": fold(value),
            }
        )

    def span(self, key, value):
        """a value printed across the table without a label, keyed by its section title"""
        self.rows.append([Cell(value, colspan=4)])
        self.t["fields"].append({"key": key, "file_no": self.file_no, "label": None, "value": fold(value)})

    def choice(self, key, label, options, index, sub=False, num=None, risk=None, group=None):
        shown = f"{circled(num)}{label}" if num else label
        sel = f"[ {options[index - 1]} ]" if index else "[ ]"
        opts = "＜選択肢＞\n" + "\n".join(f"{i}) {o}" for i, o in enumerate(options, 1))
        lab = [group, Cell(shown, role="label")] if group else self._lab(shown, sub)
        self.rows.append(lab + [Cell(sel), Cell(opts, role="choices")])
        c = {
            "key": key,
            "file_no": self.file_no,
            "label": fold(f"{num or ''}{label}"),
            "selected": options[index - 1] if index else None,
            "index": index,
            "options": [fold(o) for o in options],
        }
        rng = count_range(options[index - 1]) if index else None
        if rng:
            c.update({"range": list(rng), "min": rng[0], "max": rng[1]})
        self.t["choices"].append(c)
        if risk:
            process, risk_no, risk_title = risk
            self.t["risk_measures"].append(
                {
                    "file_no": self.file_no,
                    "key": key,
                    "process": process,
                    "risk_no": risk_no,
                    "risk": risk_title,
                    "assessment": options[index - 1] if index else None,
                    "assessment_index": index,
                }
            )

    def checks(self, key, label, items, sub=False, num=None, per_line=2):
        """items: [(option, checked, other_text_or_None)]"""
        parts = []
        for opt, on, other in items:
            txt = f"{CHECKED if on else UNCHECKED} {opt}"
            if opt.startswith("その他") and (other is not None or opt == "その他"):
                txt += f" ({other or ''})"
            parts.append(txt)
        lines = ["　".join(parts[i : i + per_line]) for i in range(0, len(parts), per_line)]
        shown = f"{circled(num)}{label}" if num else label
        self.rows.append(self._lab(shown, sub) + [Cell("\n".join(lines), colspan=2)])
        for opt, on, other in items:
            self.t["checks"].append(
                {
                    "key": key,
                    "file_no": self.file_no,
                    "option": fold(opt),
                    "checked": bool(on),
                    "other": fold(other) if (on and other) else None,
                }
            )

    def head_check(self, key, text, marks):
        """a section heading carrying check marks: `4. …の委託 [ ] 委託しない`"""
        self.rows.append(
            [
                Cell(
                    text + "　" + "　".join(f"{CHECKED if on else UNCHECKED} {o}" for o, on in marks),
                    role="head",
                    colspan=4,
                )
            ]
        )
        for o, on in marks:
            self.t["checks"].append(
                {"key": key, "file_no": self.file_no, "option": o, "checked": bool(on), "other": None}
            )

    def risk_idx(self, key, default=2) -> int:
        return self.spec["risk"].get(key, default)

    # -- common pages
    def cover(self, form: str, toc: list[str] | None = None):
        s = self.spec
        title = f"{s['jimu']} {FORM_TITLE[form]}"
        self.blocks.append(
            Para(
                f"特定個人情報保護評価書({FORM_TITLE[form]})", size=14, align="center", space_before=14, space_after=14
            )
        )
        self.blocks.append(
            Table(
                [25, 75],
                [
                    [Cell("評価書番号", role="head", align="center"), Cell("評価書名", role="head", align="center")],
                    [Cell(str(s["assessment_no"])), Cell(title)],
                ],
            )
        )
        self.t["fields"].append({"key": "cover.評価書名", "file_no": None, "label": None, "value": fold(title)})
        decl = (
            f"{s['municipality']}は、{s['jimu']}における特定個人情報ファイルの取扱いについて、特定個人情報の漏えいその他の事態"
            "発生による個人のプライバシー等の権利利益に与える影響を認識し、このようなリスクを軽減するための適切な措置を講じたうえで、"
            "個人のプライバシー等の権利利益の保護を実施していることを宣言する。"
        )
        rows = []
        for head, key, val in [
            ("個人のプライバシー等の権利利益の保護の宣言", "cover.宣言", decl),
            ("特記事項", "cover.特記事項", s["notes"]),
            ("評価実施機関名", "cover.評価実施機関名", s["organization"]),
            *([("個人情報保護委員会 承認日【行政機関等のみ】", None, "")] if form == "zenkomoku" else []),
            ("公表日", "cover.公表日", wareki(s["published_on"])),
        ]:
            rows += [[Cell(head, role="head", align="center")], [Cell(val)]]
            if key and val:
                self.t["fields"].append({"key": key, "file_no": None, "label": None, "value": fold(val)})
        self.blocks.append(Table([100], rows))
        if toc:
            self.blocks.append(
                Table([100], [[Cell("項目一覧", role="head", align="center")]] + [[Cell(x)] for x in toc])
            )

    def changes_page(self, title="変更箇所"):
        self.flush()
        self.blocks.append(PageBreak())
        self.blocks.append(Para(title, size=10.2))
        rows = [
            [
                Cell(h, role="head", align="center")
                for h in ("変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明")
            ]
        ]
        for c in self.spec["changes"]:
            rows.append(
                [
                    Cell(wareki(c["date"])),
                    Cell(c["item"]),
                    Cell(c["before"]),
                    Cell(c["after"]),
                    Cell(c["timing"], align="center"),
                    Cell(c.get("note", "")),
                ]
            )
            self.t["changes"].append(
                {
                    "changed_on": c["date"],
                    "item": fold(c["item"]),
                    "timing": c["timing"],
                    "before": fold(c["before"]),
                    "after": fold(c["after"]),
                    "note": fold(c.get("note", "")),
                }
            )
        self.blocks.append(Table([12, 20, 22, 22, 8, 16], rows, header_rows=1, size=8.0))

    def document(self, form: str, name: str | None) -> dict:
        s = self.spec
        return {
            "doc_type": form,
            "form_label": f"[{s['revision']} 様式{FORM_NO[form]}]",
            "assessment_no": s["assessment_no"],
            "title": f"{s['jimu']} {FORM_TITLE[form]}",
            "organization": s["organization"],
            "municipality_name": s["municipality"],
            "prefecture": s["prefecture"],
            "municipality_code": s["code"],
            "published_on": s["published_on"],
            "jimu": s["jimu"],
            "name": name,
        }

    def build(self, form: str, messy: Messy, name: str | None) -> tuple[bytes, dict]:
        self.flush()
        s = self.spec
        decor = [
            Decor(f"[{s['revision']} 様式{FORM_NO[form]}]", "top-right", pages="first", size=8),
            Decor("ページ {page} / {pages}", "bottom-center"),
        ]
        if s.get("dept_header"):
            decor.append(Decor(s["dept_header"], "top-left", pages="rest"))
        pdf = render(Document(self.blocks, decor=decor), messy)
        truth = {"document": self.document(form, name), **self.t}
        return pdf, truth


# ---------------------------------------------------------------------------- 基礎項目評価書 (様式2)


def _risk_rows_kiso(f: Form, new: bool):
    s = f.spec
    head = lambda n, t: f"{n}. {t}"  # noqa: E731
    f.head(head(2, P_NYUSHU))
    lab = "目的外の入手が行われるリスクへの対策は十分か"
    f.choice(f"IV.2.{lab}", lab, O_SUFF, f.risk_idx(f"IV.2.{lab}"), risk=(P_NYUSHU, 1, lab[:-6]))
    f.head(head(3, P_SHIYO))
    for i, lab in enumerate(
        [
            "目的を超えた紐付け、事務に必要な情報との紐付けが行われるリスクへの対策は十分か",
            "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスクへの対策は十分か",
        ],
        1,
    ):
        f.choice(f"IV.3.{lab}", lab, O_SUFF, f.risk_idx(f"IV.3.{lab}"), risk=(P_SHIYO, i, lab[:-6]))
    no_itaku = not s["entrustments"]
    f.head_check("IV.4.委託しない", head(4, P_ITAKU), [("委託しない", no_itaku)])
    lab = "委託先における不正な使用等のリスクへの対策は十分か"
    f.choice(f"IV.4.{lab}", lab, O_SUFF, None if no_itaku else f.risk_idx(f"IV.4.{lab}"), risk=(P_ITAKU, 1, lab[:-6]))
    no_tr = not (s["provides"] or s["transfers"])
    f.head_check("IV.5.提供・移転しない", head(5, P_TEIKYO), [("提供・移転しない", no_tr)])
    lab = "不正な提供・移転が行われるリスクへの対策は十分か"
    f.choice(f"IV.5.{lab}", lab, O_SUFF, None if no_tr else f.risk_idx(f"IV.5.{lab}"), risk=(P_TEIKYO, 1, lab[:-6]))
    no_net = s["network"] != 1
    f.head_check("IV.6.接続しない", head(6, P_NET), [("接続しない(入手)", no_net), ("接続しない(提供)", no_net)])
    for i, lab in enumerate(
        ["目的外の入手が行われるリスクへの対策は十分か", "不正な提供が行われるリスクへの対策は十分か"], 1
    ):
        f.choice(f"IV.6.{lab}", lab, O_SUFF, None if no_net else f.risk_idx(f"IV.6.{lab}"), risk=(P_NET, i, lab[:-6]))
    f.head(head(7, P_HOKAN))
    lab = "特定個人情報の漏えい・滅失・毀損リスクへの対策は十分か"
    f.choice(f"IV.7.{lab}", lab, O_SUFF, f.risk_idx(f"IV.7.{lab}"), risk=(P_HOKAN, 1, lab[:-6]))
    n = 8
    if new:  # 令和6年10月 revision added 8. 人手を介在させる作業 and 11. 最も優先度が高いと考えられる対策
        f.head_check("IV.8.人手を介在させる作業はない", head(8, P_JINTE), [("人手を介在させる作業はない", False)])
        lab = "人為的ミスが発生するリスクへの対策は十分か"
        f.choice(f"IV.8.{lab}", lab, O_SUFF, f.risk_idx(f"IV.8.{lab}"), risk=(P_JINTE, 1, lab[:-6]))
        f.field(
            "IV.8.判断の根拠",
            "判断の根拠",
            "届出書等の入力に当たっては、入力者とは別の職員が入力内容を確認するダブルチェックを行っている。",
        )
        n = 9
    f.head(head(n, "監査"))
    f.checks(
        f"IV.{n}.実施の有無",
        "実施の有無",
        [("自己点検", True, None), ("内部監査", True, None), ("外部監査", False, None)],
        per_line=3,
    )
    f.head(head(n + 1, "従業者に対する教育・啓発"))
    lab = "従業者に対する教育・啓発"
    f.choice(f"IV.{n + 1}.{lab}", lab, O_DONE, s["risk"].get(f"IV.{n + 1}.{lab}", 2))
    if new:
        full = (s["submitted"] or thresholds(s)) > 1
        f.head_check(
            "IV.11.全項目評価又は重点項目評価を実施する",
            head(11, "最も優先度が高いと考えられる対策"),
            [("全項目評価又は重点項目評価を実施する", full)],
        )
        opts = [
            "目的外の入手が行われるリスクへの対策",
            "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策",
            "権限のない者によって不正に使用されるリスクへの対策",
            "委託先における不正な使用等のリスクへの対策",
            "特定個人情報の漏えい・滅失・毀損リスクへの対策",
            "従業者に対する教育・啓発",
        ]
        f.choice(
            "IV.11.最も優先度が高いと考えられる対策", "最も優先度が高いと考えられる対策", opts, None if full else 5
        )
        f.choice("IV.11.当該対策は十分か【再掲】", "当該対策は十分か【再掲】", O_SUFF, None if full else 2)


def kiso(spec: dict | None = None, messy: Messy = CLEAN, name: str | None = None) -> tuple[bytes, dict]:
    s = spec or default_spec()
    f = Form(s)
    f.cover("kiso")
    f.part("I", "関連情報")
    f.head("1. 特定個人情報ファイルを取り扱う事務")
    f.field("I.1.1", "事務の名称", s["jimu"], num=1)
    f.field("I.1.2", "事務の概要", s["summary"], num=2)
    f.field("I.1.3", "システムの名称", "、".join(x["name"] for x in s["systems"]), num=3)
    f.head("2. 特定個人情報ファイル名")
    f.span("I.2.特定個人情報ファイル名", s["file_name"])
    f.head("3. 個人番号の利用")
    f.field("I.3.法令上の根拠", "法令上の根拠", s["legal_basis"])
    f.head("4. 情報提供ネットワークシステムによる情報連携")
    f.choice("I.4.1", "実施の有無", O_NET, s["network"], num=1)
    f.field("I.4.2", "法令上の根拠", s["network_basis"], num=2)
    f.head("5. 評価実施機関における担当部署")
    f.field("I.5.1", "部署", s["department"], num=1)
    f.field("I.5.2", "所属長の役職名", s["chief"], num=2)
    f.head("6. 他の評価実施機関")
    f.span("I.6.他の評価実施機関", "—")
    f.head("7. 特定個人情報の開示・訂正・利用停止請求")
    f.field("I.7.請求先", "請求先", s["claim_to"])
    f.head("8. 特定個人情報ファイルの取扱いに関する問合せ")
    f.field("I.8.連絡先", "連絡先", s["contact"])
    f.head_check("I.9.適用した", "9. 規則第9条第2項の適用", [("適用した", False)])
    f.rows.append([Cell("適用した理由", role="label", colspan=2), Cell("", colspan=2)])
    f.part("II", "しきい値判断項目", new_page=False)
    f.head("1. 対象人数")
    lab = "評価対象の事務の対象人数は何人か"
    f.choice(f"II.1.{lab}", lab, O_POP_KISO, s["population"])
    when = f"{wareki(s['count_date'])} 時点"
    f.field("II.1.いつ時点の計数か", "いつ時点の計数か", when)
    f.head("2. 取扱者数")
    lab = "特定個人情報ファイル取扱者数は500人以上か"
    f.choice(f"II.2.{lab}", lab, O_500, s["handlers_500"])
    f.field("II.2.いつ時点の計数か", "いつ時点の計数か", when)
    f.head("3. 重大事故")
    lab = "過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか"
    f.choice(f"II.3.{lab}", lab, O_INCIDENT, s["incident"])
    f.part("III", "しきい値判断結果", new_page=False)
    f.head("しきい値判断結果")
    result = {
        1: "基礎項目評価の実施が義務付けられる",
        2: "基礎項目評価及び重点項目評価の実施が義務付けられる",
        3: "基礎項目評価及び全項目評価の実施が義務付けられる",
    }[thresholds(s)]
    if s["population"] == 1:
        result = "特定個人情報保護評価の実施が義務付けられない"
    f.span("III.しきい値判断結果", result)
    f.part("IV", "リスク対策")
    f.head("1. 提出する特定個人情報保護評価書の種類")
    sub = s["submitted"] or thresholds(s)
    lab = "提出する特定個人情報保護評価書の種類"
    f.rows.append(
        [
            Cell(f"[ {O_KIND[sub - 1]} ]", colspan=2),
            Cell(
                "＜選択肢＞\n"
                + "\n".join(f"{i}) {o}" for i, o in enumerate(O_KIND, 1))
                + "\n2)又は3)を選択した評価実施機関については、それぞれ重点項目評価書又は全項目評価書において、リスク対策の詳細が記載されている。",
                role="choices",
                colspan=2,
            ),
        ]
    )
    f.t["choices"].append(
        {
            "key": f"IV.1.{lab}",
            "file_no": None,
            "label": lab,
            "selected": O_KIND[sub - 1],
            "index": sub,
            "options": O_KIND,
        }
    )
    _risk_rows_kiso(f, new=s["revision"].startswith("令和6"))
    f.changes_page()
    return f.build("kiso", messy, name)


# ---------------------------------------------------------------------------- 全項目評価書 (様式4)


def _part1_systems(f: Form, key="I.2"):
    for i, sy in enumerate(f.spec["systems"], 1):
        f.rows.append([Cell(f"システム{i}", role="label", colspan=4)])
        f.field(f"{key}.sys{i}.1", "システムの名称", sy["name"], num=1)
        f.field(f"{key}.sys{i}.2", "システムの機能", sy["functions"], num=2)
        f.checks(
            f"{key}.sys{i}.3",
            "他のシステムとの接続",
            [
                (
                    o,
                    o in sy["links"] or (o == "その他" and bool(sy.get("other"))),
                    sy.get("other") if o == "その他" else None,
                )
                for o in LINKS
            ],
            num=3,
        )
        f.t["systems"].append({"system_no": i, "name": fold(sy["name"])})


def _itaku(f: Form, full: bool):
    s = f.spec
    ents = s["entrustments"]
    f.head("4. 特定個人情報ファイルの取扱いの委託")
    f.choice("II.4.委託の有無", "委託の有無 ※", O_ITAKU, 1 if ents else 2)
    f.t["choices"][-1]["count"] = len(ents)
    for i, e in enumerate(ents, 1):
        k = f"II.4.itaku{i}"
        f.rows.append([Cell(f"委託事項{i}", role="label", colspan=2), Cell(e["title"], colspan=2)])
        f.t["fields"].append(
            {"key": f"{k}.委託事項{i}", "file_no": f.file_no, "label": f"委託事項{i}", "value": fold(e["title"])}
        )
        f.field(f"{k}.1", "委託内容", e["content"], num=1)
        f.choice(f"{k}.2", "取扱いを委託する特定個人情報ファイルの範囲", O_SCOPE, e["scope"], num=2)
        if full:
            f.choice(f"{k}.2/対象となる本人の数", "対象となる本人の数", O_PERSONS, s["persons"], sub=True)
            f.field(
                f"{k}.2/対象となる本人の範囲", "対象となる本人の範囲 ※", "特定個人情報ファイルの範囲と同様", sub=True
            )
            f.field(
                f"{k}.2/その妥当性",
                "その妥当性",
                "システムの運用・保守作業を実施するために必要な範囲を委託の対象とする。",
                sub=True,
            )
        f.choice(f"{k}.3", "委託先における取扱者数", O_USERS, e["handlers"], num=3)
        if full:
            f.checks(
                f"{k}.4",
                "委託先への特定個人情報ファイルの提供方法",
                [
                    (
                        m,
                        m == "その他",
                        "システムの運用保守作業において、特定個人情報ファイルの提供は行わない。"
                        if m == "その他"
                        else None,
                    )
                    for m in METHODS
                ],
                num=4,
                per_line=3,
            )
            f.field(
                f"{k}.5",
                "委託先名の確認方法",
                f"{s['municipality']}情報公開条例に基づく開示請求により確認することができる。",
                num=5,
            )
        f.field(f"{k}.6", "委託先名", e["contractor"], num=6)
        group = Cell("再委託", role="label", rowspan=3)
        f.choice(f"{k}.7", "再委託の有無 ※", O_SUB, 1 if e["subcontract"] else 2, num=7, group=group)
        allow = (
            "委託先から再委託先の名称、再委託する業務の範囲、安全管理措置等を記載した書面の提出を受け、承諾を判断している。"
            if e["subcontract"]
            else ""
        )
        f.rows.append([Cell("⑧再委託の許諾方法", role="label"), Cell(allow, colspan=2)])
        f.rows.append([Cell("⑨再委託事項", role="label"), Cell(e.get("subcontract_items", ""), colspan=2)])
        if e["subcontract"]:
            f.t["fields"].append(
                {"key": f"{k}.8", "file_no": f.file_no, "label": "8再委託の許諾方法", "value": fold(allow)}
            )
            f.t["fields"].append(
                {
                    "key": f"{k}.9",
                    "file_no": f.file_no,
                    "label": "9再委託事項",
                    "value": fold(e.get("subcontract_items", "")),
                }
            )
        rng = count_range(O_USERS[e["handlers"] - 1])
        f.t["entrustments"].append(
            {
                "file_no": f.file_no,
                "item_no": i,
                "title": fold(e["title"]),
                "contractor": fold(e["contractor"]),
                "subcontract": bool(e["subcontract"]),
                "handler_count": O_USERS[e["handlers"] - 1],
                "handler_min": rng[0],
                "handler_max": rng[1],
                "scope": O_SCOPE[e["scope"] - 1][-2:],
            }
        )


def _teikyo(f: Form, full: bool):
    s = f.spec
    pv, tr = s["provides"], s["transfers"]
    f.head("5. 特定個人情報の提供・移転(委託に伴うものを除く。)")
    f.checks(
        "II.5.提供・移転の有無",
        "提供・移転の有無",
        [
            ("提供を行っている", bool(pv), str(len(pv)) if pv else None),
            ("移転を行っている", bool(tr), str(len(tr)) if tr else None),
            ("行っていない", not (pv or tr), None),
        ],
        per_line=3,
    )
    # the printed form shows "( 1 ) 件"; rewrite the last row to that layout
    f.rows[-1][-1] = Cell(
        f"{CHECKED if pv else UNCHECKED} 提供を行っている ( {len(pv)} ) 件　{CHECKED if tr else UNCHECKED} 移転を行っている ( {len(tr)} ) 件"
        f"\n{UNCHECKED if (pv or tr) else CHECKED} 行っていない",
        colspan=2,
    )
    for kind, items, blk, word in (("提供", pv, "teikyo", "提供先"), ("移転", tr, "iten", "移転先")):
        for i, x in enumerate(items, 1):
            k = f"II.5.{blk}{i}"
            f.rows.append([Cell(f"{word}{i}", role="label", colspan=2), Cell(x["recipient"], colspan=2)])
            f.t["fields"].append(
                {"key": f"{k}.{word}{i}", "file_no": f.file_no, "label": f"{word}{i}", "value": fold(x["recipient"])}
            )
            f.field(f"{k}.1", "法令上の根拠", x["basis"], num=1)
            f.field(f"{k}.2", f"{word}における用途", x["purpose"], num=2)
            f.field(f"{k}.3", f"{kind}する情報", x["info"], num=3)
            if full:
                f.choice(f"{k}.4", f"{kind}する情報の対象となる本人の数", O_PERSONS, s["persons"], num=4)
                f.field(f"{k}.5", f"{kind}する情報の対象となる本人の範囲", "特定個人情報ファイルの範囲と同様", num=5)
                opts = ["情報提供ネットワークシステム" if kind == "提供" else "庁内連携システム"] + METHODS
                f.checks(f"{k}.6", f"{kind}方法", [(o, o == x["method"], None) for o in opts], num=6, per_line=3)
                f.field(f"{k}.7", "時期・頻度", "随時", num=7)
            f.t["transfers"].append(
                {"file_no": f.file_no, "kind": kind, "item_no": i, "recipient": fold(x["recipient"])}
            )


def _part3_zen(f: Form):
    s = f.spec
    fn = f.file_no
    f.head("1. 特定個人情報ファイル名")
    f.span("III.1.特定個人情報ファイル名", s["file_name"])
    blocks = [
        (
            2,
            P_NYUSHU,
            [
                (
                    "対象者以外の情報の入手を防止するための措置の内容",
                    "目的外の入手が行われるリスク",
                    "本人確認書類の提示を求め、対象者以外の情報の入手を防止する。",
                ),
                (
                    "リスクに対する措置の内容",
                    "不適切な方法で入手が行われるリスク",
                    "届出書類等については本人確認を徹底し、正当な者以外からの入手を排除する。",
                ),
                (
                    "入手の際の本人確認の措置の内容",
                    "入手した特定個人情報が不正確であるリスク",
                    "個人番号カード等の提示を受け、本人確認を行う。",
                ),
            ],
        ),
        (
            3,
            P_SHIYO,
            [
                (
                    "宛名システム等における措置の内容",
                    "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク",
                    "利用する業務システム毎にアクセス制御を行っている。",
                ),
                (
                    "リスクに対する措置の内容",
                    "権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスク",
                    "ICカードとパスワードによる認証を行い、異動・退職時には速やかに権限を失効させる。",
                ),
            ],
        ),
    ]
    for sec, proc, risks in blocks:
        f.head(f"{sec}. {proc}")
        for i, (lab, title, text) in enumerate(risks, 1):
            f.rows.append([Cell(f"リスク{i}: {title}", role="label", colspan=4)])
            f.field(f"III.{sec}.risk{i}.{lab}", lab, text)
            if sec == 3 and i == 2:
                f.choice("III.3.risk2.ユーザ認証の管理", "ユーザ認証の管理", O_YN, 1)
                f.field(
                    "III.3.risk2.ユーザ認証の管理/具体的な管理方法",
                    "具体的な管理方法",
                    "端末はICカードと暗証番号による二要素認証とする。",
                    sub=True,
                )
                f.choice("III.3.risk2.特定個人情報の使用の記録", "特定個人情報の使用の記録", O_REC, 1)
            key = f"III.{sec}.risk{i}.リスクへの対策は十分か"
            f.choice(key, "リスクへの対策は十分か", O_SUFF, f.risk_idx(key), risk=(proc, i, title))
        other = f"{proc}におけるその他のリスク及びそのリスクに対する措置"
        f.head(other)
        f.span(f"III.{sec}.{other}", "—")
    ents = s["entrustments"]
    f.head_check("III.4.委託しない", f"4. {P_ITAKU}", [("委託しない", not ents)])
    for lab, opts, idx in [
        ("特定個人情報ファイルの閲覧者・更新者の制限", O_LIMIT, 1),
        ("特定個人情報ファイルの取扱いの記録", O_REC, 1),
        ("特定個人情報の提供ルール", O_RULE, 1),
        ("特定個人情報の消去ルール", O_RULE, 1),
        ("委託契約書中の特定個人情報ファイルの取扱いに関する規定", O_RULE, 1),
    ]:
        f.choice(f"III.4.{lab}", lab, opts, idx if ents else None)
    sub_any = any(e["subcontract"] for e in ents)
    lab = "再委託先による特定個人情報ファイルの適切な取扱いの確保"
    f.choice(f"III.4.{lab}", lab, O_DONE + ["再委託していない"], (2 if sub_any else 4) if ents else None)
    key = "III.4.リスクへの対策は十分か"
    f.choice(
        key,
        "リスクへの対策は十分か",
        O_SUFF,
        f.risk_idx(key) if ents else None,
        risk=(P_ITAKU, 1, "委託先における不正な使用等のリスク"),
    )
    no_tr = not (s["provides"] or s["transfers"])
    f.head_check("III.5.提供・移転しない", f"5. {P_TEIKYO}", [("提供・移転しない", no_tr)])
    f.rows.append([Cell("リスク1: 不正な提供・移転が行われるリスク", role="label", colspan=4)])
    f.choice(
        "III.5.risk1.特定個人情報の提供・移転の記録", "特定個人情報の提供・移転の記録", O_REC, None if no_tr else 1
    )
    key = "III.5.risk1.リスクへの対策は十分か"
    f.choice(
        key,
        "リスクへの対策は十分か",
        O_SUFF,
        None if no_tr else f.risk_idx(key),
        risk=(P_TEIKYO, 1, "不正な提供・移転が行われるリスク"),
    )
    no_net = s["network"] != 1
    f.head_check("III.6.接続しない", f"6. {P_NET}", [("接続しない(入手)", no_net), ("接続しない(提供)", no_net)])
    f.rows.append([Cell("リスク1: 目的外の入手が行われるリスク", role="label", colspan=4)])
    f.field(
        "III.6.risk1.リスクに対する措置の内容",
        "リスクに対する措置の内容",
        "情報照会機能により、番号法に基づく照会のみを行う。",
    )
    key = "III.6.risk1.リスクへの対策は十分か"
    f.choice(
        key,
        "リスクへの対策は十分か",
        O_SUFF,
        None if no_net else f.risk_idx(key),
        risk=(P_NET, 1, "目的外の入手が行われるリスク"),
    )
    f.head(f"7. {P_HOKAN}")
    f.rows.append([Cell("リスク1: 特定個人情報の漏えい・滅失・毀損リスク", role="label", colspan=4)])
    for n, lab, opts, idx in [
        (
            1,
            "NISC政府機関統一基準群",
            ["特に力を入れて遵守している", "十分に遵守している", "十分に遵守していない", "政府機関ではない"],
            4,
        ),
        (2, "安全管理体制", ["特に力を入れて整備している", "十分に整備している", "十分に整備していない"], 2),
        (5, "物理的対策", O_DONE, 2),
        (6, "技術的対策", O_DONE, 2),
        (7, "バックアップ", O_DONE, 2),
    ]:
        f.choice(f"III.7.risk1.{n}", lab, opts, idx, num=n)
    if s.get("cloud"):
        f.field("III.7.risk1.5/具体的な対策の内容", "具体的な対策の内容", s["cloud"], sub=True)
    f.choice(
        "III.7.risk1.9",
        "過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか",
        O_INCIDENT,
        s["incident"],
        num=9,
    )
    key = "III.7.risk1.リスクへの対策は十分か"
    f.choice(
        key,
        "リスクへの対策は十分か",
        O_SUFF,
        f.risk_idx(key),
        risk=(P_HOKAN, 1, "特定個人情報の漏えい・滅失・毀損リスク"),
    )
    assert f.file_no == fn


def zenkomoku(spec: dict | None = None, messy: Messy = CLEAN, name: str | None = None) -> tuple[bytes, dict]:
    s = spec or default_spec(form="zenkomoku", revision="平成26年4月")
    f = Form(s)
    f.cover(
        "zenkomoku",
        toc=[
            "Ⅰ 基本情報",
            "(別添1) 事務の内容",
            "Ⅱ 特定個人情報ファイルの概要",
            "(別添2) 特定個人情報ファイル記録項目",
            "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
            "Ⅳ その他のリスク対策",
            "Ⅴ 開示請求、問合せ",
            "Ⅵ 評価実施手続",
            "(別添3) 変更箇所",
        ],
    )
    _part1(f, "zenkomoku")
    f.flush()
    f.blocks += [PageBreak(), Para("(別添1) 事務の内容", size=10.2)]
    f.rows = []
    f.span("I.別添1.事務の内容", s["summary"])
    f.head("(備考)")
    f.span("I.別添1.備考", "—")
    _part2(f, full=True)
    f.part("III", "特定個人情報ファイルの取扱いプロセスにおけるリスク対策")
    f.file_no = 1
    _part3_zen(f)
    f.file_no = None
    f.part("IV", "その他のリスク対策")
    f.head("1. 監査")
    f.choice("IV.1.1", "自己点検", O_DONE, 2, num=1)
    f.field(
        "IV.1.1/具体的なチェック方法",
        "具体的なチェック方法",
        "評価書の記載内容どおりの運用ができているか、年に1度、担当部署でチェックリストにより自己点検を行う。",
        sub=True,
    )
    f.choice("IV.1.2", "監査", O_DONE, 2, num=2)
    f.head("2. 従業者に対する教育・啓発")
    f.choice(
        "IV.2.従業者に対する教育・啓発",
        "従業者に対する教育・啓発",
        O_DONE,
        s["risk"].get("IV.2.従業者に対する教育・啓発", 2),
    )
    f.head("3. その他のリスク対策")
    f.span("IV.3.その他のリスク対策", "—")
    _part5(f)
    _part6(f)
    f.changes_page("(別添3) 変更箇所")
    return f.build("zenkomoku", messy, name)


def _part1(f: Form, form: str):
    s = f.spec
    f.part("I", "基本情報")
    f.head("1. 特定個人情報ファイルを取り扱う事務")
    f.field("I.1.1", "事務の名称", s["jimu"], num=1)
    f.field("I.1.2", "事務の内容 ※", s["summary"], num=2)
    f.choice("I.1.3", "対象人数", O_POP, s["population"], num=3)
    f.head("2. 特定個人情報ファイルを取り扱う事務において使用するシステム")
    _part1_systems(f)
    f.head("3. 特定個人情報ファイル名")
    f.span("I.3.特定個人情報ファイル名", s["file_name"])
    f.head("4. 特定個人情報ファイルを取り扱う理由")
    f.field(
        "I.4.1",
        "事務実施上の必要性",
        "・資格管理や給付、賦課・徴収を公平・公正に行うとともに、正確・迅速な業務遂行に資するため。",
        num=1,
    )
    f.field("I.4.2", "実現が期待されるメリット", "・添付書類の省略により住民の負担が軽減される。", num=2)
    f.head("5. 個人番号の利用 ※")
    f.field("I.5.法令上の根拠", "法令上の根拠", s["legal_basis"])
    f.head("6. 情報提供ネットワークシステムによる情報連携 ※")
    f.choice("I.6.1", "実施の有無", O_NET, s["network"], num=1)
    f.field("I.6.2", "法令上の根拠", s["network_basis"], num=2)
    f.head("7. 評価実施機関における担当部署")
    f.field("I.7.1", "部署", s["department"], num=1)
    f.field("I.7.2", "所属長の役職名", s["chief"], num=2)
    f.head("8. 他の評価実施機関")
    f.span("I.8.他の評価実施機関", "—")


def _part2(f: Form, full: bool):
    s = f.spec
    f.part("II", "特定個人情報ファイルの概要")
    f.file_no = 1
    f.head("1. 特定個人情報ファイル名")
    f.span("II.1.特定個人情報ファイル名", s["file_name"])
    f.head("2. 基本情報")
    f.choice("II.2.1", "ファイルの種類 ※", O_FILEKIND, 1, num=1)
    f.choice("II.2.2", "対象となる本人の数", O_PERSONS, s["persons"], num=2)
    f.field("II.2.3", "対象となる本人の範囲 ※", "システムに情報が記録されている者のうち、個人番号を有する者", num=3)
    f.field("II.2.3/その必要性", "その必要性", "業務を適正に行うため、必要な範囲の特定個人情報を保有するもの", sub=True)
    f.choice("II.2.4", "記録される項目", O_ITEMS, s["items"], num=4)
    if full:
        f.field("II.2.4/全ての記録項目", "全ての記録項目", "別添2を参照。", sub=True)
    f.field("II.2.5", "保有開始日", "平成28年1月", num=5)
    f.field("II.2.6", "事務担当部署", s["department"], num=6)
    f.head("3. 特定個人情報の入手・使用")
    f.checks(
        "II.3.1",
        "入手元 ※",
        [
            (
                o,
                o in ("本人又は本人の代理人", "評価実施機関内の他部署"),
                "税務課、市民課" if o == "評価実施機関内の他部署" else None,
            )
            for o in SOURCES
        ],
        num=1,
    )
    f.field("II.3.6", "使用目的 ※", f"{s['jimu']}を適正に実施するため。", num=6)
    f.choice("II.3.7/使用者数", "使用者数", O_USERS, s["users"], sub=True)
    f.field("II.3.9", "使用開始日", "平成28年1月1日", num=9)
    _itaku(f, full)
    _teikyo(f, full)
    f.head("6. 特定個人情報の保管・消去")
    f.field(
        "II.6.1",
        "保管場所 ※",
        s.get("cloud") or "サーバは、入退室管理を行っている庁舎内のサーバ室に設置している。",
        num=1,
    )
    f.choice("II.6.2", "保管期間 期間", O_KEEP, s["keep"], num=2)
    f.field("II.6.3", "消去方法", "保存期間を経過した情報はシステムにより一括して消去する。", num=3)
    f.head("7. 備考")
    f.span("II.7.備考", "—")
    f.file_no = None


def _part5(f: Form):
    s = f.spec
    f.part("V", "開示請求、問合せ")
    f.head("1. 特定個人情報の開示・訂正・利用停止請求")
    f.field("V.1.1", "請求先", s["claim_to"], num=1)
    f.field("V.1.2", "請求方法", "指定様式による書面の提出により、開示・訂正・利用停止請求を受け付ける。", num=2)
    f.choice("V.1.3", "手数料等", O_FEE, 2, num=3)
    f.head("2. 特定個人情報ファイルの取扱いに関する問合せ")
    f.field("V.2.1", "連絡先", s["contact"], num=1)
    f.field("V.2.2", "対応方法", "問合せの受付時及びその対応について、記録を残す。", num=2)


def _part6(f: Form, full=True):
    s = f.spec
    f.part("VI", "評価実施手続")
    f.head("1. 基礎項目評価")
    f.field("VI.1.1", "実施日", wareki(s["count_date"]), num=1)
    th = thresholds(s)
    f.choice("VI.1.2", "しきい値判断結果", O_THRESH, {3: 1, 2: 2, 1: 3}[th] if s["population"] > 1 else 4, num=2)
    f.head("2. 国民・住民等からの意見の聴取")
    a, b = s["public_comment"]
    f.field("VI.2.1", "方法", "パブリックコメント方式による意見募集を実施。", num=1)
    f.field("VI.2.2", "実施日・期間", f"{wareki(a)}～{wareki(b)}", num=2)
    if full:
        f.head("3. 第三者点検")
        f.field("VI.3.2", "方法", s["third_party"], num=2)


# ---------------------------------------------------------------------------- 重点項目評価書 (様式3)


def juten(spec: dict | None = None, messy: Messy = CLEAN, name: str | None = None) -> tuple[bytes, dict]:
    """Between 基礎 and 全項目: full part I/II without the detail rows, part III reduced to one
    "リスクへの対策は十分か" per process (十分である choices), no 第三者点検.

    This template predates the form definitions and prints 全項目's six parts; the official
    様式3 has five (Ⅲ リスク対策 holds 監査 and 教育・啓発; models/forms/juten.json), which
    tests/pdfgen/forms_official.py renders. Kept because the demo data and the messy-variant
    tests were made with it."""
    s = spec or default_spec(form="juten", population=4, handlers_500=1)
    f = Form(s)
    f.cover(
        "juten",
        toc=[
            "Ⅰ 基本情報",
            "Ⅱ 特定個人情報ファイルの概要",
            "Ⅲ リスク対策",
            "Ⅳ その他のリスク対策",
            "Ⅴ 開示請求、問合せ",
            "Ⅵ 評価実施手続",
            "(別添) 変更箇所",
        ],
    )
    _part1(f, "juten")
    _part2(f, full=False)
    f.part("III", "リスク対策")
    f.file_no = 1
    f.head("1. 特定個人情報ファイル名")
    f.span("III.1.特定個人情報ファイル名", s["file_name"])
    ents = s["entrustments"]
    no_tr = not (s["provides"] or s["transfers"])
    no_net = s["network"] != 1
    for sec, proc, title, skip in [
        (2, P_NYUSHU, "目的外の入手が行われるリスク", None),
        (3, P_SHIYO, "権限のない者によって不正に使用されるリスク", None),
        (4, P_ITAKU, "委託先における不正な使用等のリスク", ("委託しない", not ents)),
        (5, P_TEIKYO, "不正な提供・移転が行われるリスク", ("提供・移転しない", no_tr)),
        (6, P_NET, "目的外の入手が行われるリスク", ("接続しない", no_net)),
        (7, P_HOKAN, "特定個人情報の漏えい・滅失・毀損リスク", None),
    ]:
        if skip:
            f.head_check(f"III.{sec}.{skip[0]}", f"{sec}. {proc}", [skip])
        else:
            f.head(f"{sec}. {proc}")
        f.rows.append([Cell(f"リスク1: {title}", role="label", colspan=4)])
        f.field(
            f"III.{sec}.risk1.リスクに対する措置の内容",
            "リスクに対する措置の内容",
            "規程に基づき必要な措置を講じている。",
        )
        key = f"III.{sec}.risk1.リスクへの対策は十分か"
        off = skip and skip[1]
        f.choice(key, "リスクへの対策は十分か", O_SUFF, None if off else f.risk_idx(key), risk=(proc, 1, title))
    f.file_no = None
    f.part("IV", "その他のリスク対策")
    f.head("1. 監査")
    f.choice("IV.1.1", "自己点検", O_DONE, 2, num=1)
    f.head("2. 従業者に対する教育・啓発")
    f.choice(
        "IV.2.従業者に対する教育・啓発",
        "従業者に対する教育・啓発",
        O_DONE,
        s["risk"].get("IV.2.従業者に対する教育・啓発", 2),
    )
    _part5(f)
    _part6(f, full=False)
    f.changes_page("(別添) 変更箇所")
    return f.build("juten", messy, name)


FORMS = {"kiso": kiso, "juten": juten, "zenkomoku": zenkomoku}


def assessment(spec: dict, messy: Messy = CLEAN, name: str | None = None) -> tuple[bytes, dict]:
    return FORMS[spec["form"]](spec, messy, name)
