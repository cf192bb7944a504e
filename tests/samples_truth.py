"""The shared samples' expected results plus this repository's extra truth for them
(tests/fixtures/samples_extra_truth/: rows the shared annotation leaves out, so precision can be
measured; see its README)."""

from __future__ import annotations

import json
from pathlib import Path

EXTRA = Path(__file__).resolve().parent / "fixtures" / "samples_extra_truth"


def with_extra(name: str, exp: dict) -> dict:
    """`exp` (a sample's expected JSON) with the extra truth for sample `name` merged in; a
    sample without extra truth is returned as it is."""
    # a degraded copy (<spec>__<producer>__<degradation>) or another producer's rendering of
    # the same content (tests/fixtures/producers: <spec>__<producer>) has its sample's truth
    spec = name.split("__")[0]
    path = next((p for p in (EXTRA / f"{name}.json", *sorted(EXTRA.glob(f"{spec}__*.json"))) if p.exists()), None)
    if path is None:
        return exp
    extra = json.loads(path.read_text(encoding="utf-8"))
    out = dict(exp)
    have = {(r.get("file_no"), r["key"]) for r in exp.get("fields", [])}
    dup = [r["key"] for r in extra.get("fields", []) if (r.get("file_no"), r["key"]) in have]
    if dup:
        raise ValueError(f"{path}: rows already in the shared expected file: {dup[:5]}")
    out["fields"] = list(exp.get("fields", [])) + list(extra.get("fields", []))
    out["blank_cells"] = list(exp.get("blank_cells", [])) + list(extra.get("blank_cells", []))
    return out
