"""Measure search on one dataset: index build, load, and query latency against a baseline.

    uv run python bench/bench_search.py --data DIR [--repeat 20]

The baseline, timed in the same run on the same texts, is the plainest search there is: one
DuckDB `contains()` scan of the folded texts per query word (no word boundaries, no ranking).
`ratio` is hyokasho's query time over the baseline's: what boundaries, BM25 and hit lookup cost.
"""

from __future__ import annotations

import argparse
import statistics
import time

import duckdb

from hyokasho.query import connect
from hyokasho.search import Index, Searcher, build_units
from hyokasho.search_query import parse

QUERIES = [
    "クラウド 再委託",
    "アクセスログ 保存",
    "漏洩 委託先",
    "マイナンバーカード 本人確認",
    "パブリックコメント 意見",
    "暗号化 通信",
    "職員 研修",
    "消去 OR 廃棄",
    "LGWAN",
    "日立システムズ",
    '"委託先の監督"',
    "生体認証",
]


def _p95(xs: list[float]) -> float:
    return sorted(xs)[min(len(xs) - 1, int(0.95 * len(xs)))]


def run(data: str, repeat: int = 20, log=print) -> dict:
    t0 = time.perf_counter()
    table = build_units(connect(data))
    build = time.perf_counter() - t0
    Searcher(data)  # builds the index and caches it, as the first search after an ingest does
    t0 = time.perf_counter()
    s = Searcher(data)  # every later search: reads the cached index
    load = time.perf_counter() - t0
    index: Index = s.index
    con = duckdb.connect()
    con.register("texts", table.select(["folded"]).filter(table.column("folded").is_valid()))
    ours, base = [], []
    for q in QUERIES:
        words = [c.folded for c in parse(q).clauses]
        for _ in range(repeat):
            t1 = time.perf_counter()
            s.run(q, 10)
            ours.append(time.perf_counter() - t1)
            t1 = time.perf_counter()
            for w in words:
                con.execute("SELECT count(*) FROM texts WHERE contains(folded, ?)", [w]).fetchall()
            base.append(time.perf_counter() - t1)
    out = {
        "units": index.n_units,
        "distinct_texts": len(index.folded),
        "build_s": build,
        "load_s": load,
        "query_median_ms": statistics.median(ours) * 1000,
        "query_p95_ms": _p95(ours) * 1000,
        "baseline_median_ms": statistics.median(base) * 1000,
        "ratio": statistics.median(ours) / statistics.median(base),
    }
    log(
        f"units {out['units']} ({out['distinct_texts']} distinct texts); index build {build:.2f} s, "
        f"load {load:.2f} s; query median {out['query_median_ms']:.1f} ms, p95 {out['query_p95_ms']:.1f} ms; "
        f"baseline contains() scan {out['baseline_median_ms']:.1f} ms; ratio {out['ratio']:.2f}"
    )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
    run(a.data, a.repeat)


if __name__ == "__main__":
    main()
