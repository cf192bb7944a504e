"""Failure classes of the minutes parser on bodies it was not developed on (issue 12, the batch-2
documents released from the held-out split), each through a PDF rendered from real text by
tests/pdfgen/real_docs.py: the excerpts below are the bodies' own words (東京都, 高槻市, 春日井市,
羽村市, 逗子市, 豊島区), in the layout each publishes and in the alternative layout. The rules
they exercise are general (learnt from the document's own lines), not per body."""

from __future__ import annotations

import re
import unicodedata

import pytest

from extract.classify import classify
from extract.minutes import extract_minutes
from extract.pdf import read_pdf_bytes
from tests.pdfgen.real_docs import alternative_layout, render_spec


def norm(s) -> str:
    return "" if s is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


def run(spec: dict, alternative: bool = False, layout: tuple = (None, None)):
    """(document type, extraction) of `spec` rendered in its own layout, its alternative one, or `layout`."""
    lay = alternative_layout(spec) if alternative else layout
    doc = read_pdf_bytes(render_spec(spec, *lay), f"{spec['id']}.pdf")
    return classify(doc)[0], extract_minutes(doc)


def spec(id_: str, header: str, turns: str, blocks: list[dict]) -> dict:
    return {
        "id": id_,
        "kind": "meeting",
        "partial": True,
        "layout": {"header": header, "turns": turns},
        "blocks": blocks,
    }


def turn(speaker: str, text: str) -> dict:
    return {"type": "turn", "speaker": speaker, "text": text}


# 東京都 第69回: no header label at all; the title, a date line, the venue, `午後2時05分 開会`, then
# `○水野部長` turns. It was read as `unknown` and all its rows were lost.
TOKYO_69 = spec(
    "tokyo_69",
    "none",
    "inline",
    [
        {"type": "title", "text": "第69回東京都情報公開・個人情報保護審議会"},
        {"type": "para", "text": "平成29年11月30日(木曜)"},
        {"type": "para", "text": "東京都庁第一本庁舎7階 大会議室"},
        {"type": "para", "text": "午後2時05分 開会"},
        turn(
            "○水野部長",
            "ただいまから、第69回東京都情報公開・個人情報保護審議会を開催いたします。着席にて失礼します。\n"
            "初めに、本日ご出席いただきました委員の皆様をご紹介させていただきます。",
        ),
        turn("○宇賀委員", "宇賀でございます。よろしくお願いいたします。"),
        turn("○水野部長", "続いて、評論家としてご活躍されております大宅映子委員でございます。"),
        turn("○大宅委員", "よろしくお願いいたします。"),
    ],
)


@pytest.mark.parametrize("alternative", [False, True])
def test_minutes_without_header_labels(alternative):
    kind, ex = run(TOKYO_69, alternative)
    assert kind == "minutes"
    m = ex.tables["meetings"][0]
    assert (m["body"], m["session_no"], str(m["held_on"]), str(m["start_time"])[:5]) == (
        "東京都情報公開・個人情報保護審議会",
        69,
        "2017-11-30",
        "14:05",
    )
    us = ex.tables["utterances"]
    # the staff member who opens the meeting is the body's secretariat, on every turn of the label
    assert [(u["speaker"], u["speaker_group"]) for u in us] == [
        ("水野部長", "secretariat"),
        ("宇賀委員", "committee"),
        ("水野部長", "secretariat"),
        ("大宅委員", "committee"),
    ]


# 東京都 第30回: block turns; the second label is a surname, a unit and a post (`武市情報公開課長`)
# on its own line, the unit named after the body's business: the secretariat
TOKYO_30 = spec(
    "tokyo_30",
    "none",
    "block",
    [
        {"type": "title", "text": "第30回東京都情報公開・個人情報保護審議会"},
        {"type": "para", "text": "平成18年2月7日(火曜日)"},
        {"type": "para", "text": "午前10時3分開会"},
        turn(
            "堀部会長",
            "おはようございます。雪の中お集まりいただきましてありがとうございます。\n"
            "それでは、まず武市課長から説明をお願いします。",
        ),
        turn(
            "武市情報公開課長",
            "それでは、新規に届出のありました保有個人情報取扱事務14件について、説明させていただきます。",
        ),
    ],
)


