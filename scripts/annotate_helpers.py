"""Mechanical parts of the hand annotation of the real-text fixtures (tests/fixtures/real/minutes/).

    uv run python scripts/annotate_helpers.py fill  [IDS...]   # write seq/speaker/text/chars into <id>.expected.json
    uv run python scripts/annotate_helpers.py check [IDS...]   # exit 1 if an expected file is out of date

What is decided by hand lives in the files: which blocks of the spec are turns or narrative
paragraphs (the spec's block types), each utterance's `speaker_group` and every header value and
attendee in <id>.expected.json.  This script only derives what follows mechanically from the spec's
text: `seq`, `speaker` (the printed label without its brackets/colon), `text` (first 30 characters,
NFKC) and `chars` (length of the whole turn, NFKC, no whitespace, stage directions excluded).
It never decides a boundary or a value.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real" / "minutes"
# 《資料により説明》-style stage directions inside a turn are notes, not text
DIRECTION = re.compile(r"《[^》]*》")
BRACKETS = "()（）【】[]［］<>＜＞〈〉「」"


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def chars(text: str) -> int:
    return len(re.sub(r"\s+", "", nfkc(DIRECTION.sub("", text))))


def speaker_name(label: str) -> str:
    s = nfkc(label).strip()
    s = s.lstrip("○〇◯●・-")
    s = s.rstrip(":：;；")
    return s.strip(BRACKETS).strip()


def utterance_blocks(spec: dict) -> list[dict]:
    """The spec blocks that are utterances: speaker turns (not those holding only a stage
    direction) and narrative paragraphs, in reading order."""
    return [
        b
        for b in spec["blocks"]
        if (b["type"] == "turn" and not b.get("direction_only")) or (b["type"] == "para" and b.get("narrative"))
    ]


def derived(spec: dict, expected: dict) -> list[dict]:
    blocks = utterance_blocks(spec)
    hand = expected.get("utterances", [])
    if len(hand) != len(blocks):
        raise ValueError(f"{spec['id']}: {len(hand)} annotated utterances, {len(blocks)} utterance blocks in the spec")
    out = []
    for i, (b, u) in enumerate(zip(blocks, hand), 1):
        body = DIRECTION.sub("", b["text"])
        raw = b.get("speaker")
        out.append(
            {
                "seq": i,
                "speaker": speaker_name(raw) if raw else None,
                "speaker_raw": raw,
                "speaker_group": u["speaker_group"],
                "text": re.sub(r"\s+", "", nfkc(body))[:30],
                "chars": chars(b["text"]),
            }
        )
    return out


def ids(argv: list[str]) -> list[str]:
    return argv or sorted(p.name[: -len(".expected.json")] for p in FIXTURES.glob("*.expected.json"))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("fill", "check"):
        print(__doc__)
        return 2
    stale = []
    for i in ids(argv[1:]):
        spec = json.loads((FIXTURES / f"{i}.json").read_text())
        path = FIXTURES / f"{i}.expected.json"
        exp = json.loads(path.read_text())
        if exp.get("kind") != "meeting":
            continue
        us = derived(spec, exp)
        if us != exp.get("utterances"):
            stale.append(i)
            if argv[0] == "fill":
                exp["utterances"] = us
                exp["utterance_count"] = len(us)
                path.write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n")
    if argv[0] == "check" and stale:
        print("out of date:", " ".join(stale))
        return 1
    print(("filled: " if argv[0] == "fill" else "ok: ") + (" ".join(stale) if stale else "nothing to do"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
