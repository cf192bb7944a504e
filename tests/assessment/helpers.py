"""Compare an Extraction with a truth dict shaped like samples/*.expected.json, the way
scripts/score.py does (NFKC, whitespace-insensitive values)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter


def norm(s) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s))) if s is not None else ""


def misses(ex, exp: dict) -> list[tuple]:
    out: list[tuple] = []
    t = ex.tables
    got = {(r["file_no"], r["key"]): r for r in t["fields"]}
    for f in exp.get("fields", []):
        r = got.get((f.get("file_no"), f["key"]))
        if r is None or norm(r["value"]) != norm(f["value"]):
            out.append(("field", f["key"], r and r["value"]))
    got = {(r["file_no"], r["key"]): r for r in t["choices"]}
    for c in exp.get("choices", []):
        r = got.get((c.get("file_no"), c["key"]))
        if (
            r is None
            or r["selected_index"] != c.get("index")
            or (c.get("range") and [r["range_min"], r["range_max"]] != list(c["range"]))
        ):
            out.append(("choice", c["key"], r and r["selected_index"]))
    got = {(r["file_no"], r["key"], norm(r["option"])): r for r in t["checks"]}
    for c in exp.get("checks", []):
        r = got.get((c.get("file_no"), c["key"], norm(c["option"])))
        if r is None or bool(r["checked"]) != bool(c["checked"]):
            out.append(("check", c["key"], c["option"]))
    got = {(r["file_no"], r["key"]): r for r in t["risk_measures"]}
    for m in exp.get("risk_measures", []):
        r = got.get((m.get("file_no"), m["key"]))
        if r is None or r["assessment_index"] != m.get("assessment_index"):
            out.append(("risk", m["key"]))
    got = {(r["file_no"], r["item_no"]): r for r in t["entrustments"]}
    for e in exp.get("entrustments", []):
        r = got.get((e.get("file_no"), e["item_no"]))
        if (
            r is None
            or norm(r["contractor"]) != norm(e["contractor"])
            or (e.get("subcontract") is not None and r["subcontract"] != e["subcontract"])
        ):
            out.append(("entrustment", e["item_no"]))
    got = {(r["file_no"], r["kind"], r["item_no"]): r for r in t["transfers"]}
    for x in exp.get("transfers", []):
        r = got.get((x.get("file_no"), x["kind"], x["item_no"]))
        if r is None or norm(r["recipient"]) != norm(x["recipient"]):
            out.append(("transfer", x["kind"], x["item_no"]))
    have = Counter((str(r["changed_on"]) if r["changed_on"] else None, r["timing"]) for r in t["changes"])
    want = Counter((c.get("changed_on"), c.get("timing")) for c in exp.get("changes", []))
    out += [("change", k) for k, v in want.items() if have[k] < v]
    got = {r["system_no"]: r for r in t["systems"]}
    for s in exp.get("systems", []):
        r = got.get(s["system_no"])
        if r is None or norm(r["name"]) != norm(s["name"]):
            out.append(("system", s["system_no"]))
    return out


def comparable(ex) -> dict:
    """The extraction's content without positions, for clean-vs-messy equality."""
    t = ex.tables
    return {
        "fields": sorted((r["file_no"] or 0, r["key"], norm(r["value"])) for r in t["fields"]),
        "choices": sorted((r["file_no"] or 0, r["key"], r["selected_index"] or 0) for r in t["choices"]),
        "checks": sorted((r["file_no"] or 0, r["key"], norm(r["option"]), r["checked"]) for r in t["checks"]),
        "records": [
            sorted(str({c: v for c, v in r.items() if c != "page"}) for r in t[k])
            for k in ("entrustments", "transfers", "systems")
        ],
        "risks": sorted((r["key"], r["assessment_index"] or 0) for r in t["risk_measures"]),
        "changes": sorted((str(r["changed_on"]), r["timing"] or "") for r in t["changes"]),
    }
