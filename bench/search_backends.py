"""Measure the two search backends on one dataset: index build time, query latency, agreement.

    uv run python bench/search_backends.py --data DIR [--repeat 20]

Tokenizing is shared (and cached), so it is timed once; each backend is timed on building its
index from the tokens and on answering the same queries. Agreement is the overlap of the top
10 unit ids per query (|A ∩ B| / 10) and whether the first hit is the same.
"""
from __future__ import annotations

import argparse
import statistics
import time

from hyokasho.query import connect
from hyokasho.search import BACKENDS, build_units, tokenize

QUERIES = ["クラウド 再委託", "アクセスログ 保存", "情報漏えい 委託先", "マイナンバーカード 本人確認",
           "パブリックコメント 意見", "暗号化 通信", "職員 研修", "消去 廃棄", "LGWAN", "監査 報告書"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
    con = connect(a.data)
    tokenize("warm up")
    t0 = time.perf_counter()
    units = build_units(con)
    tok = time.perf_counter() - t0
    ntok = sum(len(t.split()) for t in units.column("tokens").to_pylist())
    print(f"units {units.num_rows}, tokens {ntok}, tokenize {tok * 1000:.0f} ms")
    results = {}
    for name, cls in BACKENDS.items():
        c = connect(a.data)
        t0 = time.perf_counter()
        backend = cls(c, units)
        build = time.perf_counter() - t0
        lat = []
        tops = {}
        for q in QUERIES:
            terms = tokenize(q)
            for _ in range(a.repeat):
                t1 = time.perf_counter()
                rows = backend.query(terms, 10)
                lat.append(time.perf_counter() - t1)
            tops[q] = [r[0] for r in rows]
        results[name] = tops
        print(f"{name:4s} index build {build * 1000:7.1f} ms   query median {statistics.median(lat) * 1000:6.2f} ms"
              f"   p95 {sorted(lat)[int(0.95 * len(lat))] * 1000:6.2f} ms")
    a_, b_ = results["sql"], results["fts"]
    overlap = [len(set(a_[q]) & set(b_[q])) / max(1, len(a_[q])) for q in QUERIES]
    same_first = sum(bool(a_[q]) and a_[q][:1] == b_[q][:1] for q in QUERIES)
    print(f"agreement: top-10 overlap mean {statistics.mean(overlap):.2f} (min {min(overlap):.2f}); "
          f"same first hit {same_first}/{len(QUERIES)}")


if __name__ == "__main__":
    main()
