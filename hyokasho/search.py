"""Full-text search over what the dataset holds, meaning what the query says.

Searchable units, one per row: meeting utterances, public comments (opinion and answer), risk
measures, 委託事項 (title, 委託先, 再委託事項), システム (name and functions) and the value of every
other form field written by the body. Left out: selections and check boxes (their text is the
form's own ＜選択肢＞ wording, the same in every 評価書: `choices` and `checks` answer such questions
exactly), fields of the 委託事項/システム blocks (indexed as those units) and the cover's 宣言
(one fixed sentence in every 評価書).

Matching (hyokasho/search_query.py says what a query means): each text is folded by
normalize.search_fold (表記ゆれ: 漏えい = 漏洩, マイナンバー = 個人番号, full/half width) and cut
into words with fugashi + unidic-lite; a query word matches where its folded form occurs in the
folded text starting and ending on word boundaries, so 再委託 never matches 再評価 and 京都 never
matches 東京都. Units are ranked by BM25 (k1 = 1.2, b = 0.75) over those matches, with a unit's
length in words. Identical texts (boilerplate repeats across documents) are folded and cut
once and matched once.

The index is derived, never ingested: built from the dataset on first use and cached under the
dataset's version id (see cache_path), so re-ingested documents are never served stale. The
cache lives in the user's cache folder, never beside the dataset, so a read-only dataset (a
copy on a share, a mounted archive) is searched as any other; where no cache can be written
the index stays in memory for the run.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hyokasho.dataset import read_version_info
from hyokasho.search_query import Clause, Query, parse
from normalize.lexicon import tagger
from normalize.search_fold import fold, fold_map


@dataclass(frozen=True)
class SearchSettings:
    k1: float = 1.2
    b: float = 0.75
    min_field_chars: int = 2  # shorter field values (—, 有) are not worth a unit
    snippet_chars: int = 80


SETTINGS = SearchSettings()
KINDS = ("utterance", "comment", "risk_measure", "entrustment", "system", "field")
# parts of speech that carry no meaning for a unit's length: punctuation, symbols, blanks
_SKIP_POS = {"補助記号", "空白", "記号"}
# fields that other units already index (委託事項N, システムN blocks) or that are the same fixed
# text in every 評価書 (the cover's 宣言)
_FIELD_SKIP = r"(\.(itaku|sys)[0-9]+\.|^cover\.宣言$)"

_UNITS_SQL = f"""
SELECT 'utterance' AS kind, u.doc_id, CAST(u.seq AS VARCHAR) AS ref, u.page, u.text
  FROM utterances u WHERE u.text IS NOT NULL
UNION ALL
SELECT 'comment', c.doc_id, CAST(c.no AS VARCHAR), c.page,
       concat_ws('\n', c.opinion, c.response)
  FROM comments c WHERE coalesce(c.opinion, c.response) IS NOT NULL
UNION ALL
SELECT 'risk_measure', r.doc_id, r.key, r.page, concat_ws('\n', r.risk_title, r.measures)
  FROM risk_measures r WHERE r.measures IS NOT NULL
UNION ALL
SELECT 'entrustment', e.doc_id, concat_ws('.', e.file_no, 'itaku' || e.item_no), e.page,
       concat_ws('\n', e.title, e.contractor, e.subcontract_items)
  FROM entrustments e WHERE coalesce(e.title, e.contractor, e.subcontract_items) IS NOT NULL
UNION ALL
SELECT 'system', s.doc_id, 'sys' || s.system_no, s.page, concat_ws('\n', s.name, s.functions)
  FROM systems s WHERE coalesce(s.name, s.functions) IS NOT NULL
UNION ALL
SELECT 'field', f.doc_id, CASE WHEN f.file_no IS NULL THEN f.key ELSE f.file_no || ':' || f.key END, f.page, f.value
  FROM fields f
 WHERE length(f.value) >= {SETTINGS.min_field_chars} AND NOT regexp_matches(f.key, '{_FIELD_SKIP}')
   AND NOT EXISTS (SELECT 1 FROM choices c WHERE c.doc_id = f.doc_id AND c.key = f.key
                                             AND c.file_no IS NOT DISTINCT FROM f.file_no)
   AND NOT EXISTS (SELECT 1 FROM checks k WHERE k.doc_id = f.doc_id AND k.key = f.key
                                            AND k.file_no IS NOT DISTINCT FROM f.file_no)