@pytest.mark.parametrize("alternative", [False, True])
def test_block_label_of_surname_unit_and_post(alternative):
    kind, ex = run(TOKYO_30, alternative)
    assert kind == "minutes"
    assert str(ex.tables["meetings"][0]["held_on"]) == "2006-02-07"
    us = ex.tables["utterances"]
    assert [(u["speaker"], u["speaker_group"], norm(u["text"])[:6]) for u in us] == [
        ("堀部会長", "chair", "おはようござ"),
        ("武市情報公開課長", "secretariat", "それでは、新"),
    ]


# 春日井市: `【事務局鈴木】` — a role word and the speaker's surname in one label
KASUGAI = spec(
    "kasugai_r0602",
    "numbered",
    "inline",
    [
        {"type": "title", "text": "令和6年度第2回春日井市情報公開・個人情報等保護審査会議事録"},
        {
            "type": "header",
            "label": "1 開催日時",
            "value": "令和6年11月21日(木曜日)午前9時30分~午前10時30分",
            "inline": True,
        },
        {"type": "header", "label": "2 開催場所", "value": "春日井市役所北館10階 行政委員会室", "inline": True},
        {"type": "heading", "text": "6 議事内容"},
        turn("【尾関会長】", "令和6年度第2回春日井市情報公開・個人情報等保護審査会を開催する。"),
        turn("【事務局鈴木】", "本会議は情報公開・個人情報等保護審査会条例第2条第2項の調査審議に該当するため、公開"),
    ],
)


@pytest.mark.parametrize("alternative", [False, True])
def test_label_of_role_and_surname(alternative):
    _, ex = run(KASUGAI, alternative)
    us = ex.tables["utterances"]
    assert [(u["speaker"], u["speaker_group"]) for u in us] == [("尾関会長", "chair"), ("事務局鈴木", "secretariat")]


# 高槻市: the 日時 and 場所 values printed under each other's labels; a long record of what was
# proposed and decided before the turns is a narrative row, not a stage note
TAKATSUKI = spec(
    "takatsuki_r0405",
    "sections",
    "block",
    [
        {"type": "title", "text": "令和4年度第5回高槻市個人情報保護運営審議会会議録を公表"},
        {"type": "header", "label": "日時", "value": "高槻市役所本館4階 第2会議室(インターネットWeb会議)"},
        {"type": "header", "label": "場所", "value": "令和5年3月13日(月曜日)\n午前10時から"},
        {"type": "header", "label": "傍聴者数", "value": "0人"},
        {
            "type": "header",
            "label": "会議の議題",
            "value": "1.答申書の確認\n新個人情報保護法施行に伴う議会の個人情報保護の対応について\n"
            "[担当課:高槻市議会 議会事務局]\n2.その他",
        },
        {"type": "heading", "text": "審議等の内容"},
        {
            "type": "para",
            "text": "前回、実施機関(高槻市議会議会事務局)から諮問のあった案件について、事務局から審議結果を踏まえた"
            "答申案が提案され、以下の議論のとおり一部変更が加えられたのち承認された。",
        },
        turn("〇会長", "我々としては条例化するということを答申すれば良いのか。"),
        turn("〇事務局", "そうである。"),
    ],
)


def test_swapped_date_and_venue_and_long_record_is_narrative():
    _, ex = run(TAKATSUKI, False)
    m = ex.tables["meetings"][0]
    assert (str(m["held_on"]), str(m["start_time"])[:5], norm(m["venue"])) == (
        "2023-03-13",
        "10:00",
        norm("高槻市役所本館4階 第2会議室(インターネットWeb会議)"),
    )
    # `1.答申書の確認` heads the unnumbered item below it; `[担当課:…]` is a note
    assert m["agenda"] == ["新個人情報保護法施行に伴う議会の個人情報保護の対応について", "その他"]
    us = ex.tables["utterances"]
    assert [(u["speaker_group"], norm(u["text"])[:6]) for u in us] == [
        ("narrative", "前回、実施機"),
        ("chair", "我々としては"),
        ("secretariat", "そうである。"),
    ]


def people(ex) -> set[tuple[str, str, str, int | None]]:
    return {(a["group"], norm(a["name"]), norm(a["title"]), a["headcount"]) for a in ex.tables.get("attendees", [])}


