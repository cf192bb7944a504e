"""The form definitions (models/forms/*.json) are consistent, and every row that says it was
read in a bundled filing is what the extractor reads from that filing: its key, its
＜選択肢＞ list in printed order, its check-box options."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from extract.assessment import extract_assessment
from extract.pdf import open_pdf
from extract.result import Extraction
from models import forms

ROOT = Path(__file__).resolve().parents[2]


def _n(s) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


@pytest.mark.parametrize("name", forms.FORMS)
def test_form_loads_and_every_revision_says_where_it_comes_from(name):
    form = forms.load(name)
    assert form.number == forms.NUMBER[name] and form.revisions
    for rev in form.revisions:
        # a revision is read in some source or derived from a named neighbour, never silently
        assert rev.sources or rev.derived_from, rev.name
        assert rev.note
        keys = Counter(r.value_key_in(rev.name) for r in form.value_rows(rev.name))
        assert [k for k, n in keys.items() if n > 1] == [], rev.name
        kinds = [r.kind for r in form.rows_in(rev.name)]
        assert kinds[0] == "cover" and kinds[-1] == "changes"
    for row in form.rows:
        if row.kind in ("choice", "checks", "heading_checks"):
            assert row.options, row.key
        if row.num is not None:
            assert re.search(rf"\.{row.num}$", row.key) or row.item != row.key, row.key


def test_unverified_rows_are_marked():
    """様式3's rows below its part headings are recalled, not read: they carry no source and
    the form says so; 様式2/4 rows without a source belong to a derived revision only."""
    juten = forms.load("juten")
    assert any(not r.src for r in juten.rows)
    for name in ("kiso", "zenkomoku"):
        form = forms.load(name)
        read = {s for rev in form.revisions for s in rev.sources}
        for row in form.rows:
            if not row.src:
                revs = row.revisions or set(form.revision_names)
                assert all(form.revision(r).derived_from for r in revs), (name, row.key)
            else:
                assert set(row.src) <= set(forms.sources()), row.key
        assert read <= set(forms.sources())


FILINGS = [s for s in forms.sources().values() if s.path]
REAL = ROOT / "tests" / "fixtures" / "real" / "assessments"


def test_real_fixtures_cited_are_development_ones():
    """A definition may cite a real-text fixture only while it is in the development split:
    held-out fixtures are never read while developing (tests/fixtures/real/README.md)."""
    manifest = json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))
    held_out = {e["id"] for e in manifest["entries"] if e["held_out"]}
    cited = [s for s in FILINGS if s.path.startswith("tests/fixtures/real/")]
    assert cited
    for s in cited:
        assert Path(s.path).stem not in held_out, f"{s.id} cites a held-out fixture"


def _read(src) -> Extraction:
    path = ROOT / src.path
    assert path.exists(), f"{src.id}: {src.path} is missing"
    if path.suffix == ".json":  # a real-text fixture: rendered as the body printed it
        from extract.pdf import read_pdf_bytes
        from tests.pdfgen.real_forms import load_spec, render_spec

        return extract_assessment(read_pdf_bytes(render_spec(load_spec(path)), f"{path.stem}.pdf"))
    return extract_assessment(open_pdf(path))


@pytest.fixture(scope="module", params=FILINGS, ids=lambda s: s.id)
def filing(request):
    return request.param, _read(request.param)


def test_rows_read_in_a_filing_are_what_it_yields(filing):
    src, ex = filing
    form = forms.load(src.form)
    assert ex.doc_type == src.form
    keys = {r["key"] for t in ("fields", "choices", "checks") for r in ex.tables[t]}
    blank = {r["key"] for r in ex.tables["fields"] if not r["value"]}
    choices = {r["key"]: r for r in ex.tables["choices"]}
    checks: dict[str, set[str]] = {}
    for r in ex.tables["checks"]:
        checks.setdefault(r["key"], set()).add(_n(r["option"]))
    cited = [r for r in form.value_rows(src.revision) if src.id in r.src]
    assert len(cited) > (20 if src.path.endswith(".pdf") else 4)
    for row in cited:
        key = row.value_key_in(src.revision).replace("{n}", "1")
        if key in src.empty:
            assert key in blank, f"{src.id}: {key} is printed empty: a row with a blank value"
            continue
        assert key in keys, f"{src.id}: {key} not found"
        if row.kind == "choice":
            assert [_n(o) for o in choices[key]["options"]] == [_n(o) for o in row.options], key
        if row.kind in ("checks", "heading_checks"):
            assert {_n(o) for o in row.options} <= checks[key], key


def test_form_item_maps_revisions_to_one_item():
    # renumbered (様式2 監査 is Ⅳ8 before 令和6年10月, Ⅳ9 since) and renamed items
    assert forms.form_item("kiso", "平成30年5月", "IV.8.実施の有無") == "IV.9.実施の有無"
    assert forms.form_item("kiso", "令和6年10月", "IV.8.判断の根拠") == "IV.8.判断の根拠"
    old = "II.3.過去1年以内に、評価実施機関において個人情報に関する重大事故が発生したか"
    assert (
        forms.form_item("kiso", "平成26年4月", old)
        == "II.3.過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか"
    )
    # blocks keep their number; keys that are no item of the form map to nothing
    assert forms.form_item("zenkomoku", "令和6年10月", "II.4.itaku3.6") == "II.4.itaku3.6"
    assert forms.form_item("zenkomoku", None, "II.5.iten2.移転先2") == "II.5.iten2.移転先2"
    assert forms.form_item("zenkomoku", None, "I.別紙1.2/全国健康保険協会") is None
    assert forms.form_item("kiso", None, "I.1.99") is None
    with pytest.raises(KeyError):
        forms.load("kiso").revision("令和9年1月")


def test_every_row_of_a_bundled_filing_is_an_item_of_the_form(filing):
    """form_item: each fields/choices/checks row of a real filing is an item of the official
    form (the definitions cover what filings print), except the body's own 別紙 tables."""
    src, ex = filing
    for table in ("fields", "choices", "checks"):
        for r in ex.tables[table]:
            if r["key"].startswith("別紙"):
                assert r["form_item"] is None
            else:
                assert r["form_item"] is not None, (src.id, table, r["key"])


def test_printed_labels_follow_the_form():
    """The label column as printed (the skeleton OCR'd pages are aligned to)."""
    seq = forms.printed_labels("zenkomoku", "令和6年10月", blocks=2)
    texts = [t for _, t in seq]
    assert texts.index("Ⅰ 基本情報") < texts.index("1. 特定個人情報ファイルを取り扱う事務") < texts.index("①事務の名称")
    assert texts.count("システム1") == 1 and texts.count("システム2") == 1 and texts.count("委託事項2") == 1
    assert ("group", "⑦使用の主体") in seq and ("risk", "リスク1: 目的外の入手が行われるリスク") in seq
    kiso_h30 = [t for _, t in forms.printed_labels("kiso", "平成30年5月")]
    assert "8. 監査" in kiso_h30 and "8. 人手を介在させる作業" not in kiso_h30
