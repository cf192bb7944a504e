from __future__ import annotations

from datetime import date

from tests.queries.factory import assessment, other_doc, query

KOKUHO, JUKI, ZEIMU = "国民健康保険に関する事務", "住民基本台帳に関する事務", "個人住民税に関する事務"
KITA = dict(code="401005", name="北九州市", pref="福岡県")
IZUMI = dict(code="272191", name="和泉市", pref="大阪府")


def test_reevaluation_age_and_overdue(dataset):
    ds = dataset(
        [
            # 公表日 wins over everything; the 基礎 and 全項目 of one 事務 are one row, dated by the newer
            assessment("a1", "kiso", jimu=KOKUHO, published_on=date(2019, 6, 1), **KITA),
            assessment(
                "a2",
                "zenkomoku",
                jimu=KOKUHO,
                published_on=date(2020, 1, 1),
                **KITA,
                changes=[{"changed_on": date(2025, 1, 1), "item": "x"}],
            ),
            # no 公表日: the latest 変更日
            assessment(
                "b",
                "kiso",
                jimu=JUKI,
                **KITA,
                changes=[{"changed_on": date(2019, 1, 1)}, {"changed_on": date(2022, 6, 1)}],
            ),
            # neither: VI.1.1 実施日 in 和暦
            assessment("c", "zenkomoku", jimu=KOKUHO, **IZUMI, fields=[{"key": "VI.1.1", "value": "令和3年3月31日"}]),
            # nothing at all
            assessment("d", "kiso", jimu=ZEIMU, **IZUMI),
        ]
    )
    rows = query(ds, "reevaluation_due", as_of=date(2026, 4, 1))
    got = [
        (
            r["municipality_name"],
            r["jimu"],
            r["forms"],
            r["assessed_on"],
            r["assessed_on_source"],
            r["due_on"],
            r["age_years"],
            r["overdue"],
        )
        for r in rows
    ]
    assert got == [
        ("北九州市", KOKUHO, "kiso+zenkomoku", date(2020, 1, 1), "published_on", date(2025, 1, 1), 6.2, True),
        ("和泉市", KOKUHO, "zenkomoku", date(2021, 3, 31), "VI.1.1 実施日", date(2026, 3, 31), 5.0, True),
        ("北九州市", JUKI, "kiso", date(2022, 6, 1), "changes.changed_on", date(2027, 6, 1), 3.8, False),
        ("和泉市", ZEIMU, "kiso", None, None, None, None, None),
    ]
    assert rows[0]["source_file"] == "a2.pdf"


def test_implementation_date_dates_exactly_the_documents_without_publication_or_change_date(dataset):
    # assessment_docs parses VI.1.1 only for the documents it dates: a 変更箇所 row without a date
    # does not date a document (it still falls back to VI.1.1), and a 公表日 wins over a VI.1.1
    vi = [{"key": "VI.1.1", "value": "令和3年3月31日"}]
    ds = dataset(
        [
            assessment("n", "zenkomoku", jimu=KOKUHO, **IZUMI, fields=vi, changes=[{"changed_on": None, "item": "x"}]),
            assessment("p", "zenkomoku", jimu=JUKI, published_on=date(2024, 5, 1), **IZUMI, fields=vi),
        ]
    )
    rows = query(ds, "reevaluation_due", as_of=date(2026, 4, 1))
    assert [(r["jimu"], r["assessed_on"], r["assessed_on_source"]) for r in rows] == [
        (KOKUHO, date(2021, 3, 31), "VI.1.1 実施日"),
        (JUKI, date(2024, 5, 1), "published_on"),
    ]


def test_reevaluation_date_source_and_file_come_from_one_document(dataset):
    # Two documents of one 事務 dated the same day by different sources, and an undated third:
    # the row's date, source and file must all be those of one document (ties: the first file).
    ds = dataset(
        [
            assessment("z", "kiso", jimu=KOKUHO, published_on=date(2023, 4, 1), **KITA),
            assessment("m", "zenkomoku", jimu=KOKUHO, **KITA, changes=[{"changed_on": date(2023, 4, 1)}]),
            assessment("a", "kiso", jimu=KOKUHO, **KITA),
        ]
    )
    (row,) = query(ds, "reevaluation_due", as_of=date(2026, 4, 1))
    assert (row["assessed_on"], row["assessed_on_source"], row["source_file"]) == (
        date(2023, 4, 1),
        "changes.changed_on",
        "m.pdf",
    )


def test_cloud_adoption_by_year(dataset):
    def doc(doc_id, year, *values):
        return assessment(
            doc_id,
            "zenkomoku",
            jimu=doc_id,
            published_on=date(year, 4, 1) if year else None,
            **KITA,
            fields=[{"key": f"I.{i}", "value": v} for i, v in enumerate(values, 1)],
        )

    ds = dataset(
        [
            doc("g", 2021, "ガバメントクラウドへ移行する", "その他"),
            doc("i", 2021, "ismap登録のサービスを利用"),
            doc("n", 2021, "オンプレミス"),
            doc("c", 2023, "クラウドサービスを利用", "クラウド"),
            doc("u", None, "パブリッククラウド"),
        ]
    )
    got = [
        (r["year"], r["assessments"], r["cloud"], r["government_cloud"], r["ismap"], r["cloud_share"])
        for r in query(ds, "cloud_adoption")
    ]
    assert got == [(2021, 3, 1, 1, 1, 0.333), (2023, 1, 1, 0, 0, 1.0), (None, 1, 1, 0, 0, 1.0)]


