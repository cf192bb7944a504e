"""Public-comment results (意見募集結果) in the layout of seed 004 (札幌市):募集期間, 公表場所,
受付方法, 意見数等 with the 郵送/持参/FAX/電子メール table, then a No./意見/考え方 table flowing over
pages with its header row repeated.  A zero-opinion round prints 「意見はありませんでした」.
`public_comment(spec, messy)` -> (pdf, truth in the shape of samples/seed04*.expected.json)."""

from __future__ import annotations

import copy

from .common import fold, wareki, wareki_wd
from .messy import CLEAN, Messy
from .render import Cell, Decor, Document, PageBreak, Para, Table, render

CHANNELS = ["郵送", "持参", "FAX", "電子メール"]

OPINIONS = [
    (
        "マイナンバーカードと健康保険証を一体化すると、情報漏えいの危険が高まるのではないか。",
        "情報漏えいリスクを踏まえ、保険証の情報とマイナンバーを直接紐付けることはせず、電子証明書により資格確認を行います。",
    ),
    (
        "特定個人情報ファイルの取扱いを民間に委託・再委託するとのことだが、情報漏えいがあった場合の対処はどうなるのか。",
        "委託先における適正な取扱いの確保など、多様なセキュリティ対策を講じています。万が一の場合の責任は事案に応じて個別に判断します。",
    ),
    (
        "データの消去・廃棄はどのように行うのか。",
        "記憶装置を廃棄する場合は、専用ソフトウェアによる消去又は物理的な破壊により情報を消去し、消去証明書を取得しています。",
    ),
    (
        "ガバメントクラウドへの移行で、データはどこに保管されるのか。",
        "国内のデータセンターに保管されます。ISMAPに登録されたクラウドサービスを利用し、アクセス制御と暗号化を行います。",
    ),
    ("評価書の記載が専門的でわかりにくい。", "今後の評価書の作成に当たっては、できる限りわかりやすい記載に努めます。"),
    ("職員による不正な閲覧を防ぐ対策はあるのか。", "操作ログを記録し定期的に確認するとともに、研修を実施しています。"),
]


def default_comment_spec(**over) -> dict:
    s = {
        "municipality": "札幌市",
        "subject": "国民健康保険に関する事務",
        "subject_short": "国民健康保険事務",
        "period": ("2020-06-15", "2020-07-14"),
        "by_channel": {"郵送": 0, "持参": 0, "FAX": 0, "電子メール": 1},
        "opinions": None,  # list of (opinion, response); None = the first 6 of OPINIONS
        "repeat": 1,  # repeat the opinion list to make the table flow over pages
        "dept": "保健福祉局保険医療部保険企画課",
    }
    s.update(copy.deepcopy(over))
    return s


def public_comment(spec: dict | None = None, messy: Messy = CLEAN, name: str | None = None) -> tuple[bytes, dict]:
    s = spec or default_comment_spec()
    m = s["municipality"]
    ops = (s["opinions"] if s["opinions"] is not None else OPINIONS) * s["repeat"]
    submitters = sum(s["by_channel"].values())
    a, b = s["period"]
    title = f"{s['subject_short']}に関する特定個人情報保護評価書について寄せられたご意見と本市の考え方"
    blocks: list = [Para(title, size=12, align="center", space_after=10)]
    P = lambda t, **k: blocks.append(Para(t, size=10.5, **k))  # noqa: E731
    P("1 意見の募集期間", space_before=4)
    P(f"{wareki_wd(a)}～{wareki_wd(b)}", indent=21)
    P("2 公表場所", space_before=4)
    P(f"(1) 市役所等での配布\nア {s['dept']}\nイ 市政刊行物コーナー\n(2) {m}公式ホームページによる公開", indent=10.5)
    P("3 意見の受付方法", space_before=4)
    P("(1) 郵送\n(2) 持参\n(3) F A X\n(4) 電子メール", indent=10.5)
    P("4 意見数等", space_before=4)
    P(f"(1) 提出者数\n{submitters}名", indent=10.5)
    P("(2) 意見の受付方法別内訳", indent=10.5)
    heads = ["提出方法", "郵送", "持参", "F A X", "電子メール", "合計"]
    blocks.append(
        Table(
            [20, 14, 14, 14, 18, 14],
            [
                [Cell(h, role="label", align="center") for h in heads],
                [Cell("提出者数", align="center")]
                + [Cell(f"{s['by_channel'].get(c, 0)}人", align="center") for c in CHANNELS]
                + [Cell(f"{submitters}人", align="center")],
            ],
        )
    )
    P(f"(3) 意見総数\n{len(ops)}件", indent=10.5)
    P(f"5 意見の概要とそれに対する{m}の考え方", space_before=4)
    if not ops:
        P("意見はありませんでした。", indent=21)
    else:
        P("別添のとおり", indent=21)
        blocks.append(PageBreak())
        P(f"ご意見の概要とそれに対する{m}の考え方（{s['subject_short']}）", align="center")
        P(f"（{wareki(a)}～{wareki(b)}実施）", align="center")
        blocks.append(Para("※ご意見は原文を簡略化したり、類似意見をまとめております。", size=9))
        rows = [
            [
                Cell("No.", role="label", align="center"),
                Cell("寄せられたご意見", role="label", align="center"),
                Cell(f"{m}の考え方", role="label", align="center"),
            ]
        ]
        for i, (o, r) in enumerate(ops, 1):
            rows.append([Cell(str(i), align="center"), Cell(o), Cell(r)])
        blocks.append(Table([7, 40, 53], rows, header_rows=1, size=9.5))
    pdf = render(Document(blocks, decor=[Decor("- {page} -", "bottom-center")]), messy)
    truth = {
        "name": name,
        "kind": "public_comment",
        "municipality": m,
        "title": fold(title),
        "subject": s["subject"],
        "period_start": a,
        "period_end": b,
        "submitters": submitters,
        "opinions": len(ops),
        "by_channel": {c: s["by_channel"].get(c, 0) for c in CHANNELS},
        "rows": [
            {
                "no": i,
                "opinion": fold(o),
                "response": fold(r),
                "opinion_chars": len(fold(o)),
                "response_chars": len(fold(r)),
            }
            for i, (o, r) in enumerate(ops, 1)
        ],
    }
    return pdf, truth


