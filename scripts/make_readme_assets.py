"""Regenerate the README's comparison table and plot from the bundled PDFs in data/raw.

    uv run python scripts/make_readme_assets.py               # ingest data/raw into a temp dataset
    uv run python scripts/make_readme_assets.py --data data/parquet

Writes docs/comparison_table.md (queries/municipalities.sql as Markdown), docs/img/forms_by_municipality.png
(hyokasho.plots.forms_by_municipality) and puts both into README.md between the
`<!-- comparison:start -->` / `<!-- comparison:end -->` markers (appending the section once if absent).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hyokasho import plots  # noqa: E402
from hyokasho.query import connect, load_sql  # noqa: E402

TABLE = ROOT / "docs" / "comparison_table.md"
PLOT = ROOT / "docs" / "img" / "forms_by_municipality.png"
README = ROOT / "README.md"
START, END = "<!-- comparison:start -->", "<!-- comparison:end -->"


def dataset(data: str | None, tmp: Path) -> Path:
    if data:
        return Path(data)
    from hyokasho.ingest import ingest

    out = tmp / "ds"
    ingest([str(ROOT / "data" / "raw")], str(out))
    return out


def section(table_md: str, n_docs: int) -> str:
    return f"""{START}
## What it shows: municipalities compared

Produced from the bundled `data/raw` ({n_docs} PDFs) by `scripts/make_readme_assets.py`; the same table is
what `bash scripts/demo.sh` prints (`queries/municipalities.sql`). More comparisons: `queries/*.sql` and
`notebooks/compare_municipalities.ipynb`.

**Most of these figures are invented.** `data/raw/synthetic/` is a generated demo set: real municipality
names and codes with made-up contents (contractors, self-assessments, dates). Each of those PDFs prints
「架空データ」 on every page and carries hyokasho's marker in its metadata, which ingest reads into
`documents.synthetic`; the `data` column says `synthetic` for a municipality whose every 評価書 is
invented, `real+synthetic` where a real sample is mixed in, `real` otherwise (the plot marks them
【架空データ】 / 【一部架空】). Do not cite them as facts about these bodies. The only real documents are
the six development samples in `data/raw/samples/` (北九州市's 基礎/全項目評価書 and the 審査会 minutes
and comment results of 北九州市, 和泉市 and 札幌市), the same ones the parsers were developed on.

{table_md}

![評価書の種類 per municipality](docs/img/forms_by_municipality.png)
{END}"""


def update_readme(block: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# hyokasho\n"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", help="an existing dataset (default: ingest data/raw into a temporary one)")
    p.add_argument("--no-readme", action="store_true", help="only write docs/, leave README.md alone")
    args = p.parse_args(argv)
    plots.use_japanese_font()
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(dataset(args.data, Path(tmp)))
        overview = con.sql(load_sql("municipalities.sql")).df()
        n_docs = con.sql("SELECT count(*) FROM documents").fetchone()[0]
        table_md = plots.markdown_table(overview)
        TABLE.parent.mkdir(parents=True, exist_ok=True)
        TABLE.write_text(table_md + "\n", encoding="utf-8")
        PLOT.parent.mkdir(parents=True, exist_ok=True)
        fig = plots.forms_by_municipality(overview)
        fig.savefig(PLOT, dpi=110)
    if not args.no_readme:
        update_readme(section(table_md, n_docs))
    print(f"wrote {TABLE.relative_to(ROOT)}, {PLOT.relative_to(ROOT)}" + ("" if args.no_readme else ", README.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
