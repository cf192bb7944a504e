"""`hyokasho search "クラウド 再委託"`"""
from __future__ import annotations

import sys

NAME = "search"
HELP = "Japanese full-text search (BM25) over utterances, public comments and risk measures."
EXAMPLES = """\
examples:
  hyokasho search "クラウド 再委託"
  hyokasho search "アクセスログ 保存期間" --limit 5 --data out/
  hyokasho search "委託先 監督" --backend fts
words are cut with fugashi + unidic-lite, the same way as the indexed text; a hit needs any
of them and ranks higher with more (BM25). The index is built on first use after each ingest
and cached in the user cache folder ($XDG_CACHE_HOME/hyokasho/search/)."""


def add_arguments(p) -> None:
    p.add_argument("query", help="words to look for (Japanese or Latin)")
    p.add_argument("--data", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--limit", type=int, default=10, help="hits to print (default: 10)")
    p.add_argument("--backend", choices=["sql", "fts"], default="sql",
                   help="sql: BM25 in plain SQL (default); fts: DuckDB's fts extension")
    p.add_argument("--rebuild", action="store_true", help="rebuild the cached index")


def run(args) -> int:
    from hyokasho.search import SearchError, Searcher, tokenize

    try:
        searcher = Searcher(args.data, args.backend, args.rebuild)
        hits = searcher.search(args.query, max(1, args.limit))
    except SearchError as e:
        print(f"hyokasho search: {e}", file=sys.stderr)
        return 1
    if not hits:
        print(f"no hits for {args.query!r}", file=sys.stderr)
        return 1
    terms = tokenize(args.query)
    for rank, h in enumerate(hits, 1):
        page = f"p.{h.page}" if h.page is not None else "p.?"
        print(f"{rank:>3}. {h.score:7.3f}  {h.source_file}  {page}  {h.kind} {h.ref}")
        print(f"     {h.snippet(terms)}")
    return 0
