from __future__ import annotations

from datetime import date

import duckdb
import pytest

from hyokasho.paths import queries_dir
from tests.queries.factory import assessment, query

KOKUHO, JUKI = "国民健康保険に関する事務", "住民基本台帳に関する事務"


def ent(item_no: int, contractor: str | None, subcontract: bool | None) -> dict:
    return {
        "file_no": 1,
        "item_no": item_no,
        "title": f"業務{item_no}",
        "contractor": contractor,
        "subcontract": subcontract,
    }


@pytest.fixture
def ds(dataset):
    kita = dict(code="401005", name="北九州市", pref="福岡県")
    izumi = dict(code="272191", name="和泉市", pref="大阪府")
    return dataset(
        [
            # an older revision of the same 全項目評価書: must not be counted
            assessment(
                "k-old",
                "zenkomoku",
                jimu=KOKUHO,
                published_on=date(2016, 1, 1),
                **kita,
                entrustments=[ent(1, "富士通Japan株式会社", True), ent(2, "株式会社RKKCS", True)],
            ),
            assessment(
                "k-new",
                "zenkomoku",
                jimu=KOKUHO,
                published_on=date(2024, 1, 1),
                **kita,
                entrustments=[
                    ent(1, "富士通Japan株式会社北九州支店", True),
                    ent(2, "株式会社日立システムズ九州支社", False),
                    ent(3, "—", None),
                ],
            ),
            assessment(
                "k-juki",
                "zenkomoku",
                jimu=JUKI,
                published_on=date(2023, 1, 1),
                **kita,
                entrustments=[ent(1, "富士通Japan（株）", False)],
            ),
            assessment(
                "i-kokuho",
                "juten",
                jimu=KOKUHO,
                published_on=date(2022, 1, 1),
                **izumi,
                entrustments=[ent(1, "富士通Japan 株式会社 大阪支社", False), ent(2, "㈱日立システムズ", True)],
            ),
        ]
    )


def test_contractors_ranked_with_variants_folded(ds):
    rows = query(ds, "contractors")
    assert [
        (r["contractor"], r["municipalities"], r["jimu"], r["entrustments"], r["with_subcontract"]) for r in rows
    ] == [
        ("富士通Japan", 2, 3, 3, 1),
        ("日立システムズ", 2, 2, 2, 1),
    ]
    assert rows[0]["variants"] == sorted(
        ["富士通Japan株式会社北九州支店", "富士通Japan（株）", "富士通Japan 株式会社 大阪支社"]
    )


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("富士通Japan株式会社北九州支店", "富士通Japan"),
        ("株式会社日立システムズ九州支社", "日立システムズ"),
        ("㈱日立システムズ", "日立システムズ"),
        ("日立システムズ（株）", "日立システムズ"),
        ("ＮＴＴデータ　株式会社", "NTTデータ"),
        ("(株)ジーシーシー 福岡営業所", "ジーシーシー"),
        ("日本電気株式会社九州支社", "日本電気"),
        ("有限会社テスト", "テスト"),
        ("日立・NTT企業連合", "日立・NTT企業連合"),
        ("福岡県国保連合会(福岡県国保連合会は、国保中央会に再委託)", "福岡県国保連合会"),
        ("—", None),
        ("", None),
    ],
)
def test_fold_company(raw, folded):
    con = duckdb.connect()
    con.execute(
        (queries_dir() / "macros.sql")
        .read_text()
        .split("-- ---------------------------------------------------------------- assessment documents")[0]
    )
    assert con.execute("SELECT fold_company(?)", [raw]).fetchone()[0] == folded


def test_subcontracting_shares_by_prefecture_and_jimu(ds):
    rows = query(ds, "subcontracting")
    got = [
        (
            r["prefecture"],
            r["jimu"],
            r["is_total"],
            r["entrustments"],
            r["with_subcontract"],
            r["unknown"],
            r["subcontract_share"],
        )
        for r in rows
    ]
    assert got == [
        ("大阪府", KOKUHO, "jimu", 2, 1, 0, 0.5),
        ("福岡県", JUKI, "jimu", 1, 0, 0, 0.0),
        ("福岡県", KOKUHO, "jimu", 3, 1, 1, 0.5),  # the unreadable 再委託 is left out of the share
        ("大阪府", None, "prefecture", 2, 1, 0, 0.5),
        ("福岡県", None, "prefecture", 4, 1, 1, 0.333),
        (None, None, "all", 6, 2, 1, 0.4),
    ]
