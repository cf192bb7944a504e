"""Versions of an assessment: the lineage view, `hyokasho diff`, queries/version_changes.sql.

The PDFs are generated (tests/versions/specs.py: a fictional body re-publishing its 評価書) and
ingested with the real CLI; what changed is known from the generator's ground truth.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date

import pytest

from tests.queries.factory import query
from tests.versions.specs import KISO, ZEN, spec

# keys the 変更箇所 of v2 declares: 'Ⅱしきい値判断項目' (part II) and 'Ⅰ-5-①部署' (I.5.1)
DECLARED_V2 = re.compile(r"^(II\.|I\.5\.1$)")


def hyokasho(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", *map(str, args)], capture_output=True, text=True, timeout=600, **kw
    )


def items(truth: dict) -> dict[tuple, str]:
    """(file_no, key) → value, from the generator's truth: what the form prints per key."""
    out: dict[tuple, str] = {}
    for f in truth["fields"]:
        out[(f["file_no"], f["key"])] = f["value"] or ""
    for c in truth["choices"]:
        out[(c["file_no"], c["key"])] = c["selected"] or ""
    checked: dict[tuple, list[str]] = {}
    for c in truth["checks"]:
        checked.setdefault((c["file_no"], c["key"]), []).extend([c["option"]] if c["checked"] else [])
    for k, opts in checked.items():
        out.setdefault(k, "、".join(opts))
    return {k: re.sub(r"\s+", "", v) for k, v in out.items()}


def truth_changes(old: dict, new: dict) -> dict[tuple, str]:
    a, b = items(old), items(new)
    out = {k: "changed" for k in a.keys() & b.keys() if a[k] != b[k]}
    out.update({k: "added" for k in b.keys() - a.keys()})
    out.update({k: "removed" for k in a.keys() - b.keys()})
    return out


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    from tests.pdfgen.fixtures import generate

    root = tmp_path_factory.mktemp("versions")
    pdfs, truths = {}, {}
    for kind, specs in (("kiso", KISO), ("zenkomoku", ZEN)):
        for name, v in specs.items():
            pdf, truth = generate(kind, **spec(v))
            pdfs[name] = root / "in" / f"kakushi_kokuho_{kind}_{name}.pdf"
            pdfs[name].parent.mkdir(exist_ok=True)
            pdfs[name].write_bytes(pdf)
            truths[name] = truth
    out = root / "ds"
    # the newest version first, the others in a later run: the order comes from the dates
    for batch in ([pdfs["v3"]], [pdfs["v1"], pdfs["v2"], pdfs["z1"], pdfs["z2"]]):
        p = hyokasho("ingest", *batch, "--out", out, "--no-progress")
        assert p.returncode == 0, p.stderr
    return pdfs, truths, out


def doc_id(out, pdf) -> str:
    [row] = query_rows(out, f"SELECT doc_id FROM documents WHERE source_file LIKE '%{pdf.name}'")
    return row["doc_id"]


def query_rows(out, sql):
    from hyokasho.query import connect, run

    cols, rows = run(connect(out), sql)
    return [dict(zip(cols, r)) for r in rows]


def test_assessment_versions_orders_each_lineage_by_date(versions):
    pdfs, _, out = versions
    rows = query_rows(out, "SELECT * FROM assessment_versions ORDER BY doc_type, version_no")
    kiso = [r for r in rows if r["doc_type"] == "kiso"]
    assert [r["source_file"].rsplit("_", 1)[1] for r in kiso] == ["v1.pdf", "v2.pdf", "v3.pdf"]
    assert [r["assessed_on"] for r in kiso] == [date(2023, 4, 1), date(2024, 4, 1), date(2025, 4, 1)]
    assert [r["versions"] for r in kiso] == [3, 3, 3] and [r["is_latest"] for r in kiso] == [False, False, True]
    assert kiso[0]["prev_doc_id"] is None and kiso[1]["prev_doc_id"] == kiso[0]["doc_id"]
    assert kiso[1]["next_doc_id"] == kiso[2]["doc_id"] and kiso[2]["prev_assessed_on"] == date(2024, 4, 1)
    assert {r["assessment_no"] for r in kiso} == {7} and {r["jimu"] for r in kiso} == {"国民健康保険に関する事務"}
    zen = [r for r in rows if r["doc_type"] == "zenkomoku"]
    assert [r["version_no"] for r in zen] == [1, 2]  # the 全項目 is a lineage of its own


def _diff(*args):
    p = hyokasho("diff", *args, "--format", "json")
    assert p.returncode == 1, p.stderr  # 1: changes found
    return json.loads(p.stdout)


@pytest.mark.parametrize("old, new, kind", [("v1", "v2", "kiso"), ("v2", "v3", "kiso"), ("z1", "z2", "zenkomoku")])
def test_diff_of_two_pdfs_is_what_the_generator_changed(versions, old, new, kind):
    pdfs, truths, _ = versions
    rows = _diff(pdfs[old], pdfs[new])
    got = {(r["file_no"], r["key"]): r["change"] for r in rows}
    assert got == truth_changes(truths[old], truths[new])
    assert all(r["new_page"] for r in rows if r["change"] != "removed")
    assert all(r["old_page"] for r in rows if r["change"] != "added")