"""


class SearchError(Exception):
    pass


def tokenize(text: str) -> list[str]:
    """Surface forms of the words of the folded text, punctuation dropped."""
    return [w for w, _, _ in _words(fold(text)) if w]


def _words(folded: str) -> list[tuple[str, int, int]]:
    """(surface or '' for punctuation, start, end) of every word of an already folded text."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for w in tagger()(folded):
        surface = w.surface
        if not surface:
            continue
        start = folded.find(surface, pos)
        if start < 0:  # the tagger changed the text (it should not): keep the offsets we have
            continue
        end = start + len(surface)
        pos = end
        pos1 = w.feature.pos1 if hasattr(w.feature, "pos1") else ""
        out.append(("" if pos1 in _SKIP_POS or not surface.strip() else surface, start, end))
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
    doc_type: str | None = None
    municipality_name: str | None = None

    def snippet(self, clauses: list[Clause], width: int = SETTINGS.snippet_chars) -> str:
        """The text around the first match, every match marked [like this] as printed."""
        marks = _marks(self.text, clauses)
        flat = self.text
        first = marks[0][0] if marks else 0
        start = max(0, first - width // 3)
        end = min(len(flat), start + width)
        out, pos = [], start
        for a, b in marks:
            if b <= start or a >= end:
                continue
            a, b = max(a, start), min(b, end)
            out += [flat[pos:a], "[", flat[a:b], "]"]
            pos = b
        out.append(flat[pos:end])
        s = re.sub(r"\s+", " ", "".join(out))
        return ("…" if start else "") + s + ("…" if end < len(flat) else "")


def _marks(text: str, clauses: list[Clause]) -> list[tuple[int, int]]:
    folded, spans = fold_map(text)
    found: list[tuple[int, int]] = []
    for c in clauses:
        i = folded.find(c.folded)
        while i >= 0:
            found.append((spans[i][0], spans[i + len(c.folded) - 1][1]))
            i = folded.find(c.folded, i + 1)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


# ---------------------------------------------------------------- the index


def _version(data: Path) -> str:
    info = read_version_info(data)
    if info:
        return info["version"]
    # a plain folder (not written by hyokasho's writer): key by the files' sizes and times
    stamp = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in data.rglob("*.parquet"))
    return "plain-" + hashlib.sha256(repr(stamp).encode()).hexdigest()[:16]  # hash() differs per process


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (KeyError, RuntimeError):  # no home folder: a service account
            base = os.path.join(os.path.abspath(os.sep), "tmp", f"hyokasho-cache-{os.getuid()}")
    return Path(base) / "hyokasho" / "search"


def cache_path(data: Path) -> Path:
    """Where the index of this dataset version is cached:
    `$XDG_CACHE_HOME/hyokasho/search/<name>-<path hash>/<version>.parquet` (~/.cache by default)."""
    data = Path(data).absolute()
    key = hashlib.sha256(str(data).encode()).hexdigest()[:16]
    return _cache_root() / f"{data.name}-{key}" / f"{_version(data.resolve())}.parquet"


