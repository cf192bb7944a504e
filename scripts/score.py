#!/usr/bin/env python3
"""Score a hyokasho dataset against expected JSON files.

    python score.py --pdfs DIR --expected DIR [--data DIR] [--cli CMD] [--json]

--pdfs      folder of PDFs (the ones whose expected results are in --expected)
--expected  folder of <name>.expected.json (or <name>.json) files, one per PDF <name>.pdf
--data      an existing dataset (`hyokasho ingest` output); without it the PDFs are
            ingested into a temporary folder with --cli (default: `hyokasho`)

Documents are matched by sha256 of the file (documents.doc_id) or by file name
(documents.source_file). Prints one line per measure and, last, a summary line.
Needs the duckdb Python package (run it with the project's own Python).

This is a copy of the project's shared scoring tool (the one the coordinator scores with),
kept in the repository so the README's accuracy command works on a fresh clone:

    uv run python scripts/score.py --pdfs data/raw/samples --expected data/raw/samples --cli "uv run hyokasho"
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import shlex
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

import duckdb

TABLES = [
    "documents",
    "assessments",
    "fields",
    "choices",
    "checks",
    "systems",
    "entrustments",
    "transfers",
    "risk_measures",
    "changes",
    "meetings",
    "attendees",
    "utterances",
    "comment_rounds",
    "comments",
    "ingest_errors",
]


def norm(s) -> str:
    """Compare text the way a reader would: NFKC, no whitespace, no brackets around marks."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s))
    return re.sub(r"\s+", "", s)


