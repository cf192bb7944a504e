"""`hyokasho search "クラウド 再委託"`"""

from __future__ import annotations

import sys

NAME = "search"
HELP = (
    "Japanese full-text search over minutes, public comments, risk measures, 委託先, systems and "
    "every form field, ranked by BM25."
)
EXAMPLES = """\
examples:
  hyokasho search "クラウド 再委託"                    # passages with both words
  hyokasho search '"委託先の監督"'                     # the phrase as written
  hyokasho search "漏洩 OR 紛失" --limit 5            # either word (also: --any for OR of all)
  hyokasho search "日立システムズ" --kind entrustment  # 委託先 names
  hyokasho search "アクセスログ 保存期間" --format csv > hits.csv
every word must occur (AND) unless OR stands between words; a word matches whole words of the
text (再委託 finds 再委託 and 再委託先, never 再評価 alone); 漏えい = 漏洩, マイナンバー = 個人番号 and
full/half width are the same on both sides (normalize/search_fold.py). A word that matched
nothing is named on stderr. The index is built on first use after each ingest and cached in
the user cache folder ($XDG_CACHE_HOME/hyokasho/search/), never beside the dataset.
exit status: 0 hits; 1 no hits or no dataset; 2 usage error"""


def add_arguments(p) -> None:
    from hyokasho.search import KINDS

    p.add_argument("query", help='words to look for (Japanese or Latin); "…" for a phrase, OR between words')
    p.add_argument("--data", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--limit", type=int, default=10, help="hits to print (default: 10)")
    p.add_argument("--any", action="store_true", help="any of the words (OR) instead of all of them")
    p.add_argument("--kind", action="append", metavar="KIND", help=f"only these units (repeatable): {', '.join(KINDS)}")
    p.add_argument("--format", choices=["text", "csv", "json"], default="text")
    p.add_argument("--rebuild", action="store_true", help="rebuild the cached index")


COLUMNS = ["rank", "score", "kind", "source_file", "page", "ref", "doc_type", "municipality_name", "doc_id", "text"]


def run(args) -> int:
    from hyokasho.query import write
    from hyokasho.search import Searcher, SearchError
    from hyokasho.search_query import QueryError

    kinds = [k.strip() for v in args.kind or [] for k in v.split(",") if k.strip()] or None
    try:
        searcher = Searcher(args.data, args.rebuild)
        result = searcher.run(args.query, max(1, args.limit), args.any, kinds)
    except QueryError as e:
        print(f"hyokasho search: {e}", file=sys.stderr)
        return 2
    except SearchError as e:
        print(f"hyokasho search: {e}", file=sys.stderr)
        return 2 if "unknown kind" in str(e) else 1
    for word in result.query.dropped:
        print(f"note: {word!r} is only punctuation and was left out", file=sys.stderr)
    for clause, n in result.matched.items():
        if n == 0:
            print(f"note: {clause} matched nothing", file=sys.stderr)
    hits = result.hits
    if args.format != "text":
        rows = [
            (
                i,
                round(h.score, 4),
                h.kind,
                h.source_file,
                h.page,
                h.ref,
                h.doc_type,
                h.municipality_name,
                h.doc_id,
                h.text,
            )
            for i, h in enumerate(hits, 1)
        ]
        write(COLUMNS, rows, args.format)
    else:
        for rank, h in enumerate(hits, 1):
            page = f"p.{h.page}" if h.page is not None else "p.?"
            print(f"{rank:>3}. {h.score:7.3f}  {h.source_file}  {page}  {h.kind} {h.ref}")
            print(f"     {h.snippet(result.query.clauses)}")
    if not hits:
        counts = ", ".join(f"{c}: {n}" for c, n in result.matched.items())
        why = f"no unit has all of them ({counts} units)" if all(result.matched.values()) else counts + " units"
        print(f"no hits for {args.query!r}: {why}", file=sys.stderr)
        return 1
    if args.format == "text":
        shown = f"{len(hits)} of {result.total}" if result.total > len(hits) else str(result.total)
        print(
            f"{shown} hit{'s' if result.total != 1 else ''} "
            f"({', '.join(f'{c}: {n}' for c, n in result.matched.items())} units)",
            file=sys.stderr,
        )
    return 0