# 羽村市: posts and names on one line, the last post holding for the names after it
HAMURA = spec(
    "hamura_h3003",
    "sections",
    "none",
    [
        {"type": "title", "text": "平成30年度 第3回 羽村市個人情報保護審議会 会議録"},
        {"type": "header", "label": "日時", "value": "平成31年3月18日(月曜日) 午後1時00分~午後3時40分"},
        {
            "type": "header",
            "label": "出席者",
            "value": "会長 井上克巳 副会長 中村孝文 委員 矢ケ崎浩和、小林房江、瀧伸明",
        },
        {"type": "header", "label": "欠席者", "value": "委員 秋山一弘"},
        {
            "type": "header",
            "label": "議題",
            "value": "審議1 新生児聴覚検査の公費負担\n審議2 ICT多職種ネットワーク運用業務\n報告\n"
            "新規1 羽村市家庭用生ごみ処理容器等購入費助成金交付事務\n変更1 ふるさと納税ワンストップ特例に関する事務",
        },
        {"type": "header", "label": "傍聴者", "value": "なし"},
    ],
)


@pytest.mark.parametrize("alternative", [False, True])
def test_posts_and_names_on_one_line(alternative):
    _, ex = run(HAMURA, alternative)
    assert people(ex) == {
        ("committee", "井上克巳", "会長", None),
        ("committee", "中村孝文", "副会長", None),
        ("committee", "矢ケ崎浩和", "委員", None),
        ("committee", "小林房江", "委員", None),
        ("committee", "瀧伸明", "委員", None),
    }
    m = ex.tables["meetings"][0]
    assert m["audience_count"] == 0
    # `審議1` / `新規1` / `変更1`: a category word and a number mark the items; `報告` is a group heading
    assert m["agenda"] == [
        "新生児聴覚検査の公費負担",
        "ICT多職種ネットワーク運用業務",
        "羽村市家庭用生ごみ処理容器等購入費助成金交付事務",
        "ふるさと納税ワンストップ特例に関する事務",
    ]


# 逗子市: letter-spaced labels and lists, `出席委員(5名)` (a count, no unit), posts run together with
# the names, a post no lexicon lists (`非常勤事務嘱託員`) between the unit and the name
ZUSHI = spec(
    "zushi_r0101",
    "inline",
    "none",
    [
        {"type": "title", "text": "令和元年度第1回逗子市個人情報保護運営審議会"},
        {"type": "header", "label": "日 時", "value": "令和元年6月7日(金)\n午前10時00分~"},
        {
            "type": "header",
            "label": "議 題",
            "value": "1.逗子市個人情報保護運営審議会議事録について\n2.諮問第10号 個人市民税高額納税者への感謝状等の"
            "贈呈事務に係る保有個人情報の目的外利用及び本人通知の省略について【課税課、納税課】\n5.その他",
        },
        {"type": "header", "label": "出席委員(5名)", "value": "会 長 安 達 和 志\n委 員 海 原 弘 之"},
        {"type": "header", "label": "欠 席 委 員(0名)", "value": ""},
        {
            "type": "header",
            "label": "説明のために出席した職員",
            "value": "課 税 課 長 山 田 悟 史\n課 税 課 副 主 幹 小 幡 浩 一",
        },
        {
            "type": "header",
            "label": "事務局等出席者",
            "value": "情 報 政 策 課 担 当 課 長 矢 島 小 百 合\n情 報 政 策 課 非 常 勤 事 務 嘱 託 員 大 槻 花 子",
        },
        {"type": "header", "label": "傍 聴 者", "value": "なし"},
    ],
)


def test_letter_spaced_glued_unit_post_name():
    _, ex = run(ZUSHI, False)
    # `諮問第10号` is the item's number, not a 諮問 group word; `【課税課、納税課】` a note of the units
    assert [norm(a) for a in ex.tables["meetings"][0]["agenda"]] == [
        norm("逗子市個人情報保護運営審議会議事録について"),
        norm(
            "諮問第10号 個人市民税高額納税者への感謝状等の贈呈事務に係る保有個人情報の目的外利用及び本人通知の省略について"
        ),
        "その他",
    ]
    assert people(ex) == {
        ("committee", "安達和志", "会長", None),
        ("committee", "海原弘之", "委員", None),
        ("agency", "山田悟史", "課長", None),
        ("agency", "小幡浩一", "副主幹", None),
        ("secretariat", "矢島小百合", "担当課長", None),
        ("secretariat", "大槻花子", "非常勤事務嘱託員", None),
    }