def test_public_comment_rounds(dataset):
    ds = dataset(
        [
            other_doc(
                "p1",
                "public_comment",
                comment_rounds=[
                    {
                        "municipality_name": "札幌市",
                        "subject": KOKUHO,
                        "period_start": date(2020, 6, 15),
                        "period_end": date(2020, 7, 14),
                        "submitters": 1,
                        "opinions": 11,
                    }
                ],
                comments=[{"no": 1, "opinion": "a"}, {"no": 2, "opinion": "b"}],
            ),
            other_doc(
                "p2",
                "public_comment",
                comment_rounds=[
                    {
                        "municipality_name": "北九州市",
                        "subject": JUKI,
                        "period_start": date(2021, 1, 5),
                        "opinions": 0,
                        "submitters": 0,
                    }
                ],
            ),
            other_doc(
                "p3",
                "public_comment",
                comment_rounds=[
                    {"municipality_name": "和泉市", "subject": None, "period_start": None, "opinions": None}
                ],
            ),
        ]
    )
    rows = query(ds, "public_comments")
    assert [
        (
            r["municipality_name"],
            r["opinions"],
            r["comment_rows"],
            r["zero_opinions"],
            r["rounds_all"],
            r["share_zero_all"],
        )
        for r in rows
    ] == [
        ("札幌市", 11, 2, False, 3, 0.5),
        ("北九州市", 0, 0, True, 3, 0.5),
        ("和泉市", None, 0, None, 3, 0.5),
    ]
    assert rows[0]["source_file"] == "p1.pdf"


def test_meetings_per_jimu(dataset):
    def meeting(doc_id, muni, subject, session, held):
        return other_doc(
            doc_id,
            "minutes",
            meetings=[
                {
                    "body": f"{muni}個人情報保護審査会",
                    "municipality_name": muni,
                    "subject": subject,
                    "session_no": session,
                    "held_on": held,
                }
            ],
        )

    ds = dataset(
        [
            meeting("m1", "北九州市", KOKUHO, 22, date(2024, 1, 19)),
            meeting("m2", "北九州市", KOKUHO, 9, date(2019, 5, 1)),
            meeting("m3", "北九州市", JUKI, 15, date(2021, 11, 9)),
            meeting("m4", "和泉市", None, None, date(2017, 1, 30)),
        ]
    )
    got = [
        (
            r["municipality_name"],
            r["subject"],
            r["meetings"],
            r["first_held_on"],
            r["last_held_on"],
            r["sessions"],
            r["bodies"],
        )
        for r in query(ds, "meetings_per_jimu")
    ]
    assert got == [
        ("北九州市", KOKUHO, 2, date(2019, 5, 1), date(2024, 1, 19), [9, 22], ["北九州市個人情報保護審査会"]),
        ("北九州市", JUKI, 1, date(2021, 11, 9), date(2021, 11, 9), [15], ["北九州市個人情報保護審査会"]),
        ("和泉市", None, 1, date(2017, 1, 30), date(2017, 1, 30), [], ["和泉市個人情報保護審査会"]),
    ]


def test_municipalities_overview(dataset):
    risk = lambda label: {"process": "使用", "risk_no": 1, "risk_title": "r", "assessment": label}
    ds = dataset(
        [
            assessment("k1", "kiso", jimu=KOKUHO, published_on=date(2024, 1, 1), **KITA),
            assessment(
                "k2",
                "zenkomoku",
                jimu=KOKUHO,
                published_on=date(2024, 2, 1),
                **KITA,
                entrustments=[
                    {"item_no": 1, "contractor": "A", "subcontract": True},
                    {"item_no": 2, "contractor": "B", "subcontract": False},
                ],
                risk_measures=[risk("課題が残されている")],
            ),
            assessment(
                "k3", "kiso", jimu=JUKI, published_on=date(2023, 1, 1), **KITA, risk_measures=[risk("十分である")]
            ),
            assessment(
                "i1", "kiso", jimu=KOKUHO, published_on=date(2022, 1, 1), **IZUMI, risk_measures=[risk("十分である")]
            ),
            # the extractor could not read the cover: still counted, under an unknown municipality
            assessment("x", "juten", jimu=None, code=None, name=None, pref=None),
        ]
    )
    got = [
        (
            r["prefecture"],
            r["municipality_name"],
            r["municipality_code"],
            r["jimu"],
            r["kiso"],
            r["juten"],
            r["zenkomoku"],
            r["entrustments"],
            r["subcontract_share"],
            r["issues_remaining"],
            r["latest_assessed_on"],
        )
        for r in query(ds, "municipalities")
    ]
    assert got == [
        ("大阪府", "和泉市", "272191", 1, 1, 0, 0, 0, None, False, date(2022, 1, 1)),
        ("福岡県", "北九州市", "401005", 2, 2, 0, 1, 2, 0.5, True, date(2024, 2, 1)),
        (None, None, None, 0, 0, 0, 0, 0, None, False, None),
    ]
