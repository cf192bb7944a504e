"""Draw the held-out bodies of the real-text minutes corpus (tests/fixtures/real/minutes/manifest.json).

    uv run python scripts/draw_held_out.py            # print every draw of the manifest
    uv run python scripts/draw_held_out.py --write    # set every entry's held_out / released_from_held_out flag

The manifest holds one record per draw in `draws`: `{batch, seed, rule, status, ...}`.  Each draw is
made once, after its batch's documents were chosen and their body, body_type, kind and layout
recorded, and before any of them was annotated; the render test recomputes every draw, so the flags
in the manifest are the draws and not a choice made after looking at scores.

Only bodies first collected in the drawing batch are candidates (bodies of earlier batches stay in
development), and only documents of that batch and earlier ones take part, so documents added later
never change a draw already made.  Held out by body: all documents of a drawn body are held out.

random.Random(seed) draws candidate subsets, each body in with probability one half, until one meets
every rule of HoldOutRule; the first that does is the split.  The rules stratify the draw: held-out
documents reach max(min_docs, share × the corpus or the batch, per `share_of`) without overshooting
by more than `slack`; as many comment results as there are up to `comment_results`; at least
`body_types` body types and `header_layouts`/`turn_layouts` distinct layouts among the held-out; and
every layout held out also occurs in the development split, so nothing is held out that development
never saw.

A draw's `status` is `held_out` while its documents are unseen (their entries have `held_out: true`)
or `released` once it has been scored and handed to development (`held_out: false`,
`released_from_held_out: true`, so the history stays visible).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real" / "minutes" / "manifest.json"
STATUSES = ("held_out", "released")


@dataclass(frozen=True)
class HoldOutRule:
    batch: int = 2
    min_docs: int = 8
    share: float = 0.25
    share_of: str = "corpus"  # "corpus": documents of this batch and earlier ones; "batch": candidates only
    slack: int = 3
    comment_results: int = 2
    body_types: int = 4
    header_layouts: int = 3
    turn_layouts: int = 3
    max_tries: int = 100_000


def rule_of(record: dict) -> HoldOutRule:
    """The HoldOutRule of a manifest `draws` record (its `rule` parameters and `batch`)."""
    params = dict(record.get("rule", {}))
    params["batch"] = record["batch"]
    return HoldOutRule(**params)


def rule_params(rule: HoldOutRule) -> dict:
    d = asdict(rule)
    d.pop("batch")
    return d


def group_of(entry: dict) -> str:
    """The unit of the draw: the entry's `held_out_group`, or its body."""
    return entry.get("held_out_group") or entry["body"]


def _layouts(entries: list[dict], key: str) -> set[str]:
    return {e["layout"][key] for e in entries if e["layout"][key] != "none"}


def acceptable(held: list[dict], dev: list[dict], total: int, candidates: list[dict], rule: HoldOutRule) -> bool:
    base = total if rule.share_of == "corpus" else len(candidates)
    need = max(rule.min_docs, math.ceil(base * rule.share))
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
    """The held-out bodies for `seed` (a set of group names, see group_of).  Documents added in later
    batches do not take part, so adding them never changes a draw already made."""
    if rule.share_of not in ("corpus", "batch"):
        raise ValueError(f"share_of must be 'corpus' or 'batch', not {rule.share_of!r}")
    entries = [e for e in entries if e["batch"] <= rule.batch]
    earlier = {group_of(e) for e in entries if e["batch"] < rule.batch}
    candidates = [e for e in entries if e["batch"] == rule.batch and group_of(e) not in earlier]
    bodies = sorted({group_of(e) for e in candidates})
    rng = random.Random(seed)
    for _ in range(rule.max_tries):
        chosen = {b for b in bodies if rng.random() < 0.5}
        held = [e for e in entries if group_of(e) in chosen]
        dev = [e for e in entries if group_of(e) not in chosen]
        if acceptable(held, dev, len(entries), candidates, rule):
            return chosen
    raise RuntimeError(f"no acceptable held-out split in {rule.max_tries} draws for seed {seed}")


def draws(manifest: dict) -> list[tuple[dict, set[str]]]:
    """Every draw record of the manifest with the bodies it draws, in batch order."""
    out = []
    for rec in sorted(manifest["draws"], key=lambda r: r["batch"]):
        if rec.get("status") not in STATUSES:
            raise ValueError(f"draw of batch {rec['batch']}: status must be one of {STATUSES}")
        out.append((rec, draw(manifest["fixtures"], rec["seed"], rule_of(rec))))
    return out


def flags(manifest: dict) -> dict[str, dict[str, bool]]:
    """Per fixture id, the flags the draws give it: `held_out` (drawn by a draw still held out) and
    `released_from_held_out` (drawn by a released draw)."""
    held: set[str] = set()
    released: set[str] = set()
    for rec, bodies in draws(manifest):
        (held if rec["status"] == "held_out" else released).update(bodies)
    return {
        e["id"]: {"held_out": group_of(e) in held, "released_from_held_out": group_of(e) in released}
        for e in manifest["fixtures"]
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="write the flags of every draw into the manifest")
    a = ap.parse_args(argv)
    manifest = json.loads(MANIFEST.read_text())
    if not manifest.get("draws"):
        print(f"{MANIFEST}: no draws recorded", file=sys.stderr)
        return 2
    for rec, bodies in draws(manifest):
        ids = [e["id"] for e in manifest["fixtures"] if group_of(e) in bodies]
        n = sum(e["batch"] <= rec["batch"] for e in manifest["fixtures"])
        print(
            f"batch {rec['batch']} seed {rec['seed']} ({rec['status']}): {len(bodies)} bodies, "
            f"{len(ids)} of {n} documents: {' '.join(ids)}"
        )
    if a.write:
        fl = flags(manifest)
        released = {rec["batch"] for rec in manifest["draws"] if rec["status"] == "released"}
        for e in manifest["fixtures"]:
            e["held_out"] = fl[e["id"]]["held_out"]
            if e["batch"] in released:  # every entry of a released batch says whether it was held out
                e["released_from_held_out"] = fl[e["id"]]["released_from_held_out"]
        MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
