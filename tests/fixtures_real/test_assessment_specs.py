"""The real-text 評価書 fixtures are complete, render, and agree with their annotations.

No extractor runs here: these tests check the fixtures themselves (what the extractor is
scored against in bench/score_real_assessments.py).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter

import pymupdf
import pytest

from tests.pdfgen.real_forms import SpecError, check_spec, load_spec, printed_texts, render_spec, scan
from tests.pdfgen.real_manifest import ASSESSMENTS, ROOT, entries, held_out_bodies, load_manifest

MANIFEST = load_manifest()
ALL = entries("all", MANIFEST)
IDS = [e["id"] for e in ALL]


def norm(s) -> str:
    """as the scorer compares text: NFKC, no whitespace"""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or "")))


def expected(i: str) -> dict:
    return json.loads((ASSESSMENTS / f"{i}.expected.json").read_text(encoding="utf-8"))


def test_manifest_and_files_match():
    on_disk = {p.name.removesuffix(".expected.json") for p in ASSESSMENTS.glob("*.expected.json")}
    specs = {p.stem for p in ASSESSMENTS.glob("*.json")} - {f"{i}.expected" for i in on_disk} - {"manifest"}
    assert len(IDS) == len(set(IDS)), "duplicate ids in manifest.json"
    assert set(IDS) == on_disk == specs, "every manifest entry needs <id>.json and <id>.expected.json, and no more"
    for e in ALL:
        for k in (
            "id",
            "doc_type",
            "revision",
            "body",
            "body_type",
            "jimu",
            "source_url",
            "style",
            "style_why",
            "partial",
            "filled_by_hand",
            "held_out",
            "notes",
        ):
            assert k in e, f"{e['id']}: manifest entry lacks {k}"
        assert e["source_url"].startswith("http"), e["id"]


def test_corpus_covers_the_brief():
    kinds = Counter(e["doc_type"] for e in ALL)
    assert len(ALL) >= 16 and len({e["body"] for e in ALL}) >= 10
    assert kinds["juten"] >= 4 and kinds["zenkomoku"] >= 4
    assert "北九州市" not in {e["body"] for e in ALL}
    held = entries("held_out", MANIFEST)
    assert len(held) * 4 >= len(ALL)
    assert {"juten", "zenkomoku"} <= {e["doc_type"] for e in held}
    assert {e["style"] for e in ALL} == {"excel", "word"}


def test_held_out_follows_the_recorded_rule():
    rule = MANIFEST["held_out_rule"]
    bodies = held_out_bodies(ALL, rule["seed"], rule["share"], tuple(rule["must_have"]))
    for e in ALL:
        assert e["held_out"] == (e["body"] in bodies), e["id"]
    dev_bodies = {e["body"] for e in entries("dev", MANIFEST)}
    assert not dev_bodies & bodies, "a body is in both splits"


@pytest.mark.parametrize("i", IDS)
def test_spec_renders_and_text_layer_holds_its_text(i):
    spec = load_spec(ASSESSMENTS / f"{i}.json")
    pdf = render_spec(spec)
    with pymupdf.open(stream=pdf) as doc:
        layer = norm("".join(p.get_text() for p in doc))
        assert doc.page_count >= 1
    for t in printed_texts(spec):
        assert norm(t) in layer, f"{i}: printed text missing from the text layer: {t[:40]!r}"


@pytest.mark.parametrize("style", ["excel", "word"])
def test_both_styles_render_rulings(style):
    spec = load_spec(ASSESSMENTS / f"{IDS[0]}.json")
    pdf = render_spec({**spec, "style": style})
    with pymupdf.open(stream=pdf) as doc:
        kinds = Counter(it[0] for d in doc[0].get_drawings() for it in d["items"])
    # excel: rulings as line segments; word: one rectangle per cell
    assert (kinds["l"] > kinds["re"]) if style == "excel" else (kinds["re"] > kinds["l"])


def test_scan_has_no_text_layer():
    spec = load_spec(ASSESSMENTS / f"{IDS[0]}.json")
    with pymupdf.open(stream=scan(spec, dpi=150)) as doc, pymupdf.open(stream=render_spec(spec)) as clean:
        assert doc.page_count == clean.page_count
        assert all(not p.get_text().strip() for p in doc)
        assert all(p.get_images() for p in doc)


def _value_cells(spec: dict) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """the spec's label/value cells (cover values included) and its ＜選択肢＞ cells"""
    values, choices = [], []
    for b in spec["blocks"]:
        ((kind, body),) = b.items()
        if kind == "cover":
            values += [body["no"], body["name"]]
        elif kind == "cover_rows":
            values += [v for _, v, _ in body]
        elif kind == "rows":
            for r in body:
                if r[0] in ("field", "sub"):
                    values.append(r[2])
                elif r[0] == "span":
                    values.append(r[1])
                elif r[0] == "choice":
                    choices.append((r[2], r[3]))
    return values, choices


