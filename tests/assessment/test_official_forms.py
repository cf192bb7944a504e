"""Every form × revision of the official list (models/forms) as a generated PDF: every item
gets its SCHEMA.md key and value, every ＜選択肢＞ its index, every check box its state, the
records (systems, 委託, 提供・移転, リスク, 変更箇所) their rows — and nothing else is emitted:
every row the extractor emits is matched by the truth or explained (bench/precision.py)."""

from __future__ import annotations

import pytest

from bench.precision import Precision
from extract.assessment import extract_assessment
from extract.pdf import read_pdf_bytes
from models import forms
from tests.assessment.helpers import misses
from tests.pdfgen.forms_official import official

CASES = [(f.name, r.name) for f in forms.forms() for r in f.revisions]
CHECKED_TABLES = ("fields", "choices", "checks", "risk_measures", "entrustments", "transfers", "systems", "changes")


def _run(form: str, revision: str, messy=None, **kw):
    from tests.pdfgen.messy import CLEAN

    pdf, truth = official(form, revision, messy or CLEAN, **kw)
    return extract_assessment(read_pdf_bytes(pdf, f"{form}_{revision}.pdf")), truth


def _precision(ex, truth, name) -> dict:
    p = Precision()
    p.document(ex.tables, truth, name)
    return p.as_dict()


@pytest.mark.parametrize("style", ("excel", "word"))
@pytest.mark.parametrize("form,revision", CASES)
def test_official_form_every_item(form, revision, style):
    """style: the official sheets' 4-column grid, or a 2-column retyping whose sub-rows are not
    indented and whose group cells (⑦使用の主体, 再委託) are rows of their own: there the official
    form's definition tells a sub-row from an item."""
    ex, truth = _run(form, revision, style=style)
    assert ex.doc_type == form and ex.status == "ok", ex.warnings
    assert ex.form_label == f"{revision} 様式{forms.NUMBER[form]}"
    assert misses(ex, truth) == []
    a = ex.tables["assessments"][0]
    assert a["assessment_no"] == truth["document"]["assessment_no"]
    assert str(a["published_on"]) == truth["document"]["published_on"]
    assert a["organization"] == truth["document"]["organization"]
    prec = _precision(ex, truth, f"{form} {revision}")
    bad = {t: r["examples"] for t, r in prec.items() if t in CHECKED_TABLES and (r["extra"] or r["wrong_key"])}
    assert bad == {}


@pytest.mark.parametrize("form", ("juten", "zenkomoku"))
def test_several_files_get_their_file_no(form):
    """Parts II and III printed once per 特定個人情報ファイル: rows keyed by file_no 1, 2."""
    revision = forms.load(form).revision_names[-1]
    ex, truth = _run(form, revision, files=2)
    assert ex.status == "ok", ex.warnings
    assert ex.tables["assessments"][0]["file_count"] == 2
    assert misses(ex, truth) == []
    # (the 別添 record list is printed once for all files)
    parts = {
        r["file_no"] for r in ex.tables["fields"] if r["key"].startswith(("II.", "III.")) and "別添" not in r["key"]
    }
    assert parts == {1, 2}
    prec = _precision(ex, truth, form)
    assert all(r["extra"] == 0 and r["wrong_key"] == 0 for t, r in prec.items() if t in CHECKED_TABLES), prec


MESSY = {
    "fake_bold": dict(fake_bold=True),
    "kangxi": dict(kangxi=True),
    "spaced": dict(spaced=True),
    "vector_marks_split_rows": dict(mark="vector", split_rows=True, rules="rects"),
    "bare_ticks": dict(mark="✓", brackets=""),
}


@pytest.mark.parametrize("variant", sorted(MESSY))
@pytest.mark.parametrize(
    "form,revision", [("kiso", "令和6年10月"), ("juten", "平成26年4月"), ("zenkomoku", "平成30年5月")]
)
def test_official_form_messy_text_layers(form, revision, variant):
    """The same generated forms with messy text layers and drawings give the same truth."""
    from tests.pdfgen.messy import Messy

    ex, truth = _run(form, revision, messy=Messy(**MESSY[variant]))
    assert ex.status == "ok", ex.warnings
    assert misses(ex, truth) == []
    prec = _precision(ex, truth, f"{form} {variant}")
    assert all(r["extra"] == 0 and r["wrong_key"] == 0 for t, r in prec.items() if t in CHECKED_TABLES), prec
