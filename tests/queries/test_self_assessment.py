from __future__ import annotations

from datetime import date

import pytest

from tests.queries.factory import assessment, query

KOKUHO, JUKI = "国民健康保険に関する事務", "住民基本台帳に関する事務"
NYUSHU, SHIYO = "特定個人情報の入手", "特定個人情報の使用"
R1, R2 = "目的外の入手が行われるリスク", "権限のない者によって不正に使用されるリスク"


def risk(process: str, no: int, title: str, assessment_label: str | None) -> dict:
    section = 2 if process == NYUSHU else 3
    return {
        "file_no": 1,
        "key": f"III.{section}.risk{no}.リスクへの対策は十分か",
        "process": process,
        "risk_no": no,
        "risk_title": title,
        "assessment": assessment_label,
    }


@pytest.fixture
def ds(dataset):
    kita = dict(code="401005", name="北九州市", pref="福岡県")
    izumi = dict(code="272191", name="和泉市", pref="大阪府")
    return dataset(
        [
            assessment(
                "k1",
                "zenkomoku",
                jimu=KOKUHO,
                published_on=date(2024, 1, 1),
                **kita,
                risk_measures=[risk(NYUSHU, 1, R1, "十分である"), risk(SHIYO, 2, R2, "課題が残されている")],
            ),
            assessment(
                "k2",
                "kiso",
                jimu=JUKI,
                published_on=date(2024, 1, 1),
                **kita,
                risk_measures=[risk(NYUSHU, 1, R1, "特に力を入れている"), risk(SHIYO, 2, R2, "課題が残されている")],
            ),
            # superseded revision: its 課題 must not count
            assessment(
                "i-old",
                "kiso",
                jimu=KOKUHO,
                published_on=date(2015, 1, 1),
                **izumi,
                risk_measures=[risk(NYUSHU, 1, R1, "課題が残されている")],
            ),
            assessment(
                "i-new",
                "kiso",
                jimu=KOKUHO,
                published_on=date(2020, 1, 1),
                **izumi,
                risk_measures=[risk(NYUSHU, 1, R1, "十分である"), risk(SHIYO, 2, R2, None)],
            ),
        ]
    )


def test_distribution_per_risk_and_per_municipality(ds):
    rows = query(ds, "self_assessment")
    cols = (
        "dimension",
        "process",
        "risk_title",
        "municipality_name",
        "total",
        "especially_focused",
        "sufficient",
        "issues_remaining",
        "other",
        "issues_share",
    )
    assert [tuple(r[c] for c in cols) for r in rows] == [
        ("risk", NYUSHU, R1, None, 3, 1, 2, 0, 0, 0.0),
        ("risk", SHIYO, R2, None, 3, 0, 0, 2, 1, 0.667),
        ("municipality", None, None, "和泉市", 2, 0, 1, 0, 1, 0.0),  # 大阪府 before 福岡県
        ("municipality", None, None, "北九州市", 4, 1, 1, 2, 0, 0.5),
    ]
    assert rows[3]["prefecture"] == "福岡県" and rows[3]["municipality_code"] == "401005"


def test_issues_remaining_lists_only_current_issues(ds):
    rows = query(ds, "issues_remaining")
    assert len(rows) == 1
    r = rows[0]
    assert (r["prefecture"], r["municipality_name"], r["municipality_code"], r["jimu_count"], r["risks"]) == (
        "福岡県",
        "北九州市",
        "401005",
        2,
        2,
    )
    assert r["jimu"] == sorted([KOKUHO, JUKI])
    assert r["details"] == sorted([f"{KOKUHO}: {SHIYO} / {R2}", f"{JUKI}: {SHIYO} / {R2}"])
