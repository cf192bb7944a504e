"""Draw the held-out bodies of the real-text minutes corpus (tests/fixtures/real/minutes/manifest.json).

    uv run python scripts/draw_held_out.py            # print the draw for the manifest's seed
    uv run python scripts/draw_held_out.py --write    # set every entry's held_out flag to the draw

The draw is made once, before the documents are annotated, and recorded in the manifest (`seed`,
`held_out_rule`); the render test recomputes it, so the flags in the manifest are the draw and not
a choice made after looking at scores.  Only bodies first collected in the drawing batch are
candidates (batch 1 was released to parser development before any draw).  Held out by body: all
documents of a drawn body are held out.

random.Random(seed) draws candidate subsets, each body in with probability one half, until one meets
every rule of HoldOutRule; the first that does is the split.  The rules stratify the draw: held-out
documents reach max(min_docs, a quarter of the corpus) without overshooting by more than `slack`;
as many comment results as there are up to `comment_results`; at least `body_types` body types and
`header_layouts`/`turn_layouts` distinct layouts among the held-out; and every layout held out also
occurs in the development split, so nothing is held out that development never saw.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real" / "minutes" / "manifest.json"


@dataclass(frozen=True)
class HoldOutRule:
    batch: int = 2
    min_docs: int = 8
    share: float = 0.25
    slack: int = 3
    comment_results: int = 2
    body_types: int = 4
    header_layouts: int = 3
    turn_layouts: int = 3
    max_tries: int = 100_000


def _layouts(entries: list[dict], key: str) -> set[str]:
    return {e["layout"][key] for e in entries if e["layout"][key] != "none"}


def acceptable(held: list[dict], dev: list[dict], total: int, candidates: list[dict], rule: HoldOutRule) -> bool:
    need = max(rule.min_docs, math.ceil(total * rule.share))
    if not need <= len(held) <= need + rule.slack:
        return False
    want_comments = min(rule.comment_results, sum(e["kind"] == "public_comment" for e in candidates))
    if sum(e["kind"] == "public_comment" for e in held) < want_comments:
        return False
    if len({e["body_type"] for e in held}) < rule.body_types:
        return False
    if len(_layouts(held, "header")) < rule.header_layouts or len(_layouts(held, "turns")) < rule.turn_layouts:
        return False
    return _layouts(held, "header") <= _layouts(dev, "header") and _layouts(held, "turns") <= _layouts(dev, "turns")


def draw(entries: list[dict], seed: int, rule: HoldOutRule = HoldOutRule()) -> set[str]:
    """The held-out bodies for `seed` (a set of body names).  Documents added in later batches do not
    take part, so adding them never changes a draw already made."""
    entries = [e for e in entries if e["batch"] <= rule.batch]
    earlier = {e["body"] for e in entries if e["batch"] < rule.batch}
    candidates = [e for e in entries if e["batch"] == rule.batch and e["body"] not in earlier]
    bodies = sorted({e["body"] for e in candidates})
    rng = random.Random(seed)
    for _ in range(rule.max_tries):
        chosen = {b for b in bodies if rng.random() < 0.5}
        held = [e for e in entries if e["body"] in chosen]
        dev = [e for e in entries if e["body"] not in chosen]
        if acceptable(held, dev, len(entries), candidates, rule):
            return chosen
    raise RuntimeError(f"no acceptable held-out split in {rule.max_tries} draws for seed {seed}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="write the held_out flags into the manifest")
    a = ap.parse_args(argv)
    manifest = json.loads(MANIFEST.read_text())
    if manifest.get("seed") is None:
        print(f"{MANIFEST}: no seed recorded", file=sys.stderr)
        return 2
    chosen = draw(manifest["fixtures"], manifest["seed"])
    held = [e for e in manifest["fixtures"] if e["body"] in chosen]
    print(
        f"seed {manifest['seed']}: {len(chosen)} bodies, {len(held)} of {len(manifest['fixtures'])} documents held out"
    )
    if a.write:
        for e in manifest["fixtures"]:
            e["held_out"] = e["body"] in chosen
        MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
