#!/usr/bin/env python3
"""Build normalize/data/form_labels.txt: the labels printed on the official forms.

    uv run python scripts/make_form_labels.py [DIR ...]     # default: data/raw

Every 評価書 with a text layer in DIR is extracted; each key of its fields and choices is cut
into its label parts (`IV.2.目的外の入手が行われるリスクへの対策は十分か` → the question;
`II.3.4/主な記録項目` → 主な記録項目). A label printed by at least MIN_DOCS documents of
different municipalities is a label of the form itself, not one filing's own wording.
normalize.form_labels reads OCR'd labels against this list.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hyokasho.pipeline import process_file  # noqa: E402

OUT = ROOT / "normalize" / "data" / "form_labels.txt"
MIN_DOCS = 2  # ...of different municipalities
_JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def label_parts(key: str) -> list[str]:
    parts = []
    for seg in key.split("."):
        parts += seg.split("/")
    # block names (委託事項3, リスク2) end in their number: one OCR'd digit apart, never snapped
    return [p for p in parts if len(p) >= 4 and _JA.search(p) and not re.search(r"\d$", p)]


def main(dirs: list[Path]) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for d in dirs:
        for pdf in sorted(d.rglob("*.pdf")):
            res = process_file(pdf)
            doc = res.tables["documents"][0]
            if doc["doc_type"] not in ("kiso", "juten", "zenkomoku") or doc["text_source"] != "text_layer":
                continue
            who = (res.tables.get("assessments") or [{}])[0].get("organization") or pdf.name
            for t in ("fields", "choices"):
                for r in res.tables[t]:
                    for p in label_parts(r["key"]):
                        seen[p].add(who)
    labels = sorted(p for p, who in seen.items() if len(who) >= MIN_DOCS)
    OUT.write_text("\n".join(labels) + "\n", encoding="utf-8")
    print(f"{len(labels)} labels → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or [ROOT / "data" / "raw"])