# 豊島区 (会議録 form): `計13名` closes the member list; posts without names; a `…担当` unit
# before 課長; the 関係人 row; `傍聴人数0人` printed in the 公開の可否 cell
TOSHIMA = spec(
    "toshima_h2701",
    "form",
    "inline",
    [
        {"type": "para", "text": "No.1"},
        {
            "type": "header",
            "label": "附属機関又は会議体の名称",
            "value": "豊島区行政情報公開・個人情報保護審議会\n(平成27年度 第1回)",
        },
        {"type": "header", "label": "事務局(担当課)", "value": "政策経営部\n広報課(総合相談担当)"},
        {"type": "header", "label": "開 催 日 時", "value": "平成27年7月30日(木) 午後3時00分 ~ 午後6時40分"},
        {"type": "header", "label": "開 催 場 所", "value": "豊島区役所本庁舎5階\n会議室509"},
        {
            "type": "header",
            "group": "議題",
            "label": "諮問",
            "value": "(1) 27諮問第1号\n番号制度コールセンター及び個人番号カード交付関連業務の委託に係る措置",
        },
        {
            "type": "header",
            "group": "議題",
            "label": "第三者点検",
            "value": "豊島区個人住民税賦課徴収に関する事務の「特定個人情報保護評価書」について",
        },
        {"type": "header", "group": "議題", "label": "報告", "value": "(仮称)マイナンバー条例の制定について"},
        {"type": "header", "label": "会議", "group": "公開の可否", "value": "■公開 □非公開 □一部非公開 傍聴人数0人"},
        {"type": "header", "label": "委員", "group": "出席者", "value": "森田聰(会長)、青井未帆、大谷洋子、\n計3名"},
        {"type": "header", "label": "説明者", "group": "出席者", "value": "総合窓口課長、総合相談担当課長"},
        {"type": "header", "label": "関係人", "group": "出席者", "value": "情報管理課長"},
        {"type": "header", "label": "事務局", "group": "出席者", "value": "政策経営部長、広報担当係長(行政情報)"},
        {"type": "heading", "text": "審議経過"},
        turn("総合相談担当課長:", "それでは、定刻となりましたので、始めさせていただきます。"),
        turn("会長:", "それでは"),
    ],
)


def test_form_with_total_line_and_posts_without_names():
    _, ex = run(TOSHIMA, False)
    m = ex.tables["meetings"][0]
    assert (m["session_no"], m["audience_count"]) == (1, 0)
    # the 議題 group's rows under category labels are items too
    assert [norm(a) for a in m["agenda"]] == [
        norm("27諮問第1号 番号制度コールセンター及び個人番号カード交付関連業務の委託に係る措置"),
        norm("豊島区個人住民税賦課徴収に関する事務の「特定個人情報保護評価書」について"),
        norm("(仮称)マイナンバー条例の制定について"),
    ]
    got = {(g, n, t) for g, n, t, _ in people(ex)}
    assert got == {
        ("committee", "森田聰", "会長"),
        ("committee", "青井未帆", ""),
        ("committee", "大谷洋子", ""),
        ("agency", "", "課長"),
        ("secretariat", "", "部長"),
        ("secretariat", "", "係長"),
    }
    assert sum(1 for a in ex.tables["attendees"] if a["group"] == "agency") == 3  # 総合窓口課, 総合相談担当, 情報管理課


# 厚木市: no 議題 row; `案件` printed as a heading at the start of the proceedings, the first item
# below it, the second as a numbered heading after the turns of the first
ATSUGI = spec(
    "atsugi_r0405",
    "table",
    "block",
    [
        {"type": "title", "text": "令和4年度第5回個人情報保護審査会会議録"},
        {"type": "heading", "text": "会議概要"},
        {"type": "header", "label": "会議主管課", "value": "総務部 行政総務課 情報公開・法制係"},
        {"type": "header", "label": "会議開催日時", "value": "令和4年10月18日(火曜日)午後4時から午後6時まで"},
        {"type": "header", "label": "会議開催場所", "value": "厚木市役所本庁舎4階 大会議室"},
        {"type": "heading", "text": "開会"},
        {
            "type": "header",
            "label": "案件",
            "value": "1 厚木市個人情報保護審査会の会長及び職務代理の選出について",
            "layout": "sections",
        },
        turn("事務局", "それでは、厚木市個人情報保護審査会規則第2条の規定により、会長の選出をお諮りしたい。"),
        turn("瀬戸委員", "玉巻委員にお願いできればと思う。"),
        {"type": "heading", "text": "2 令和3年度個人情報保護制度の運用状況について"},
        turn("玉巻会長", "事務局から説明をお願いしたい。"),
    ],
)


