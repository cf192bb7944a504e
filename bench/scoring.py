"""Score minutes and public-comment extraction against hand-annotated expected results.

The measures are those of the project's external scorer (shared tools/score.py: score_meeting,
score_comments), written again here so the repository scores on a fresh clone, plus precision
counts the external scorer does not have: rows nobody expected (extra attendees, utterances and
comments) per table, and `attendees.group` (whether each attendee found is in its expected group:
committee, agency or secretariat).

    tally = Tally(); score_meeting(con, doc_id, expected, tally, name); tally.report()
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import duckdb

TABLES = ("documents", "meetings", "attendees", "utterances", "comment_rounds", "comments")


def norm(s) -> str:
    """Compare text the way a reader would: NFKC, no whitespace."""
    if s is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


def connect(data: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for t in TABLES:
        folder = data / t
        if folder.exists() and any(folder.rglob("*.parquet")):
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{folder}/**/*.parquet', union_by_name=true)")
    return con


def rows(con, sql: str, *args) -> list[dict]:
    try:
        cur = con.execute(sql, list(args))
    except duckdb.Error:  # a table the dataset does not have: no rows
        return []
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


class Tally:
    """ok/n per measure, plus `extra` counts (rows nobody expected) per table."""

    def __init__(self):
        self.ok: dict[str, int] = defaultdict(int)
        self.n: dict[str, int] = defaultdict(int)
        self.misses: dict[str, list[str]] = defaultdict(list)
        self.extra: dict[str, int] = defaultdict(int)
        self.got: dict[str, int] = defaultdict(int)
        self.extra_examples: dict[str, list[str]] = defaultdict(list)

    def add(self, measure: str, good: bool, where: str = "") -> None:
        self.n[measure] += 1
        if good:
            self.ok[measure] += 1
        elif len(self.misses[measure]) < 5:
            self.misses[measure].append(where)

    def add_extra(self, table: str, got: int, extra: list[str]) -> None:
        self.got[table] += got
        self.extra[table] += len(extra)
        room = 5 - len(self.extra_examples[table])
        self.extra_examples[table].extend(extra[: max(room, 0)])

    def rate(self, measure: str) -> float | None:
        return self.ok[measure] / self.n[measure] if self.n[measure] else None

    def as_dict(self) -> dict:
        out = {
            m: {"ok": self.ok[m], "n": self.n[m], "rate": round(self.ok[m] / self.n[m], 4), "misses": self.misses[m]}
            for m in sorted(self.n)
        }
        for t in sorted(self.got):
            prec = 1 - self.extra[t] / self.got[t] if self.got[t] else 1.0
            out[f"{t}.extra_rows"] = {
                "extra": self.extra[t],
                "got": self.got[t],
                "precision": round(prec, 4),
                "examples": self.extra_examples[t],
            }
        return out

    def report(self) -> str:
        lines = []
        for m, r in self.as_dict().items():
            if "rate" in r:
                miss = ("  e.g. " + " | ".join(map(str, r["misses"][:3]))) if r["misses"] else ""
                lines.append(f"{m:32s} {r['ok']:6d}/{r['n']:<6d} {r['rate']:.4f}{miss}")
            else:
                ex = ("  e.g. " + " | ".join(r["examples"][:3])) if r["examples"] else ""
                lines.append(f"{m:32s} {r['extra']:6d} extra of {r['got']:<6d} precision {r['precision']:.4f}{ex}")
        total_ok, total_n = sum(self.ok.values()), sum(self.n.values())
        lines.append(f"overall {total_ok}/{total_n} = {total_ok / max(total_n, 1):.4f}")
        return "\n".join(lines)


def score_meeting(con, did: str, exp: dict, t: Tally, name: str) -> None:
    d = rows(con, "SELECT * FROM documents WHERE doc_id = ?", did)
    t.add("doc_type", bool(d) and d[0].get("doc_type") == "minutes", f"{name}: {d and d[0].get('doc_type')!r}")
    m = rows(con, "SELECT * FROM meetings WHERE doc_id = ?", did)
    m = m[0] if m else {}
    for col in ("body", "session_no", "held_on", "start_time", "end_time", "audience_count", "subject"):
        want, got = exp.get(col), m.get(col)
        if col in ("held_on", "start_time", "end_time") and got is not None:
            got = str(got)[:10] if col == "held_on" else str(got)[:5]
        t.add(f"meeting.{col}", norm(got) == norm(want), f"{name}: {got!r} != {want!r}")
    t.add(
        "meeting.agenda_count",
        len(m.get("agenda") or []) == len(exp.get("agenda") or []),
        f"{name}: {len(m.get('agenda') or [])} != {len(exp.get('agenda') or [])}",
    )

    got_att = rows(con, "SELECT * FROM attendees WHERE doc_id = ?", did)
    # (name, title) → group of each attendee row
    group_of = {(norm(r.get("name")), norm(r.get("title"))): r.get("group") for r in got_att}
    want_keys = {(norm(a.get("name")), norm(a.get("title"))) for a in exp.get("attendees", [])}
    for a in exp.get("attendees", []):
        t.add(
            "attendees",
            (norm(a.get("name")), norm(a.get("title"))) in group_of,
            f"{name} {a.get('name')}{a.get('title')}",
        )
    # the group (committee / agency / secretariat) of each expected attendee that was found; rows
    # with the same name and title (`課長` without a name, of two units) are told apart by affiliation
    by_key: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
    for r in got_att:
        by_key.setdefault((norm(r.get("name")), norm(r.get("title"))), []).append(
            (norm(r.get("affiliation")), r.get("group"))
        )
    for a in exp.get("attendees", []):
        key = (norm(a.get("name")), norm(a.get("title")))
        if key in by_key:
            cands = by_key[key]
            group = next((g for aff, g in cands if aff == norm(a.get("affiliation"))), cands[0][1])
            t.add("attendees.group", group == a.get("group"), f"{name} {a.get('name')}: {group}")
    t.add_extra(
        "attendees",
        len(got_att),
        [
            f"{name} {r.get('name')}|{r.get('title')}"
            for r in got_att
            if (norm(r.get("name")), norm(r.get("title"))) not in want_keys
        ],
    )

    us = rows(con, "SELECT * FROM utterances WHERE doc_id = ? ORDER BY seq", did)
    want = exp.get("utterances", [])
    t.add("utterances.count", len(us) == len(want), f"{name}: {len(us)} != {len(want)}")
    starts = [norm(u.get("text"))[:12] for u in us]
    for w in want:
        t.add("utterances.boundaries", norm(w["text"])[:12] in starts, f"{name} #{w['seq']}")
    want_starts = {norm(w["text"])[:12] for w in want}
    t.add_extra(
        "utterances",
        len(us),
        [f"{name} {norm(u.get('text'))[:12]}" for u in us if norm(u.get("text"))[:12] not in want_starts],
    )
    seq_got = [u.get("speaker_group") for u in us]
    seq_want = [w["speaker_group"] for w in want]
    ratio = difflib.SequenceMatcher(a=seq_got, b=seq_want, autojunk=False).ratio() if seq_want else 1.0
    t.add("utterances.speaker_groups", ratio >= 0.99, f"{name}: sequence ratio {ratio:.3f}")
    total_want = sum(w["chars"] for w in want)
    total_got = sum(len(norm(u.get("text"))) for u in us)
    if total_want:
        t.add(
            "utterances.text_kept",
            abs(total_got - total_want) / total_want <= 0.01,
            f"{name}: {total_got} chars != {total_want}",
        )


def score_comments(con, did: str, exp: dict, t: Tally, name: str) -> None:
    d = rows(con, "SELECT * FROM documents WHERE doc_id = ?", did)
    t.add("doc_type", bool(d) and d[0].get("doc_type") == "public_comment", f"{name}: {d and d[0].get('doc_type')!r}")
    r = rows(con, "SELECT * FROM comment_rounds WHERE doc_id = ?", did)
    r = r[0] if r else {}
    for col in ("period_start", "period_end", "submitters", "opinions"):
        got = r.get(col)
        if col.startswith("period") and got is not None:
            got = str(got)[:10]
        t.add(f"comment_round.{col}", norm(got) == norm(exp.get(col)), f"{name}: {got!r} != {exp.get(col)!r}")
    got_rows = rows(con, "SELECT * FROM comments WHERE doc_id = ?", did)
    got = {c.get("no"): c for c in got_rows}
    for w in exp.get("rows", []):
        c = got.get(w["no"])
        t.add(
            "comments",
            c is not None
            and norm(c.get("opinion")).startswith(norm(w["opinion"])[:12])
            and norm(c.get("response")).startswith(norm(w["response"])[:12]),
            f"{name} No.{w['no']}",
        )
    want_nos = {w["no"] for w in exp.get("rows", [])}
    t.add_extra(
        "comments", len(got_rows), [f"{name} No.{c.get('no')}" for c in got_rows if c.get("no") not in want_nos]
    )