def test_diff_values_pages_and_declarations(versions):
    pdfs, truths, _ = versions
    rows = {r["key"]: r for r in _diff(pdfs["v1"], pdfs["v2"])}
    dept = rows["I.5.1"]
    assert (dept["old_value"], dept["new_value"]) == ("架空市保健福祉局保険年金課", "架空市市民局保険年金課")
    assert dept["declared"] is True and dept["declared_by"] == "I-5-1部署" and dept["kind"] == "field"
    pop = rows["II.1.評価対象の事務の対象人数は何人か"]
    assert pop["kind"] == "choice" and pop["new_value"] == "10万人以上30万人未満" and pop["declared"] is True
    assert rows["cover.公表日"]["declared"] is None  # changes with every publication
    undeclared = {k for k, r in rows.items() if r["declared"] is False}
    expected = {
        k for (_, k) in truth_changes(truths["v1"], truths["v2"]) if not DECLARED_V2.match(k) and k != "cover.公表日"
    }
    assert undeclared == expected and {"I.5.2", "I.1.3", "III.しきい値判断結果"} <= undeclared
    # v2 → v3: only the department, declared by the one 変更箇所 row v3 adds
    rows = {r["key"]: r for r in _diff(pdfs["v2"], pdfs["v3"])}
    assert set(rows) == {"cover.公表日", "I.5.1"} and rows["I.5.1"]["declared"] is True
    # the 全項目: the added システム3 is declared ('Ⅰ-2 システム3'), the added 委託事項2 is not
    rows = _diff(pdfs["z1"], pdfs["z2"])
    assert {r["declared"] for r in rows if r["key"].startswith("I.2.sys3.")} == {True}
    itaku = [r for r in rows if ".itaku2." in r["key"]]
    assert itaku and {(r["change"], r["declared"]) for r in itaku} == {("added", False)}
    assert any(r["new_value"] == "架空データサービス株式会社" for r in itaku)


def test_diff_by_doc_id_equals_diff_by_pdf(versions):
    pdfs, _, out = versions
    by_pdf = _diff(pdfs["v1"], pdfs["v2"])
    by_id = _diff(doc_id(out, pdfs["v1"])[:10], doc_id(out, pdfs["v2"]), "--data", out)
    assert by_id == by_pdf


def test_text_output(versions):
    pdfs, _, _ = versions
    p = hyokasho("diff", pdfs["v1"], pdfs["v2"])
    assert p.returncode == 1
    assert re.search(r"^changed  field  I\.5\.2  p\.2 → p\.2  NOT in 変更箇所$", p.stdout, re.M)
    assert "    - 保険年金課長\n    + 保険年金担当課長" in p.stdout
    assert re.search(
        r"^\d+ changed, 0 added, 0 removed; \d+ not declared in the 変更箇所 of NEW \(2 new", p.stdout, re.M
    )


def test_diff_errors(versions, tmp_path):
    pdfs, _, out = versions
    same = hyokasho("diff", pdfs["v1"], pdfs["v1"])
    assert same.returncode == 2 and "same document" in same.stderr
    nothing = hyokasho("diff", tmp_path / "missing.pdf", pdfs["v1"])
    assert nothing.returncode == 2 and "missing.pdf: no such file, and not a doc_id" in nothing.stderr
    unknown = hyokasho("diff", "abcdef12", pdfs["v1"], "--data", out)
    assert unknown.returncode == 2 and "no document with this doc_id" in unknown.stderr
    shutil.copy(pdfs["v1"], tmp_path / "copy.pdf")
    none = hyokasho("diff", pdfs["v1"], tmp_path / "copy.pdf")
    assert none.returncode == 2  # the same bytes are the same document


def test_version_changes_query_is_the_diff_of_every_consecutive_pair(versions):
    pdfs, _, out = versions
    rows = query(out, "version_changes")
    pairs = {(r["old_file"].rsplit("_", 1)[1], r["new_file"].rsplit("_", 1)[1]) for r in rows}
    assert pairs == {("v1.pdf", "v2.pdf"), ("v2.pdf", "v3.pdf"), ("z1.pdf", "z2.pdf")}
    for old, new in (("v1", "v2"), ("v2", "v3"), ("z1", "z2")):
        from_query = sorted(
            (r["file_no"] or 0, r["key"], r["change"], r["declared"])
            for r in rows
            if r["new_file"].endswith(f"_{new}.pdf")
        )
        from_diff = sorted(
            (r["file_no"] or 0, r["key"], r["change"], r["declared"]) for r in _diff(pdfs[old], pdfs[new])
        )
        assert from_query == from_diff
    v2 = [r for r in rows if r["new_file"].endswith("_v2.pdf")]
    assert {r["old_version"] for r in v2} == {1} and {r["new_version"] for r in v2} == {2}
    assert {r["municipality_name"] for r in rows} == {"架空市長"}  # no known municipality: the organization
