"""The real-text minutes / public-comment fixtures: every spec renders, in its own layout and in its
alternative one, to a PDF whose text layer carries all of the spec's text; the manifest, the specs and
the hand annotations agree with one another."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from scripts.annotate_helpers import derived
from scripts.draw_held_out import draws, flags, group_of, rule_of, rule_params
from tests.pdfgen.real_docs import HEADER_LAYOUTS, TURN_LAYOUTS, alternative_layout, load_spec, render_spec, spec_texts

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real" / "minutes"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
ENTRIES = {e["id"]: e for e in MANIFEST["fixtures"]}
SPECS = sorted(
    p for p in FIXTURES.glob("*.json") if not p.name.endswith(".expected.json") and p.name != "manifest.json"
)
GROUPS = {"chair", "committee", "agency", "secretariat", "unknown", "narrative"}


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def text_layer(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf) as doc:
        assert doc.page_count >= 1
        return norm("".join(page.get_text() for page in doc))


def test_there_are_fixtures_and_each_has_a_manifest_entry():
    assert len(SPECS) >= 32
    # an entry is recorded (and drawn) before its spec is written: `pending` until spec and annotation exist
    assert {p.stem for p in SPECS} == {i for i, e in ENTRIES.items() if not e.get("pending")}
    for i, e in ENTRIES.items():
        if e.get("pending"):
            assert e["pending"] is True and not (FIXTURES / f"{i}.expected.json").exists(), i


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_spec_renders_with_all_its_text(path):
    spec = load_spec(path)
    assert spec["layout"]["header"] in HEADER_LAYOUTS and spec["layout"]["turns"] in TURN_LAYOUTS
    pieces = spec_texts(spec)
    assert pieces
    for layout in ((None, None), alternative_layout(spec)):
        txt = text_layer(render_spec(spec, *layout))
        missing = [p[:20] for p in pieces if norm(p) not in txt]
        assert not missing, f"{path.stem} {layout}: not in the text layer: {missing}"


def test_rendering_is_deterministic():
    spec = load_spec(SPECS[0])
    assert render_spec(spec) == render_spec(spec)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_annotation_matches_spec(path):
    spec = load_spec(path)
    exp = json.loads(path.with_name(f"{path.stem}.expected.json").read_text())
    entry = ENTRIES[path.stem]
    assert exp["kind"] == spec["kind"] == entry["kind"]
    assert entry["source_url"] == spec["source_url"] and entry["source_url"].startswith("http")
    assert entry["partial"] == spec["partial"]
    assert entry["layout"] == spec["layout"]
    for key in ("body", "body_type", "layout_why", "filled_by_hand", "held_out"):
        assert key in entry, f"{path.stem}: manifest entry lacks {key}"
    if spec["kind"] == "meeting":
        assert entry["body"] == exp["body"]
        # text/chars are derived from the spec mechanically; a spec edited without its annotation fails here
        assert exp["utterances"] == derived(spec, exp)
        assert {u["speaker_group"] for u in exp["utterances"]} <= GROUPS
        for a in exp["attendees"]:
            assert a["group"] in {"committee", "agency", "secretariat"}
            assert a["name"] or a["headcount"], f"{path.stem}: an unnamed attendee row needs a headcount"
        for col in ("session_no", "held_on", "start_time", "end_time", "venue", "audience_count", "agenda", "subject"):
            assert col in exp, f"{path.stem}: expected lacks {col}"
    else:
        for col in ("period_start", "period_end", "submitters", "opinions", "rows"):
            assert col in exp, f"{path.stem}: expected lacks {col}"
        if exp["opinions"] is None or exp["submitters"] is None:
            # counts the stored text does not print stay null, and the manifest says so
            assert spec["partial"] and "not printed" in entry["filled_by_hand"], path.stem
        else:
            assert exp["opinions"] == len(exp["rows"]) or exp["rows"], path.stem


def test_held_out_is_by_body():
    for key in (lambda e: e["body"], group_of):
        held = {key(e) for e in ENTRIES.values() if e["held_out"]}
        dev = {key(e) for e in ENTRIES.values() if not e["held_out"]}
        assert not held & dev


def test_held_out_flags_are_the_seeded_draws():
    # every split was drawn before annotation with its recorded seed and rule; the flags must be those draws
    assert MANIFEST["draws"] and "seed" not in MANIFEST
    assert len({r["batch"] for r in MANIFEST["draws"]}) == len(MANIFEST["draws"])
    fl = flags(MANIFEST)
    released_batches = {r["batch"] for r in MANIFEST["draws"] if r["status"] == "released"}
    for fid, e in ENTRIES.items():
        assert e["held_out"] == fl[fid]["held_out"], f"{fid}: held_out differs from the draw"
        if e["batch"] in released_batches:
            assert e["released_from_held_out"] == fl[fid]["released_from_held_out"], fid
        else:
            assert not e.get("released_from_held_out"), f"{fid}: released by no draw"
    for rec, bodies in draws(MANIFEST):
        assert isinstance(rec["seed"], int) and rec["rule_text"] and rec["status"] in ("held_out", "released")
        # the recorded parameters are complete: the draw does not depend on the script's defaults
        assert set(rec["rule"]) == set(rule_params(rule_of(rec))), rec["batch"]
        drawn = [e for e in ENTRIES.values() if group_of(e) in bodies]
        assert drawn and all(e["batch"] == rec["batch"] for e in drawn), rec["batch"]
        assert len(drawn) >= rec["rule"]["min_docs"]
        if rec["status"] == "held_out":
            assert all(e["held_out"] for e in drawn)
        else:
            assert rec["status_note"].startswith("released to development on")
            assert not any(e["held_out"] for e in drawn) and all(e["released_from_held_out"] for e in drawn)