def build_units(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The index: one row per searchable unit; each distinct text is folded and cut once.

    Text columns (text, folded, starts, ends, n_words) are filled on the first unit with that
    text (text_id) and NULL on its repeats, so the cache holds each text once.
    """
    units = con.sql(_UNITS_SQL + " ORDER BY 1, 2, 3").arrow()
    if hasattr(units, "read_all"):
        units = units.read_all()
    texts = units.column("text").to_pylist()
    ids: dict[str, int] = {}
    text_id = np.empty(len(texts), np.int32)
    first = np.zeros(len(texts), bool)
    folded_l, starts_l, ends_l, nw_l = [], [], [], []
    for i, t in enumerate(texts):
        j = ids.get(t)
        if j is None:
            j = ids[t] = len(ids)
            first[i] = True
            f = fold(t)
            words = _words(f)
            folded_l.append(f)
            starts_l.append([a for _, a, _ in words])
            ends_l.append([b for _, _, b in words])
            nw_l.append(sum(1 for w, _, _ in words if w))
        text_id[i] = j

    def spread(values: list, typ: pa.DataType) -> pa.Array:
        out: list = [None] * len(texts)
        k = 0
        for i in np.flatnonzero(first):
            out[i] = values[k]
            k += 1
        return pa.array(out, typ)

    return pa.table(
        {
            "unit_id": pa.array(np.arange(len(texts), dtype=np.int64)),
            "kind": units.column("kind").dictionary_encode(),
            "doc_id": units.column("doc_id").dictionary_encode(),
            "ref": units.column("ref"),
            "page": units.column("page"),
            "text_id": pa.array(text_id),
            "text": pa.array([t if f else None for t, f in zip(texts, first)], pa.string()),
            "folded": spread(folded_l, pa.string()),
            "starts": spread(starts_l, pa.list_(pa.int32())),
            "ends": spread(ends_l, pa.list_(pa.int32())),
            "n_words": spread(nw_l, pa.int32()),
        }
    )


def load_units(con: duckdb.DuckDBPyConnection, data: Path, rebuild: bool = False) -> tuple[pa.Table, float]:
    """The tokenized units, from the cache when it is for this dataset version. (units, seconds built)"""
    path = cache_path(data)
    if path.is_file() and not rebuild:
        try:
            cached = pq.read_table(path)
        except (OSError, pa.ArrowException):
            cached = None  # a damaged cache file: build the index again
        if cached is not None and "folded" in cached.column_names:  # an older hyokasho's index is rebuilt
            return cached, 0.0
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


# ---------------------------------------------------------------- matching and ranking


class Index:
    """The units and their distinct texts, ready to match clauses against."""

    def __init__(self, table: pa.Table):
        self.units = table.select(["unit_id", "kind", "doc_id", "ref", "page", "text_id"])
        firsts = table.filter(pc.is_valid(table.column("folded")))
        order = pc.sort_indices(firsts.column("text_id"))
        texts = firsts.take(order)
        self.text = texts.column("text")
        self.folded = texts.column("folded")
        self.starts = texts.column("starts")
        self.ends = texts.column("ends")
        self.n_words = texts.column("n_words").to_numpy(zero_copy_only=False).astype(np.float64)
        self.unit_text = self.units.column("text_id").to_numpy()
        self.per_text = np.bincount(self.unit_text, minlength=len(self.folded)).astype(np.float64)
        self.n_units = len(self.unit_text)
        self.avg_words = float((self.n_words * self.per_text).sum() / self.n_units) if self.n_units else 1.0

    def occurrences(self, clause: Clause) -> dict[int, int]:
        """text_id → how often the clause occurs there on word boundaries."""
        if not len(self.folded):
            return {}
        candidates = np.flatnonzero(pc.match_substring(self.folded, clause.folded).to_numpy(zero_copy_only=False))
        out: dict[int, int] = {}
        q, n = clause.folded, len(clause.folded)
        for t in candidates.tolist():
            text = self.folded[t].as_py()
            starts = set(self.starts[t].values.to_numpy()) if self.starts[t].is_valid else set()
            ends = set(self.ends[t].values.to_numpy()) if self.ends[t].is_valid else set()
            tf = 0
            i = text.find(q)
            while i >= 0:
                if i in starts and i + n in ends:
                    tf += 1
                i = text.find(q, i + 1)
            if tf:
                out[t] = tf
        return out


@dataclass
class Result:
    query: Query
    hits: list["Hit"]
    total: int  # units matching the whole query
    matched: dict[str, int]  # clause → units it occurs in (alone)


def rank(
    index: Index, query: Query, limit: int, kinds: list[str] | None = None, settings: SearchSettings = SETTINGS
) -> tuple[np.ndarray, np.ndarray, int, dict[str, int]]:
    """(unit rows, scores) of the best `limit` units, the number of units matching, clause counts."""
    n_texts = len(index.folded)
    score = np.zeros(n_texts)
    ok = np.ones(n_texts, bool)
    matched: dict[str, int] = {}
    for group in query.groups:
        in_group = np.zeros(n_texts, bool)
        for clause in group:
            occ = index.occurrences(clause)
            ids = np.fromiter(occ.keys(), np.int64, len(occ))
            tf = np.fromiter(occ.values(), np.float64, len(occ))
            df = float(index.per_text[ids].sum()) if len(ids) else 0.0
            matched[str(clause)] = int(df)
            if not len(ids):
                continue
            idf = np.log((index.n_units - df + 0.5) / (df + 0.5) + 1)
            length = index.n_words[ids] / index.avg_words if index.avg_words else 1.0
            score[ids] += idf * tf * (settings.k1 + 1) / (tf + settings.k1 * (1 - settings.b + settings.b * length))
            in_group[ids] = True
        ok &= in_group
    good = np.flatnonzero(ok)
    if not len(good):
        return np.empty(0, np.int64), np.empty(0), 0, matched
    mask = np.isin(index.unit_text, good)
    if kinds:
        mask &= pc.is_in(index.units.column("kind"), value_set=pa.array(kinds)).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(mask)
    scores = score[index.unit_text[rows]]
    order = np.lexsort((rows, -scores))[:limit]  # best first; ties in index order (stable)
    return rows[order], scores[order], int(len(rows)), matched


class Searcher:
    def __init__(self, data: str | Path, rebuild: bool = False):
        from hyokasho.query import QueryError, connect

        self.data = Path(data)
        try:
            self.con = connect(self.data)
        except QueryError as e:
            raise SearchError(str(e)) from e
        table, self.build_seconds = load_units(self.con, self.data, rebuild)
        t0 = time.perf_counter()
        self.index = Index(table)
        self.index_seconds = time.perf_counter() - t0
        self._docs: dict[str, tuple] = {}  # only the hits' documents are looked up, once each

    def _describe(self, doc_ids: list[str]) -> dict[str, tuple]:
        known = self._docs
        missing = sorted(set(doc_ids) - known.keys())
        if missing:
            rows = self.con.execute(
                """
                SELECT d.doc_id, d.source_file, d.doc_type,
                       coalesce(a.municipality_name, a.organization, m.municipality_name, c.municipality_name)
                  FROM documents d
                  LEFT JOIN (SELECT doc_id, any_value(municipality_name) AS municipality_name,
                                    any_value(organization) AS organization FROM assessments GROUP BY 1) a USING (doc_id)
                  LEFT JOIN (SELECT doc_id, any_value(municipality_name) AS municipality_name FROM meetings GROUP BY 1) m
                         USING (doc_id)
                  LEFT JOIN (SELECT doc_id, any_value(municipality_name) AS municipality_name FROM comment_rounds
                              GROUP BY 1) c USING (doc_id)
                 WHERE d.doc_id IN (SELECT unnest(?::VARCHAR[]))""",
                [missing],
            ).fetchall()
            for doc_id, source, doc_type, muni in rows:
                known[doc_id] = (source, doc_type, muni)
        return known

    def run(
        self, query: str | Query, limit: int = 10, any_word: bool = False, kinds: list[str] | None = None
    ) -> Result:
        q = query if isinstance(query, Query) else parse(query, any_word)
        unknown = [k for k in kinds or [] if k not in KINDS]
        if unknown:
            raise SearchError(f"unknown kind(s) {', '.join(unknown)}; the kinds are: {', '.join(KINDS)}")
        rows, scores, total, matched = rank(self.index, q, limit, kinds)
        units = self.index.units.take(pa.array(rows, pa.int64())) if len(rows) else self.index.units.slice(0, 0)
        cols = {n: units.column(n).to_pylist() for n in ("kind", "doc_id", "ref", "page", "text_id")}
        docs = self._describe(cols["doc_id"])
        hits = []
        for i, score in enumerate(scores.tolist()):
            doc_id = cols["doc_id"][i]
            source, doc_type, muni = docs.get(doc_id, (doc_id, None, None))
            hits.append(
                Hit(
                    float(score),
                    cols["kind"][i],
                    source,
                    doc_id,
                    cols["ref"][i],
                    cols["page"][i],
                    self.index.text[cols["text_id"][i]].as_py() or "",
                    doc_type,
                    muni,
                )
            )
        return Result(q, hits, total, matched)

    def search(self, query: str, limit: int = 10, any_word: bool = False) -> list[Hit]:
        return self.run(query, limit, any_word).hits