def test_agenda_under_a_heading_of_the_proceedings():
    _, ex = run(ATSUGI, False)
    assert ex.tables["meetings"][0]["agenda"] == [
        "厚木市個人情報保護審査会の会長及び職務代理の選出について",
        "令和3年度個人情報保護制度の運用状況について",
    ]


# 厚木市 平成30年度第2回, printed as `label:value` lines (the alternative layout of its table): the
# `会議開催日時` label, the 出席者 value wrapped inside a word (`情` / `報公開係副主幹`), and inline
# turns `会長 前回7月11日開催の審議会で、…` whose first line is a wrapped sentence, not a header row
ATSUGI_H3002 = spec(
    "atsugi_h3002",
    "table",
    "block",
    [
        {"type": "title", "text": "平成30年度第2回個人情報保護審査会会議録"},
        {"type": "heading", "text": "会議概要"},
        {"type": "header", "label": "会議主管課", "value": "総務部 行政総務課 情報公開係"},
        {"type": "header", "label": "会議開催日時", "value": "平成30年7月31日(火曜日)午後1時から午後3時45分まで"},
        {"type": "header", "label": "会議開催場所", "value": "厚木市役所本庁舎5階第一委員会室"},
        {
            "type": "header",
            "label": "出席者",
            "value": "個人情報保護審査会会長及び委員4人、市民協働推進課人権男女相談係長、情報公開係長、情報公開係副主幹",
        },
        {"type": "heading", "text": "開会"},
        {
            "type": "header",
            "label": "案件",
            "value": "厚木市個人情報保護条例第7条に規定する要配慮個人情報の取扱いについて(諮問)",
            "layout": "sections",
        },
        turn(
            "会長",
            "前回7月11日開催の審議会で、資料1の24番の地域生活支援事業事務、25番の障害者日常生活用具給付事務、"
            "48番の地域改善事業住宅新築等資金貸付管理事務について、詳細資料に基づき再確認することとなっていたので、"
            "順番に、まずは、24番の地域生活支援事業事務について事務局から説明されたい。",
        ),
        {"type": "direction", "text": "《事務局説明》"},
        turn("委員", "健康診断等結果については、本人が提出したものを市として保管するというだけという理解でよいか。"),
        turn("事務局", "そうである。"),
    ],
)


@pytest.mark.parametrize("layout", [(None, None), ("colon", "inline")])
def test_colon_rows_and_a_wrapped_first_turn(layout):
    _, ex = run(ATSUGI_H3002, layout=layout)
    m = ex.tables["meetings"][0]
    assert (str(m["held_on"]), str(m["start_time"])[:5], str(m["end_time"])[:5]) == ("2018-07-31", "13:00", "15:45")
    assert m["agenda"] == ["厚木市個人情報保護条例第7条に規定する要配慮個人情報の取扱いについて(諮問)"]
    assert {(n, t) for _, n, t, _ in people(ex)} == {
        ("", "会長"),
        ("", "委員"),
        ("", "係長"),
        ("", "副主幹"),
    }
    us = ex.tables["utterances"]
    assert [(u["speaker_group"], norm(u["text"])[:6]) for u in us] == [
        ("chair", "前回7月11"),
        ("committee", "健康診断等結"),
        ("secretariat", "そうである。"),
    ]


# 神奈川県, as `label:value` lines: `出席者【会長・副会長等】:` (a qualifier of the label before the
# colon) and `塩入 みほも【` / `副会長】` wrapped inside the bracket
KANAGAWA = spec(
    "kanagawa_46",
    "table",
    "block",
    [
        {"type": "title", "text": "第46回神奈川県情報公開・個人情報保護審議会審議結果"},
        {"type": "header", "label": "開催日時", "value": "平成30年11月19日(月曜日)午後2時00分から午後4時20分"},
        {
            "type": "header",
            "label": "出席者【会長・副会長等】",
            "value": "伊部 智隆、柏尾 安希子、小向 太郎、塩入 みほも【副会長】、沼野 伸生、人見 剛【会長】、森田 明、"
            "湯淺 墾道、脇屋 英子、和久 晴雄\n事務局(情報公開広聴課副課長ほか6名)",
        },
        {"type": "heading", "text": "会議記録"},
        turn("(人見会長)", "はじめに、審議事項を御審議いただきます。"),
    ],
)