def load(data: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for t in TABLES:
        files = list((data / t).rglob("*.parquet")) if (data / t).exists() else []
        if files:
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{data / t}/**/*.parquet', union_by_name=true)")
    return con


def rows(con, sql, *args):
    try:
        cur = con.execute(sql, list(args))
    except duckdb.Error:
        return []
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def has(con, table) -> bool:
    return bool(rows(con, "SELECT 1 FROM duckdb_views() WHERE view_name = ?", table))


class Tally:
    def __init__(self):
        self.ok = defaultdict(int)
        self.n = defaultdict(int)
        self.misses = defaultdict(list)

    def add(self, measure, good, where=""):
        self.n[measure] += 1
        if good:
            self.ok[measure] += 1
        elif len(self.misses[measure]) < 5:
            self.misses[measure].append(where)

    def rate(self, measure):
        return self.ok[measure] / self.n[measure] if self.n[measure] else None


def doc_ids(con, pdfs: dict[str, Path]) -> dict[str, str]:
    """name -> doc_id"""
    out = {}
    docs = rows(con, "SELECT doc_id, source_file FROM documents") if has(con, "documents") else []
    by_id = {d["doc_id"]: d for d in docs}
    by_file = {Path(str(d["source_file"])).name: d["doc_id"] for d in docs}
    for name, path in pdfs.items():
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if sha in by_id:
            out[name] = sha
        elif path.name in by_file:
            out[name] = by_file[path.name]
    return out


# ---------------------------------------------------------------- assessments


def score_assessment(con, did, exp, t: Tally, name):
    doc = exp.get("document", {})
    a = rows(con, "SELECT * FROM assessments WHERE doc_id = ?", did)
    a = a[0] if a else {}
    d = rows(con, "SELECT * FROM documents WHERE doc_id = ?", did)
    d = d[0] if d else {}
    t.add("doc_type", d.get("doc_type") == doc.get("doc_type"), name)
    for col in ("assessment_no", "title", "organization", "municipality_code", "published_on"):
        if col in doc:
            got, want = a.get(col), doc.get(col)
            if col == "published_on":
                got = str(got) if got is not None else None
            t.add(f"assessment.{col}", norm(got) == norm(want), f"{name}: {got!r} != {want!r}")
    if doc.get("form_label"):
        t.add("form_label", norm(d.get("form_label")).strip("[]") == norm(doc["form_label"]).strip("[]"), name)

    got = {(r["file_no"], r["key"]): r for r in rows(con, "SELECT * FROM choices WHERE doc_id = ?", did)}
    for c in exp.get("choices", []):
        r = got.get((c.get("file_no"), c["key"]))
        t.add(
            "choices",
            r is not None and r.get("selected_index") == c.get("index"),
            f"{name} {c.get('file_no')} {c['key']}: {r and r.get('selected_index')!r} != {c.get('index')!r}",
        )
        if c.get("range"):
            lo, hi = c["range"]
            t.add(
                "choices.range",
                r is not None and (r.get("range_min"), r.get("range_max")) == (lo, hi),
                f"{name} {c['key']}: {r and (r.get('range_min'), r.get('range_max'))!r} != {(lo, hi)!r}",
            )

    got = {
        (r["file_no"], r["key"], norm(r["option"])): r for r in rows(con, "SELECT * FROM checks WHERE doc_id = ?", did)
    }
    for c in exp.get("checks", []):
        r = got.get((c.get("file_no"), c["key"], norm(c["option"])))
        t.add(
            "checks", r is not None and bool(r.get("checked")) == bool(c["checked"]), f"{name} {c['key']} {c['option']}"
        )

    got = {(r["file_no"], r["key"]): r for r in rows(con, "SELECT * FROM fields WHERE doc_id = ?", did)}
    for f in exp.get("fields", []):
        r = got.get((f.get("file_no"), f["key"]))
        t.add(
            "fields",
            r is not None and norm(r.get("value")) == norm(f.get("value")),
            f"{name} {f.get('file_no')} {f['key']}",
        )

    got = {(r["file_no"], r["item_no"]): r for r in rows(con, "SELECT * FROM entrustments WHERE doc_id = ?", did)}
    for e in exp.get("entrustments", []):
        r = got.get((e.get("file_no"), e["item_no"]))
        t.add(
            "entrustments.contractor",
            r is not None and norm(r.get("contractor")) == norm(e.get("contractor")),
            f"{name} 委託事項{e['item_no']}",
        )
        if e.get("subcontract") is not None:
            t.add(
                "entrustments.subcontract",
                r is not None and r.get("subcontract") == e["subcontract"],
                f"{name} 委託事項{e['item_no']}",
            )

    got = {(r["file_no"], r["key"]): r for r in rows(con, "SELECT * FROM risk_measures WHERE doc_id = ?", did)}
    for m in exp.get("risk_measures", []):
        r = got.get((m.get("file_no"), m["key"]))
        t.add(
            "risk_measures",
            r is not None and r.get("assessment_index") == m.get("assessment_index", m.get("index")),
            f"{name} {m['key']}",
        )

    got = {
        (r["file_no"], r["kind"], r["item_no"]): r for r in rows(con, "SELECT * FROM transfers WHERE doc_id = ?", did)
    }
    for x in exp.get("transfers", []):
        r = got.get((x.get("file_no"), x["kind"], x["item_no"]))
        t.add(
            "transfers",
            r is not None and norm(r.get("recipient")) == norm(x.get("recipient")),
            f"{name} {x['kind']}{x['item_no']}",
        )

    got = rows(con, "SELECT * FROM changes WHERE doc_id = ?", did)
    want = exp.get("changes", [])
    if want:
        have = defaultdict(int)
        for r in got:
            have[(str(r.get("changed_on")) if r.get("changed_on") else None, r.get("timing"))] += 1
        for c in want:
            k = (c.get("changed_on"), c.get("timing"))
            ok = have[k] > 0
            if ok:
                have[k] -= 1
            t.add("changes", ok, f"{name} {k}")


# ---------------------------------------------------------------- minutes


def score_meeting(con, did, exp, t: Tally, name):
    d = rows(con, "SELECT * FROM documents WHERE doc_id = ?", did)
    t.add("doc_type", bool(d) and d[0].get("doc_type") == "minutes", name)
    m = rows(con, "SELECT * FROM meetings WHERE doc_id = ?", did)
    m = m[0] if m else {}
    for col in ("body", "session_no", "held_on", "start_time", "end_time", "audience_count", "subject"):
        want = exp.get(col)
        got = m.get(col)
        if col in ("held_on", "start_time", "end_time") and got is not None:
            got = str(got)[:10] if col == "held_on" else str(got)[:5]
        t.add(f"meeting.{col}", norm(got) == norm(want), f"{name}: {got!r} != {want!r}")
    t.add("meeting.agenda_count", len(m.get("agenda") or []) == len(exp.get("agenda") or []), name)

    got = {
        (norm(r.get("name")), norm(r.get("title"))) for r in rows(con, "SELECT * FROM attendees WHERE doc_id = ?", did)
    }
    for a in exp.get("attendees", []):
        t.add(
            "attendees", (norm(a.get("name")), norm(a.get("title"))) in got, f"{name} {a.get('name')}{a.get('title')}"
        )

    us = rows(con, "SELECT * FROM utterances WHERE doc_id = ? ORDER BY seq", did)
    want = exp.get("utterances", [])
    t.add("utterances.count", len(us) == len(want), f"{name}: {len(us)} != {len(want)}")
    starts = [norm(u.get("text"))[:12] for u in us]
    for w in want:
        t.add("utterances.boundaries", norm(w["text"])[:12] in starts, f"{name} #{w['seq']}")
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


def score_comments(con, did, exp, t: Tally, name):
    d = rows(con, "SELECT * FROM documents WHERE doc_id = ?", did)
    t.add("doc_type", bool(d) and d[0].get("doc_type") == "public_comment", name)
    r = rows(con, "SELECT * FROM comment_rounds WHERE doc_id = ?", did)
    r = r[0] if r else {}
    for col in ("period_start", "period_end", "submitters", "opinions"):
        got = r.get(col)
        if col.startswith("period") and got is not None:
            got = str(got)[:10]
        t.add(f"comment_round.{col}", norm(got) == norm(exp.get(col)), f"{name}: {got!r} != {exp.get(col)!r}")
    got = {c.get("no"): c for c in rows(con, "SELECT * FROM comments WHERE doc_id = ?", did)}
    for w in exp.get("rows", []):
        c = got.get(w["no"])
        t.add(
            "comments",
            c is not None
            and norm(c.get("opinion")).startswith(norm(w["opinion"])[:12])
            and norm(c.get("response")).startswith(norm(w["response"])[:12]),
            f"{name} No.{w['no']}",
        )


# ---------------------------------------------------------------- main


def find_expected(folder: Path, name: str):
    base = name.split("__")[0]  # <spec>__<producer>__<degradations> share the spec's truth
    for cand in (
        folder / f"{name}.expected.json",
        folder / f"{name}.json",
        folder / f"{base}.expected.json",
        folder / f"{base}.json",
    ):
        if cand.exists():
            return json.loads(cand.read_text())
    return None


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdfs", required=True, type=Path)
    ap.add_argument("--expected", required=True, type=Path)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--cli", default="hyokasho")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", default="", help="regex on PDF names")
    a = ap.parse_args(argv)

    pdfs = {p.stem: p for p in sorted(a.pdfs.glob("*.pdf")) if re.search(a.only, p.stem)}
    data = a.data
    if data is None:
        data = Path(tempfile.mkdtemp(prefix="hyokasho-score-")) / "out"
        cmd = shlex.split(a.cli) + ["ingest", *map(str, pdfs.values()), "--out", str(data)]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout)
        if p.returncode not in (0, 1):
            print(p.stdout[-2000:], p.stderr[-2000:], sep="\n")
            print(f"ingest failed: exit {p.returncode}")
            return 1
    con = load(data)
    ids = doc_ids(con, pdfs)
    t = Tally()
    for name in pdfs:
        exp = find_expected(a.expected, name)
        if exp is None:
            continue
        did = ids.get(name)
        t.add("documents_found", did is not None, name)
        if did is None:
            continue
        kind = exp.get("kind") or exp.get("document", {}).get("doc_type")
        if kind == "meeting":
            score_meeting(con, did, exp, t, name)
        elif kind == "public_comment":
            score_comments(con, did, exp, t, name)
        else:
            score_assessment(con, did, exp, t, name)

    result = {m: {"ok": t.ok[m], "n": t.n[m], "rate": round(t.rate(m), 4), "misses": t.misses[m]} for m in sorted(t.n)}
    if a.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for m, r in result.items():
            miss = ("  e.g. " + " | ".join(map(str, r["misses"][:3]))) if r["misses"] else ""
            print(f"{m:32s} {r['ok']:6d}/{r['n']:<6d} {r['rate']:.4f}{miss}")
    total_ok, total_n = sum(t.ok.values()), sum(t.n.values())
    worst = min(result.items(), key=lambda kv: kv[1]["rate"]) if result else ("-", {"rate": 0})
    print(f"overall {total_ok}/{total_n} = {total_ok / max(total_n, 1):.4f}; worst {worst[0]} {worst[1]['rate']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