@pytest.mark.parametrize("i", IDS)
def test_expected_rows_are_the_specs_cells(i):
    """Every label/value cell of the rendered form has exactly one expected row — in `fields`,
    or in `blank_cells` when printed empty — so that precision can be measured; every expected
    value is a cell's printed text."""
    spec, exp = load_spec(ASSESSMENTS / f"{i}.json"), expected(i)
    values, choices = _value_cells(spec)
    annotated = [norm(f["value"]) for f in exp["fields"]] + [""] * len(exp["blank_cells"])
    assert Counter(map(norm, values)) == Counter(annotated), i
    assert all(norm(f["value"]) for f in exp["fields"]), f"{i}: a blank cell belongs in blank_cells"
    keys = [(f["file_no"], f["key"]) for f in exp["fields"] + exp["blank_cells"] + exp["choices"]]
    assert len(keys) == len(set(keys)), f"{i}: a key is annotated twice"
    assert len(choices) == len(exp["choices"])
    for (sel, opts), c in zip(choices, exp["choices"]):
        assert [norm(o) for o in opts] == [norm(o) for o in c["options"]]
        assert c["index"] == (opts.index(sel) + 1 if sel else None)
        assert norm(c["selected"]) == norm(sel)


def _check_digit(five: str) -> str:
    return str((11 - sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), five)) % 11) % 10)


@pytest.mark.parametrize("i", IDS)
def test_expected_document(i):
    spec, exp = load_spec(ASSESSMENTS / f"{i}.json"), expected(i)
    entry = next(e for e in ALL if e["id"] == i)
    doc = exp["document"]
    assert doc["doc_type"] == spec["form"] == entry["doc_type"]
    markers = [t for t in printed_texts(spec) if re.fullmatch(r"\[.+様式[234]\]", t)]
    assert doc["form_label"] == (markers[0] if markers else None)
    assert entry["revision"] == (markers[0].strip("[]") if markers else None)
    code = doc["municipality_code"]
    assert re.fullmatch(r"\d{6}", code) and code[5] == _check_digit(code[:5]), f"{i}: bad code {code}"
    with (ROOT / "normalize" / "data" / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        table = {(r["code"], r["prefecture"], r["name"]) for r in csv.DictReader(f)}
    assert (code, doc["prefecture"], doc["municipality_name"]) in table, i
    by_key = {f["key"]: f for f in exp["fields"] + exp["blank_cells"]}
    assert norm(by_key["cover.評価書名"]["value"]) == norm(doc["title"])
    assert norm(by_key["cover.評価実施機関名"]["value"]) == norm(doc["organization"])
    if "published_on" in doc:
        assert by_key["cover.公表日"].get("date") == doc["published_on"]  # None for a blank cell
    else:
        assert "cover.公表日" not in by_key


def test_spec_errors_name_the_cause(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "form": "kiso", "style": "excel", "blocks": [{"rows": [["field", "only label"]]}]}')
    with pytest.raises(SpecError, match=r"bad\.json: block 0 row 0 \(field\): 2 items, want 3"):
        load_spec(bad)
    with pytest.raises(SpecError, match="style 'pdf'"):
        check_spec({"id": "x", "form": "kiso", "style": "pdf", "blocks": []})


def test_grid_block_renders_a_changes_table_over_pages():
    """A 変更箇所-like grid (fictional rows, no body's name) repeats its header on every page."""
    header = ["変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明"]
    rows = [
        [f"令和{n % 6 + 1}年4月1日", f"Ⅰ-1-{n}", "変更前の記載の例 " * 6, "変更後の記載の例 " * 6, "事後", ""]
        for n in range(1, 40)
    ]
    spec = {
        "id": "grid_demo",
        "form": "zenkomoku",
        "style": "excel",
        "blocks": [
            {"heading": "(別添3) 変更箇所"},
            {"grid": {"widths": [12, 20, 22, 22, 8, 16], "header": header, "rows": rows}},
        ],
    }
    with pymupdf.open(stream=render_spec(spec)) as doc:
        assert doc.page_count > 1
        assert all("提出時期に係る説明" in p.get_text() for p in doc)
        layer = norm("".join(p.get_text() for p in doc))
    for t in printed_texts(spec):
        assert norm(t) in layer
    with pytest.raises(SpecError, match="one cell per width"):
        check_spec({**spec, "blocks": [{"grid": {"widths": [1, 2], "header": ["a"], "rows": []}}]})
