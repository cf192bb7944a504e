"""The manifest of the real-text 評価書 fixtures and its held-out rule.

tests/fixtures/real/assessments/manifest.json lists every filing; a quarter of them (chosen by
body, so no body is in both splits) is held out of development and scored only at the end.
The rule is here so that the test suite can check the manifest still follows it.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSESSMENTS = ROOT / "tests" / "fixtures" / "real" / "assessments"
MANIFEST = ASSESSMENTS / "manifest.json"
SPLITS = ("dev", "held_out", "all")


def load_manifest(path: Path = MANIFEST) -> dict:
    try:
        m = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ValueError(f"{path}: cannot read the fixture manifest: {e}") from e
    if "entries" not in m or "held_out_rule" not in m:
        raise ValueError(f"{path}: manifest needs 'entries' and 'held_out_rule'")
    return m


def entries(split: str, manifest: dict | None = None) -> list[dict]:
    """The manifest entries of one split: dev (held_out false), held_out, or all."""
    if split not in SPLITS:
        raise ValueError(f"split {split!r} not one of {SPLITS}")
    m = manifest or load_manifest()
    es = m["entries"]
    if split == "all":
        return list(es)
    want = split == "held_out"
    return [e for e in es if bool(e["held_out"]) == want]


def held_out_bodies(
    es: list[dict], seed: int, share: float = 0.25, must_have: tuple[str, ...] = ("juten", "zenkomoku")
) -> set[str]:
    """Bodies whose filings are held out: the bodies in a seeded random order, taken one by one
    until at least `share` of the filings (rounded up) are held out and every doc_type in
    `must_have` is among them."""
    bodies = sorted({e["body"] for e in es})
    order = random.Random(seed).sample(bodies, len(bodies))
    need = math.ceil(share * len(es))
    chosen: set[str] = set()
    for b in order:
        held = [e for e in es if e["body"] in chosen]
        if len(held) >= need and all(any(e["doc_type"] == t for e in held) for t in must_have):
            break
        chosen.add(b)
    return chosen