@pytest.mark.parametrize("layout", [(None, None), ("colon", "inline")])
def test_label_qualifier_and_bracket_wrapped_over_lines(layout):
    _, ex = run(KANAGAWA, layout=layout)
    got = people(ex)
    assert ("committee", "伊部智隆", "", None) in got
    assert ("committee", "塩入みほも", "副会長", None) in got
    assert ("committee", "人見剛", "会長", None) in got
    assert ("secretariat", "", "副課長", 7) in got
    assert len(got) == 11
    assert [(u["speaker"], u["speaker_group"]) for u in ex.tables["utterances"]] == [("人見会長", "chair")]


# 神奈川県 第50回 as `label:value` lines: the list wraps between a surname and its given name
# (`沼野` / `伸生`), and the rows the label list does not know include `所属名、担当者名:` before
# the 審議(会議)経過 row that holds the agenda
KANAGAWA_50 = spec(
    "kanagawa_50",
    "table",
    "block",
    [
        {"type": "title", "text": "第50回神奈川県情報公開・個人情報保護審議会審議結果"},
        {"type": "para", "text": "次の審議会等を下記のとおり開催した。"},
        {"type": "header", "label": "審議会等名称", "value": "第50回神奈川県情報公開・個人情報保護審議会"},
        {"type": "header", "label": "開催日時", "value": "令和元年9月17日(火曜日)午後2時00分から午後3時50分まで"},
        {"type": "header", "label": "開催場所", "value": "神奈川自治会館8階 801会議室"},
        {
            "type": "header",
            "label": "出席者【会長・副会長等】",
            "value": "伊部 智隆、小向 太郎、塩入 みほも【副会長】、沼野 伸生、人見 剛【会長】、森田 明、湯淺 墾道、"
            "脇屋 英子、和久 晴雄\n事務局(情報公開広聴課長ほか6名)",
        },
        {"type": "header", "label": "次回開催予定日", "value": "令和元年11月18日"},
        {
            "type": "header",
            "label": "所属名、担当者名",
            "value": "所属名 政策局政策部情報公開広聴課\n担当者名 江成\n電話番号 (045)210-3720(直通)\n"
            "ファックス番号 (045)210-8838",
        },
        {"type": "header", "label": "掲載形式", "value": "議事録全文"},
        {"type": "header", "label": "議事概要とした理由", "value": ""},
        {
            "type": "header",
            "label": "審議(会議)経過",
            "value": "第50回神奈川県情報公開・個人情報保護審議会\n1 個人情報取扱事務の登録等について\n"
            "2 住民基本台帳法施行条例に規定する事務の追加について(諮問)\n3 個人情報保護制度の見直しについて(諮問)",
        },
        {"type": "heading", "text": "会議記録"},
        turn("(人見会長)", "はじめに議題の1、個人情報取扱事務の登録等についてです。"),
    ],
)


@pytest.mark.parametrize("layout", [(None, None), ("colon", "inline")])
def test_name_wrapped_between_surname_and_given_name(layout):
    _, ex = run(KANAGAWA_50, layout=layout)
    got = people(ex)
    assert ("committee", "沼野伸生", "", None) in got and len(got) == 10
    assert ex.tables["meetings"][0]["agenda"] == [
        "個人情報取扱事務の登録等について",
        "住民基本台帳法施行条例に規定する事務の追加について(諮問)",
        "個人情報保護制度の見直しについて(諮問)",
    ]


