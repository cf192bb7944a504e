"""特定個人情報保護評価書 (基礎項目 様式2 / 重点項目 様式3 / 全項目 様式4) → dataset rows.

Pipeline, one way: `cells` (ruled cells per page) → `rows` (page furniture dropped, loose
continuation text given its table's columns, split rows joined) → `structure` (hierarchy and
SCHEMA.md keys) → `values` (fields, choices, checks) → `records` (systems, entrustments, transfers, risk_measures, changes, assessments).
"""

from __future__ import annotations

from dataclasses import replace

from extract import skeleton
from extract.assessment import records
from extract.assessment.rows import document_rows
from extract.assessment.structure import walk
from extract.assessment.values import clean_value, rows_for
from extract.classify import classify
from extract.pdf import Document, gc_paused
from extract.result import Extraction
from extract.settings_context import current
from models import forms
from normalize.wareki import parse_date


def _skeleton(doc_type: str, revision: str | None) -> list[str]:
    """The parts the form prints in its revision (models/forms); where the revision is not
    printed or not known, the parts every revision prints. Missing ones make the result
    partial."""
    if doc_type not in forms.FORMS:
        return []
    form = forms.load(doc_type)
    revs = [revision] if revision in form.revision_names else list(form.revision_names)
    per_rev = [[r.key for r in form.rows_in(rev) if r.kind == "part"] for rev in revs]
    return [p for p in per_rev[0] if all(p in parts for parts in per_rev)]


@gc_paused()
def extract_assessment(doc: Document) -> Extraction:
    doc_type, form_label = classify(doc)
    ex = Extraction(doc_type=doc_type, form_label=form_label)
    rows = document_rows(doc)
    # OCR'd label cells read against the form's printed label sequence (no-op on a text layer)
    revision = forms.revision_of(form_label)
    readings = skeleton.read_labels(rows, doc_type, revision, current().skeleton)
    mapped = {p.number for p in doc.pages if p.meta.get("glyph_map")}
    lessons = skeleton.glyph_lessons(readings, mapped) if mapped else {}
    if lessons:
        # a font without ToUnicode: the labels' glyphs renamed everywhere, the rows built again
        doc = replace(doc, pages=skeleton.relearn(doc.pages, lessons))
        rows = document_rows(doc)
        readings = skeleton.read_labels(rows, doc_type, revision, current().skeleton)
        ex.warn(
            f"font without ToUnicode: {len(lessons)} glyph(s) renamed from the form's printed labels ("
            + ", ".join(f"{k[2]}→{v}" for k, v in sorted(lessons.items(), key=lambda kv: kv[0][1])[:12])
            + (", …" if len(lessons) > 12 else "")
            + ")"
        )
    ex.warnings += [skeleton.warning(r) for r in readings]
    structure = walk(rows, () if doc_type == "kiso" else ("II", "III"), doc_type if doc_type in forms.FORMS else None)

    fields: list[dict] = []
    choices: list[dict] = []
    checks: list[dict] = []
    seen: set[tuple] = set()
    for item in structure.items:
        f, c, k, w = rows_for(item)
        for r in f:
            if (r["file_no"], r["key"]) in seen:
                ex.warn(f"key {r['key']} (file {r['file_no']}) printed twice; the first is kept")
                continue
            seen.add((r["file_no"], r["key"]))
            fields.append(r)
        choices += c
        checks += k
        ex.warnings += w
    # a repeated key in choices keeps the first, like fields
    uniq: dict[tuple, dict] = {}
    for r in choices:
        uniq.setdefault((r["file_no"], r["key"]), r)
    choices = list(uniq.values())

    # the item of the official form each row is, across revisions (models/forms.form_item)
    revision = forms.revision_of(form_label)
    for r in (*fields, *choices, *checks):
        r["form_item"] = forms.form_item(doc_type, revision, r["key"])

    blocks = records._by_block(fields, choices, checks)
    changes, cw = records.changes(structure.changes)
    ex.warnings += cw
    ex.tables = {
        "fields": fields,
        "choices": choices,
        "checks": checks,
        "systems": records.systems(blocks),
        "entrustments": records.entrustments(blocks),
        "transfers": records.transfers(blocks),
        "risk_measures": records.risk_measures(structure.items, choices, fields),
        "changes": changes,
        "assessments": [_assessment(fields, form_label, structure.file_count, ex)],
    }
    ex.title = ex.tables["assessments"][0]["title"]

    missing = [p for p in _skeleton(doc_type, forms.revision_of(form_label)) if p not in structure.parts]
    if not structure.cover_found:
        missing.insert(0, "cover")
    if missing:
        ex.status = "partial"
        ex.warn(f"{doc.path}: form skeleton incomplete, not found: {', '.join(missing)}")
    return ex


def _assessment(fields: list[dict], form_label: str | None, file_count: int, ex: Extraction) -> dict:
    val = {r["key"]: r["value"] for r in fields if r["file_no"] is None}
    no = clean_value(val.get("cover.評価書番号") or "")
    try:
        number = int(no) if no else None
    except ValueError:
        number = None
    org = val.get("cover.評価実施機関名")
    code = name = pref = None
    if org:
        from normalize.municipality import identify

        context = "\n".join(v for k, v in val.items() if v and k.startswith(("I.", "V.")))
        m = identify(org, context)
        code, name, pref = m.code, m.name, m.prefecture
        ex.warnings += [f"評価実施機関名 {org!r}: {w}" for w in m.warnings]
    return {
        "assessment_no": number,
        "title": val.get("cover.評価書名"),
        "jimu": val.get("I.1.1"),
        "organization": org,
        "municipality_code": code,
        "municipality_name": name,
        "prefecture": pref,
        "published_on": _date(val.get("cover.公表日")),
        "approved_on": _date(val.get("cover.承認日")),
        "form_revision": form_label.split(" ")[0] if form_label else None,
        "file_count": file_count or None,
    }


def _date(text: str | None):
    if not text:
        return None
    return parse_date(text).value