def notice_comment(
    style: str = "notice",
    body: str = "架空広域連合",
    seed_date: tuple[str, str] = ("2024-09-02", "2024-10-01"),
    submitters: int = 0,
    opinions: int = 0,
) -> tuple[bytes, dict]:
    """Comment results that are no table: `notice` — a publication notice (評価書の公表について)
    whose section embeds the round (`実施期間 … / 意 見 なし`); `prose` — a results page with the
    counts as sentences (`意見及び提案者数：0人`); `none` — a page that only says no opinion came in.
    A fictional body; truth in the shape of the samples' comment expected.json."""
    a, b = seed_date
    jimu = "後期高齢者医療制度関係事務"
    P = lambda t, **k: Para(t, size=10.5, **k)  # noqa: E731
    if style == "notice":
        blocks = [
            Para("特定個人情報保護評価書の公表について", size=12, align="center", space_after=8),
            P("○特定個人情報保護評価の実施"),
            P(f"{body}では、番号法に基づき、特定個人情報保護評価書を作成しました。"),
            P("1 意見募集について", space_before=4),
            P(f"・{jimu}における「特定個人情報保護評価書」(案)に対する意見募集について", indent=10.5),
            P(f"実施期間　{wareki_wd(a)}から{wareki_wd(b)}まで", indent=10.5),
            P("意　見　　なし" if not opinions else f"意　見　　{opinions}件", indent=10.5),
            P("2 第三者点検について", space_before=4),
            P("意見募集により得られた意見を十分に考慮した上で、第三者点検を受けました。", indent=10.5),
        ]
    elif style == "prose":
        blocks = [
            Para(
                "「特定個人情報保護評価書」(変更案)に関する意見募集の実施結果", size=12, align="center", space_after=8
            ),
            P("特定個人情報保護評価書(変更案)への意見を募集した結果は、次のとおりでした。"),
            P(f"意見及び提案者数：{submitters}人"),
            P(f"意見及び提案件数：{opinions}件"),
            P("意見募集を実施した件の概要", space_before=4),
            P(f"{body}では、{jimu}において、個人番号を含む個人情報ファイルを取り扱っております。"),
            P("募集した期間", space_before=4),
            P(f"{wareki_wd(a)}～{wareki_wd(b)}"),
        ]
    else:
        blocks = [
            Para(f"{jimu}の特定個人情報保護評価書(案)に関する意見募集の結果", size=12, align="center", space_after=8),
            P("1 意見の募集期間"),
            P(f"{wareki_wd(a)}～{wareki_wd(b)}", indent=21),
            P("2 意見募集の結果"),
            P("ご意見はありませんでした。", indent=21),
        ]
        submitters = opinions = 0
    pdf = render(Document(blocks, decor=[Decor("- {page} -", "bottom-center")]), CLEAN)
    return pdf, {
        "kind": "public_comment",
        "period_start": a,
        "period_end": b,
        "submitters": submitters,
        "opinions": opinions,
        "rows": [],
    }
