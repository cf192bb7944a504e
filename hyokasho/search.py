"""Japanese full-text search over utterances, comments and risk measures, ranked by BM25.

Japanese has no spaces, so text is cut into words with fugashi + unidic-lite first; both
backends then rank the same tokens with the same BM25 (k1 = 1.2, b = 0.75):

* ``sql``: a token table (unit, term, tf) and BM25 written in plain SQL. Works on any DuckDB.
* ``fts``: DuckDB's fts extension over the space-joined tokens. Its defaults drop every
  character outside a–z, so it is created with stemmer/stopwords off and ``ignore='\\s+'``.
  The extension installs offline only from the ``duckdb-extension-fts`` wheel pinned to one
  DuckDB version, so it is optional: when it cannot load, ``fts`` reports why.

The index is derived, never ingested: it is built from the dataset on first use and cached
in the user's cache folder under the dataset's version id
(`$XDG_CACHE_HOME/hyokasho/search/<name>-<path hash>/<version>.parquet`, `~/.cache/…` by
default), never beside the dataset, so a read-only dataset (a copy on a share, a mounted
archive) is searched as any other; where no cache can be written the index lives in memory.
Every ingest writes a new version, so re-ingested documents can never be served from a
stale index.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from hyokasho.dataset import read_version_info

K1, B = 1.2, 0.75
# parts of speech that carry no meaning for search: punctuation, symbols, blanks
_SKIP_POS = {"補助記号", "空白", "記号"}

_UNITS_SQL = """
SELECT 'utterance' AS kind, u.doc_id, CAST(u.seq AS VARCHAR) AS ref, u.page, u.text
  FROM utterances u WHERE u.text IS NOT NULL
UNION ALL
SELECT 'comment', c.doc_id, CAST(c.no AS VARCHAR), c.page,
       coalesce(c.opinion, '') || '\n' || coalesce(c.response, '')
  FROM comments c
UNION ALL
SELECT 'risk_measure', r.doc_id, r.key, r.page, r.measures
  FROM risk_measures r WHERE r.measures IS NOT NULL
"""


class SearchError(Exception):
    pass


@lru_cache(maxsize=1)
def _tagger():
    import fugashi  # imported lazily: loading the dictionary costs ~0.1 s

    return fugashi.Tagger()


def tokenize(text: str) -> list[str]:
    """Surface forms of the words, NFKC and lower-cased, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    out = []
    for w in _tagger()(text):
        pos = w.feature.pos1 if hasattr(w.feature, "pos1") else ""
        if pos in _SKIP_POS or not w.surface.strip():
            continue
        out.append(w.surface)
    return out


@dataclass
class Hit:
    score: float
    kind: str
    source_file: str
    doc_id: str
    ref: str
    page: int | None
    text: str

    def snippet(self, terms: list[str], width: int = 40) -> str:
        flat = re.sub(r"\s+", " ", self.text)
        pos = min((i for i in (flat.find(t) for t in terms) if i >= 0), default=0)
        start = max(0, pos - width // 2)
        s = flat[start:start + width * 2]
        for t in sorted(set(terms), key=len, reverse=True):
            s = s.replace(t, f"[{t}]") if len(t) > 1 else s
        return ("…" if start else "") + s + ("…" if start + width * 2 < len(flat) else "")


# ---------------------------------------------------------------- the index

def _version(data: Path) -> str:
    info = read_version_info(data)
    if info:
        return info["version"]
    # a plain folder (not written by hyokasho's writer): key by the files' sizes and times
    stamp = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in data.rglob("*.parquet"))
    return "plain-" + hashlib.sha256(repr(stamp).encode()).hexdigest()[:16]


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (KeyError, RuntimeError):  # no home folder: a service account
            base = os.path.join(os.path.abspath(os.sep), "tmp", f"hyokasho-cache-{os.getuid()}")
    return Path(base) / "hyokasho" / "search"


def cache_path(data: Path) -> Path:
    """Where the index of this dataset version is cached (one folder per dataset path)."""
    data = Path(data).absolute()
    key = hashlib.sha256(str(data).encode()).hexdigest()[:16]
    return _cache_root() / f"{data.name}-{key}" / f"{_version(data.resolve())}.parquet"


