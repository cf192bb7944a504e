"""Checks of the parser against the hand annotations of the real-text fixtures (development split
only: fixtures with `held_out: true` are never opened here)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from extract.classify import classify
from extract.minutes import extract_minutes
from extract.pdf import read_pdf_bytes
from extract.public_comment import extract_public_comment
from tests.pdfgen.real_docs import render_spec

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "minutes"
HEADER = ("body", "session_no", "held_on", "start_time", "end_time", "audience_count")


def norm(s) -> str:
    return "" if s is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


def dev_ids() -> list[str]:
    manifest = json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))
    return [e["id"] for e in manifest["fixtures"] if not e["held_out"] and not e.get("pending")]


def load(fid: str) -> tuple[dict, dict]:
    manifest = {e["id"]: e for e in json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))["fixtures"]}
    if manifest[fid]["held_out"]:
        raise AssertionError(f"{fid} is held out: parser tests must not open it")
    return (
        json.loads((REAL / f"{fid}.json").read_text(encoding="utf-8")),
        json.loads((REAL / f"{fid}.expected.json").read_text(encoding="utf-8")),
    )


def failures(fid: str) -> dict[str, list[str]]:
    """What the parser gets wrong on one fixture, per aspect (empty lists: all right)."""
    spec, exp = load(fid)
    doc = read_pdf_bytes(render_spec(spec), f"{fid}.pdf")
    kind = classify(doc)[0]
    out: dict[str, list[str]] = {"doc_type": [], "header": [], "agenda": [], "attendees": [], "turns": [], "round": []}
    if exp["kind"] == "public_comment":
        if kind != "public_comment":
            out["doc_type"].append(kind)
        r = extract_public_comment(doc).tables["comment_rounds"][0]
        for k in ("period_start", "period_end", "submitters", "opinions"):
            if norm(r.get(k)) != norm(exp.get(k)):
                out["round"].append(f"{k}: {r.get(k)!r} != {exp.get(k)!r}")
        return out
    if kind != "minutes":
        out["doc_type"].append(kind)
    ex = extract_minutes(doc)
    m = ex.tables["meetings"][0]
    for k in HEADER:
        got = m.get(k)
        got = str(got)[:5] if k.endswith("_time") and got is not None else got
        if norm(got) != norm(exp.get(k)):
            out["header"].append(f"{k}: {got!r} != {exp.get(k)!r}")
    if [norm(a) for a in m["agenda"]] != [norm(a) for a in exp.get("agenda") or []]:
        out["agenda"].append(f"{m['agenda']} != {exp.get('agenda')}")
    got = {(norm(a["name"]), norm(a["title"])) for a in ex.tables.get("attendees", [])}
    want = {(norm(a["name"]), norm(a["title"])) for a in exp["attendees"]}
    out["attendees"] += [f"missing {w}" for w in sorted(want - got)] + [f"extra {g}" for g in sorted(got - want)]
    us = ex.tables.get("utterances", [])
    g = [(norm(u["text"])[:12], u["speaker_group"]) for u in us]
    w = [(norm(u["text"])[:12], u["speaker_group"]) for u in exp["utterances"]]
    if g != w:
        out["turns"].append(f"{g} != {w}")
    return out
