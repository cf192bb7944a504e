"""Score the current parser on the real-text minutes / public-comment fixtures.

    uv run python scripts/score_real.py --split dev            # what parser developers may look at
    uv run python scripts/score_real.py --split held_out       # the coordinator's final check only
    uv run python scripts/score_real.py --split dev --json --layout alternative

Renders every fixture of the split (tests/fixtures/real/minutes/<id>.json, held_out per
manifest.json) to <tmp>/<id>.pdf, ingests them with the CLI into a temporary dataset and scores
them with bench/scoring.py (the measures of the project's external scorer plus extra-row counts).
`--layout alternative` renders each spec in its alternative layout instead (robustness).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scoring import Tally, connect, rows, score_comments, score_meeting  # noqa: E402
from tests.pdfgen.real_docs import alternative_layout, load_spec, render_spec  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "real" / "minutes"


def split_ids(split: str) -> list[str]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text())
    want = split == "held_out"
    # `pending`: recorded (and drawn) before its spec and annotation exist; nothing to score yet
    return [e["id"] for e in manifest["fixtures"] if bool(e["held_out"]) == want and not e.get("pending")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "held_out"), required=True)
    ap.add_argument("--layout", choices=("native", "alternative"), default="native")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--keep", type=Path, help="render and ingest into this folder instead of a temporary one")
    a = ap.parse_args(argv)

    ids = split_ids(a.split)
    if not ids:
        print(f"no fixtures in split {a.split}", file=sys.stderr)
        return 2
    work = a.keep or Path(tempfile.mkdtemp(prefix="hyokasho-real-"))
    pdfs = work / "pdfs"
    pdfs.mkdir(parents=True, exist_ok=True)
    for i in ids:
        spec = load_spec(FIXTURES / f"{i}.json")
        lay = alternative_layout(spec) if a.layout == "alternative" else (None, None)
        (pdfs / f"{i}.pdf").write_bytes(render_spec(spec, *lay))
    data = work / "out"
    p = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "ingest", str(pdfs), "--out", str(data), "--force", "--no-progress"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if p.returncode not in (0, 1):
        print(p.stdout[-2000:], p.stderr[-2000:], sep="\n", file=sys.stderr)
        print(f"ingest failed: exit {p.returncode}", file=sys.stderr)
        return 1
    con = connect(data)
    by_file = {
        Path(str(d["source_file"])).stem: d["doc_id"] for d in rows(con, "SELECT doc_id, source_file FROM documents")
    }
    t = Tally()
    for i in ids:
        exp = json.loads((FIXTURES / f"{i}.expected.json").read_text())
        did = by_file.get(i)
        t.add("documents_found", did is not None, i)
        if did is None:
            continue
        (score_meeting if exp["kind"] == "meeting" else score_comments)(con, did, exp, t, i)
    if a.json:
        print(json.dumps(t.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(f"split {a.split} ({len(ids)} documents, {a.layout} layout)")
        print(t.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
