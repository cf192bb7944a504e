"""Precision of 評価書 extraction: every emitted row is matched by the truth, explained, wrongly
keyed, or extra.

The judge's scorer (scripts/score.py, a copy of the shared tool) measures recall only: it looks
up each expected row and never asks what else was emitted. This module looks the other way,
per table, for one document:

- matched: the row's key (per table, below) is an expected row's key;
- explained: a `fields` row whose key is an expected ＜選択肢＞ or check-box item (extractors
  also emit such cells as fields; the choice/check row is the truth for them), or an empty
  row for a cell the annotation lists in `blank_cells` (printed empty);
- wrong_key: not matched, but its value is one of the document's expected values (the right
  text under the wrong key: a numbering error);
- extra: neither — a row nobody expected.

precision = (matched + explained) / emitted. Keys: fields/choices/risk_measures (file_no, key),
checks (file_no, key, option), entrustments (file_no, item_no), transfers (file_no, kind,
item_no), systems system_no, changes (changed_on, timing) as a multiset, assessments one row.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

TABLES = (
    "assessments",
    "fields",
    "choices",
    "checks",
    "systems",
    "entrustments",
    "transfers",
    "risk_measures",
    "changes",
)


def norm(s) -> str:
    if s is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


@dataclass
class TableCount:
    emitted: int = 0
    matched: int = 0
    explained: int = 0
    wrong_key: int = 0
    extra: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, kind: str, where: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if kind in ("wrong_key", "extra") and len(self.examples) < 6:
            self.examples.append(f"{kind}: {where}")

    @property
    def precision(self) -> float | None:
        return (self.matched + self.explained) / self.emitted if self.emitted else None


class Precision:
    """Counts per table over any number of documents."""

    def __init__(self):
        self.t: dict[str, TableCount] = defaultdict(TableCount)

    def document(self, got: dict[str, list[dict]], exp: dict, name: str) -> None:
        """got: table -> the rows the dataset holds for this document; exp: its expected JSON."""
        f_keys = {(r.get("file_no"), r["key"]) for r in exp.get("fields", [])}
        blank = {(r.get("file_no"), r["key"]) for r in exp.get("blank_cells", [])}
        c_keys = {(r.get("file_no"), r["key"]) for r in exp.get("choices", [])}
        k_keys = {(r.get("file_no"), r["key"]) for r in exp.get("checks", [])}
        values = {norm(r.get("value")) for r in exp.get("fields", [])} | {
            norm(r.get("selected")) for r in exp.get("choices", [])
        }
        values.discard("")

        def judge(
            table: str,
            rows: list[dict],
            key,
            matched: set,
            explained: set = frozenset(),
            value=lambda r: None,
            wrong_values: set = frozenset(),
        ):
            tc = self.t[table]
            for r in rows:
                tc.emitted += 1
                k = key(r)
                where = f"{name} {k}"
                if k in matched:
                    tc.note("matched", where)
                elif k in explained:
                    tc.note("explained", where)
                elif norm(value(r)) and norm(value(r)) in wrong_values:
                    tc.note("wrong_key", where)
                else:
                    tc.note("extra", where)

        # a cell printed empty, emitted empty, is explained; emitted with text, nobody expected it
        fields = got.get("fields", [])
        judge(
            "fields",
            [r for r in fields if (r.get("file_no"), r["key"]) not in blank or norm(r.get("value"))],
            lambda r: (r.get("file_no"), r["key"]),
            f_keys,
            c_keys | k_keys,
            lambda r: r.get("value"),
            values,
        )
        tc = self.t["fields"]
        for r in fields:
            if (r.get("file_no"), r["key"]) in blank and not norm(r.get("value")):
                tc.emitted += 1
                tc.note("explained", f"{name} {r['key']}")
        judge(
            "choices",
            got.get("choices", []),
            lambda r: (r.get("file_no"), r["key"]),
            c_keys,
            value=lambda r: r.get("selected"),
            wrong_values={norm(c.get("selected")) for c in exp.get("choices", [])} - {""},
        )
        judge(
            "checks",
            got.get("checks", []),
            lambda r: (r.get("file_no"), r["key"], norm(r.get("option"))),
            {(c.get("file_no"), c["key"], norm(c["option"])) for c in exp.get("checks", [])},
            value=lambda r: r.get("option"),
            wrong_values={norm(c["option"]) for c in exp.get("checks", [])},
        )
        judge(
            "risk_measures",
            got.get("risk_measures", []),
            lambda r: (r.get("file_no"), r["key"]),
            {(m.get("file_no"), m["key"]) for m in exp.get("risk_measures", [])},
        )
        judge(
            "entrustments",
            got.get("entrustments", []),
            lambda r: (r.get("file_no"), r["item_no"]),
            {(e.get("file_no"), e["item_no"]) for e in exp.get("entrustments", [])},
            value=lambda r: r.get("contractor"),
            wrong_values={norm(e.get("contractor")) for e in exp.get("entrustments", [])} - {""},
        )
        judge(
            "transfers",
            got.get("transfers", []),
            lambda r: (r.get("file_no"), r["kind"], r["item_no"]),
            {(x.get("file_no"), x["kind"], x["item_no"]) for x in exp.get("transfers", [])},
            value=lambda r: r.get("recipient"),
            wrong_values={norm(x.get("recipient")) for x in exp.get("transfers", [])} - {""},
        )
        judge(
            "systems",
            got.get("systems", []),
            lambda r: r.get("system_no"),
            {s.get("system_no") for s in exp.get("systems", [])},
        )

        tc = self.t["changes"]
        want = Counter((c.get("changed_on"), c.get("timing")) for c in exp.get("changes", []))
        for r in got.get("changes", []):
            tc.emitted += 1
            k = (str(r["changed_on"]) if r.get("changed_on") else None, r.get("timing"))
            if want[k] > 0:
                want[k] -= 1
                tc.note("matched", f"{name} {k}")
            else:
                tc.note("extra", f"{name} {k}")

        tc = self.t["assessments"]
        for i, _ in enumerate(got.get("assessments", [])):
            tc.emitted += 1
            tc.note("matched" if i == 0 else "extra", f"{name} assessment row {i + 1}")

    def as_dict(self) -> dict:
        out = {}
        for table in TABLES:
            tc = self.t.get(table)
            if tc is None or not tc.emitted:
                continue
            out[table] = {
                "emitted": tc.emitted,
                "matched": tc.matched,
                "explained": tc.explained,
                "wrong_key": tc.wrong_key,
                "extra": tc.extra,
                "precision": round(tc.precision, 4),
                "examples": tc.examples,
            }
        return out

    def report(self) -> str:
        lines = [f"{'precision':32s} {'emitted':>7s} {'matched':>7s} {'explain':>7s} {'wrongkey':>8s} {'extra':>6s}"]
        for table, r in self.as_dict().items():
            ex = ("  e.g. " + " | ".join(r["examples"][:3])) if r["examples"] else ""
            lines.append(
                f"{table:32s} {r['emitted']:7d} {r['matched']:7d} {r['explained']:7d} {r['wrong_key']:8d} "
                f"{r['extra']:6d}  {r['precision']:.4f}{ex}"
            )
        return "\n".join(lines)