# the 事務 under review: one named by a 特定個人情報保護評価 item (without the municipality before
# it); none where two are (北九州市), none from items of other business (逗子市's 目的外利用)
@pytest.mark.parametrize(
    "items,want",
    [
        (
            [
                "豊島区個人住民税賦課徴収に関する事務の「特定個人情報保護評価書」について",
                "(仮称)マイナンバー条例の制定について",
            ],
            "個人住民税賦課徴収に関する事務",
        ),
        (["「大阪府営住宅の管理事務」に係る特定個人情報保護評価書について", "その他"], "大阪府営住宅の管理事務"),
        (
            [
                "「高等学校就学支援金の支給に関する事務(公立高等学校分)」における特定個人情報保護評価書について",
                "「住民基本台帳ネットワークシステムに係る本人確認情報の管理及び提供等に関する事務」における全項目評価書の"
                "記載内容の変更について",
            ],
            None,
        ),
        (
            [
                "住民基本台帳事務の特定個人情報保護評価について(公開審議)",
                "地方税賦課徴収事務の特定個人情報保護評価について(公開審議)",
            ],
            None,
        ),
        (
            [
                "諮問第10号 個人市民税高額納税者への感謝状等の贈呈事務に係る保有個人情報の目的外利用及び本人通知の省略について",
                "その他",
            ],
            None,
        ),
    ],
)
def test_subject_from_the_assessment_item(items, want):
    s = spec(
        "subject",
        "sections",
        "none",
        [
            {"type": "title", "text": "令和元年度第1回逗子市個人情報保護運営審議会"},
            {"type": "header", "label": "日時", "value": "令和元年6月7日(金) 午前10時00分~"},
            {"type": "header", "label": "議題", "value": "\n".join(f"({k}){t}" for k, t in enumerate(items, 1))},
        ],
    )
    _, ex = run(s, False)
    assert ex.tables["meetings"][0]["subject"] == want


# 大阪府 点検部会 / 審査部会 (batch 3): `1.と き` / `2.ところ` labels, the body in the second title
# line, `(委 員)` labels run together with the words (learnt: they recur), `◆ …` topic headings,
# `(事 局)` (事務局 as printed), a record without a sentence end, `熊 部会長代理` (a one-character
# surname and a post)
OSAKA = spec(
    "osaka_tenken",
    "numbered",
    "hanging",
    [
        {"type": "title", "text": "平成28年2月22日特定個人情報保護評価点検部会議事録"},
        {"type": "title", "text": "大阪府個人情報保護審議会特定個人情報保護評価点検部会議事録"},
        {
            "type": "header",
            "label": "1.と き",
            "value": "平成28年2月22日月曜日 午後4時30分から午後5時40分まで",
            "inline": True,
        },
        {"type": "header", "label": "2.ところ", "value": "大阪府公館 大サロン", "inline": True},
        {
            "type": "header",
            "label": "3.出席者",
            "value": "野田 部会長、熊 部会長代理、赤津 委員、島村 委員",
            "inline": True,
        },
        {"type": "heading", "text": "5.議事概要"},
        {"type": "heading", "text": "ア 事務局による概要説明"},
        {"type": "para", "text": "事前審査後の評価書の修正内容について説明"},
        {"type": "heading", "text": "イ 委員審議(主な内容)"},
        {"type": "heading", "text": "◆ 個人情報の定義"},
        turn("(委 員)", "個人識別符号が含まれるものは個人情報であるというのは、今も解釈上できるわけだが。"),
        turn("(事 局)", "実施機関に対して、わかりやすい記載内容に修正するよう伝える。"),
        {"type": "heading", "text": "◆ センシティブ情報の定義及び取扱い"},
        turn("(委 員)", "センシティブ情報の取扱いはどうなるのか。"),
    ],
)


def test_osaka_labels_learnt_marks_and_topic_headings():
    kind, ex = run(OSAKA, False)
    m = ex.tables["meetings"][0]
    assert (m["body"], str(m["held_on"]), str(m["start_time"])[:5], str(m["end_time"])[:5]) == (
        "大阪府個人情報保護審議会特定個人情報保護評価点検部会",
        "2016-02-22",
        "16:30",
        "17:40",
    )
    assert ("committee", "熊", "部会長代理", None) in people(ex) and ("committee", "赤津", "委員", None) in people(ex)
    us = ex.tables["utterances"]
    assert [(u["speaker_group"], norm(u["text"])[:6]) for u in us] == [
        ("narrative", "事前審査後の"),
        ("committee", "個人識別符号"),
        ("secretariat", "実施機関に対"),
        ("committee", "センシティブ"),
    ]