def build_units(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """One row per searchable unit with its tokens, from the dataset's views."""
    units = con.sql(_UNITS_SQL).arrow()
    if hasattr(units, "read_all"):
        units = units.read_all()
    texts = units.column("text").to_pylist()
    tokens = [" ".join(tokenize(t)) for t in texts]
    return units.append_column("unit_id", pa.array(range(len(texts)), pa.int64())).append_column(
        "tokens", pa.array(tokens, pa.string()))


def load_units(con: duckdb.DuckDBPyConnection, data: Path, rebuild: bool = False) -> tuple[pa.Table, float]:
    """The tokenized units, from the cache when it is for this dataset version. (units, seconds built)"""
    path = cache_path(data)
    if path.is_file() and not rebuild:
        try:
            return pq.read_table(path), 0.0
        except (OSError, pa.ArrowException):
            pass  # a damaged cache file: build the index again
    t0 = time.perf_counter()
    units = build_units(con)
    took = time.perf_counter() - t0
    _store(units, path)
    return units, took


def _store(units: pa.Table, path: Path) -> None:
    """Cache the index; where that is impossible (read-only, full) it stays in memory."""
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("*.parquet"):
            old.unlink()  # older versions' indexes are never read again
        pq.write_table(units, tmp)
        tmp.replace(path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------- backends

class SqlBM25:
    """BM25 in plain SQL over a (unit_id, term, tf) table."""

    name = "sql"

    def __init__(self, con: duckdb.DuckDBPyConnection, units: pa.Table):
        self.con = con
        con.register("search_units_arrow", units)
        con.execute("CREATE OR REPLACE TEMP TABLE search_units AS SELECT * FROM search_units_arrow")
        con.execute("""
            CREATE OR REPLACE TEMP TABLE search_terms AS
            SELECT unit_id, term, count(*)::INTEGER AS tf
              FROM (SELECT unit_id, unnest(string_split(tokens, ' ')) AS term FROM search_units WHERE tokens <> '')
             GROUP BY ALL""")
        con.execute("""
            CREATE OR REPLACE TEMP TABLE search_len AS
            SELECT unit_id, sum(tf)::DOUBLE AS len FROM search_terms GROUP BY ALL""")

    def query(self, terms: list[str], limit: int) -> list[tuple[int, float]]:
        if not terms:
            return []
        return self.con.execute(f"""
            WITH q AS (SELECT DISTINCT unnest(?::VARCHAR[]) AS term),
                 n AS (SELECT count(*)::DOUBLE AS n, avg(len) AS avgdl FROM search_len),
                 df AS (SELECT t.term, count(*)::DOUBLE AS df FROM search_terms t JOIN q USING (term) GROUP BY ALL)
            SELECT t.unit_id,
                   sum(ln((n.n - df.df + 0.5) / (df.df + 0.5) + 1)
                       * t.tf * ({K1} + 1) / (t.tf + {K1} * (1 - {B} + {B} * l.len / n.avgdl))) AS score
              FROM search_terms t JOIN df USING (term) JOIN search_len l USING (unit_id), n
             GROUP BY t.unit_id ORDER BY score DESC, t.unit_id LIMIT ?""", [terms, limit]).fetchall()


class FtsBM25:
    """DuckDB's fts extension over pre-tokenized text (words joined with spaces)."""

    name = "fts"

    def __init__(self, con: duckdb.DuckDBPyConnection, units: pa.Table):
        self.con = con
        try:
            import duckdb_extensions

            duckdb_extensions.import_extension("fts", con=con)
            con.execute("LOAD fts")
        except Exception as e:  # noqa: BLE001 - any failure means: this backend is unavailable
            raise SearchError(f"the DuckDB fts extension cannot be loaded for DuckDB {duckdb.__version__} "
                              f"({type(e).__name__}: {e}); use --backend sql") from e
        con.register("search_units_arrow", units)
        con.execute("CREATE OR REPLACE TABLE search_units AS SELECT * FROM search_units_arrow")
        # defaults would lower-case, stem English and drop everything outside a-z: Japanese would
        # index to nothing. Tokens are already cut, so only whitespace separates them.
        con.execute("""PRAGMA create_fts_index('search_units', 'unit_id', 'tokens', stemmer='none',
                       stopwords='none', ignore='\\s+', lower=0, strip_accents=0, overwrite=1)""")

    def query(self, terms: list[str], limit: int) -> list[tuple[int, float]]:
        if not terms:
            return []
        return self.con.execute(f"""
            SELECT unit_id, score FROM (
              SELECT unit_id, fts_main_search_units.match_bm25(unit_id, ?, k := {K1}, b := {B}) AS score
                FROM search_units) WHERE score IS NOT NULL
             ORDER BY score DESC, unit_id LIMIT ?""", [" ".join(terms), limit]).fetchall()


BACKENDS = {"sql": SqlBM25, "fts": FtsBM25}


class Searcher:
    def __init__(self, data: str | Path, backend: str = "sql", rebuild: bool = False):
        from hyokasho.query import QueryError, connect

        self.data = Path(data)
        try:
            self.con = connect(self.data)
        except QueryError as e:
            raise SearchError(str(e)) from e
        self.units, self.build_seconds = load_units(self.con, self.data, rebuild)
        t0 = time.perf_counter()
        self.backend = BACKENDS[backend](self.con, self.units)
        self.index_seconds = time.perf_counter() - t0
        self._sources = dict(self.con.execute("SELECT doc_id, source_file FROM documents").fetchall())

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        terms = tokenize(query)
        rows = self.backend.query(terms, limit)
        cols = {n: self.units.column(n) for n in ("kind", "doc_id", "ref", "page", "text")}
        hits = []
        for unit_id, score in rows:
            i = int(unit_id)
            doc_id = cols["doc_id"][i].as_py()
            hits.append(Hit(float(score), cols["kind"][i].as_py(), self._sources.get(doc_id, doc_id), doc_id,
                            cols["ref"][i].as_py(), cols["page"][i].as_py(), cols["text"][i].as_py() or ""))
        return hits