# 内閣官房 専門委員会 (batch 3): posts of a national body (`委員長代理`, `内閣審議官`), a member named
# with the 部会 he chairs (`堀部政男個人情報保護検討部会座長`), and a speaker labelled with a listed
# person's surname and another post he holds (`小川副室長` of `小川登美夫内閣審議官`)
KANTEI = spec(
    "kantei",
    "numbered",
    "inline",
    [
        {"type": "title", "text": "第17回個人情報保護法制化専門委員会議事要旨"},
        {"type": "header", "label": "1 日 時:", "value": "平成12年6月2日(金)14時~17時", "inline": True},
        {
            "type": "header",
            "label": "3 出席者:",
            "value": "園部逸夫委員長、小早川光郎委員長代理、上谷清委員、高芝利仁委員、高橋和之委員、遠山敦子委員、"
            "新美育文委員、西谷剛委員、藤原静雄委員、堀部政男個人情報保護検討部会座長\n(事務局)\n"
            "藤井昭夫内閣審議官、小川登美夫内閣審議官",
            "inline": True,
        },
        {"type": "heading", "text": "5 審議経過"},
        turn("【園部委員長】", "それでは、ただいまから個人情報保護法制化専門委員会、第17回の会合を開催いたします。"),
        turn("【小川副室長】", "それでは、私の方から前回から修正をいたしました箇所等につきまして御説明申し上げます。"),
    ],
)


def test_national_posts_and_a_surname_with_another_post():
    _, ex = run(KANTEI, False)
    got = {(g, n, t) for g, n, t, _ in people(ex)}
    assert {
        ("committee", "小早川光郎", "委員長代理"),
        ("secretariat", "藤井昭夫", "内閣審議官"),
        ("secretariat", "小川登美夫", "内閣審議官"),
    } <= got
    assert any(n == "堀部政男" and t == "座長" for _, n, t in got)
    assert [(u["speaker"], u["speaker_group"]) for u in ex.tables["utterances"]] == [
        ("園部委員長", "chair"),
        ("小川副室長", "secretariat"),
    ]


# nested agenda numbering (大阪市 第2部会): `(2)` over `ア` over `・` — only the leaf items are items;
# lines ending with the same tag under one number (大阪府 審査部会: `…その1(継続諮問)` / `…その2(継続諮問)`)
# are items of their own
@pytest.mark.parametrize(
    "value,want",
    [
        (
            "(1) 第69回大阪市個人情報保護審議会第2部会開催概要の承認について\n(2) 諮問に係る審議について\n"
            "ア 個人情報保護条例第6条に基づく個人情報の取り扱いについて\n"
            "・「就学時健康診断における受診勧奨を行うために個人情報を本人以外から収集することについて」(教育委員会事務局)\n"
            "イ 個人情報保護条例第45条に基づく諮問に関する調査審議\n・平成29年度諮問受理(不服)第6号\n(3) その他",
            [
                "第69回大阪市個人情報保護審議会第2部会開催概要の承認について",
                "「就学時健康診断における受診勧奨を行うために個人情報を本人以外から収集することについて」(教育委員会事務局)",
                "平成29年度諮問受理(不服)第6号",
                "その他",
            ],
        ),
        (
            "(1) 相談記録不存在非開示決定審査請求事案(継続諮問)\n(2) 広聴相談カード部分開示決定審査請求事案その1(継続諮問)\n"
            "広聴相談カード部分開示決定審査請求事案その2(継続諮問)\n(3) その他",
            [
                "相談記録不存在非開示決定審査請求事案(継続諮問)",
                "広聴相談カード部分開示決定審査請求事案その1(継続諮問)",
                "広聴相談カード部分開示決定審査請求事案その2(継続諮問)",
                "その他",
            ],
        ),
    ],
)
def test_nested_and_tagged_agenda_items(value, want):
    s = spec(
        "agenda",
        "numbered",
        "none",
        [
            {"type": "title", "text": "第70回 大阪市個人情報保護審議会第2部会 開催概要"},
            {"type": "header", "label": "1 日時", "value": "平成30年2月9日金曜日 午後1時30分から午後4時30分まで"},
            {"type": "header", "label": "4 議題", "value": value},
        ],
    )
    _, ex = run(s, False)
    m = ex.tables["meetings"][0]
    assert m["body"] == "大阪市個人情報保護審議会第2部会"
    assert [norm(a) for a in m["agenda"]] == [norm(a) for a in want]
