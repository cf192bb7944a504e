"""Search: tokens, both BM25 backends on a real ingested dataset, index freshness on re-ingest."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from hyokasho.search import Searcher, cache_path, tokenize
from tests.samples import sample



def test_tokenize_japanese():
    toks = tokenize("クラウド事業者に再委託する。")
    assert "クラウド" in toks and "委託" in toks and "。" not in toks


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    pdfs = [sample("seed00_kitakyushu_22_kokuho"), sample("seed04_sapporo_r2_kokuho_pc")]
    root = tmp_path_factory.mktemp("ds")
    for p in pdfs:
        shutil.copy(p, root / p.name)
    out = root / "out"
    subprocess.run([sys.executable, "-m", "hyokasho.cli", "ingest", str(root / pdfs[0].name), "--out", str(out)],
                   check=True, capture_output=True)
    return root, out


@pytest.mark.parametrize("backend", ["sql", "fts"])
def test_backends_rank_the_same(dataset, backend):
    _, out = dataset
    hits = Searcher(out, backend).search("クラウド 事業者", 5)
    assert hits and hits[0].kind == "utterance" and hits[0].page is not None
    assert "クラウド" in hits[0].text
    ref = [h.ref for h in Searcher(out, "sql").search("クラウド 事業者", 5)]
    assert [h.ref for h in hits] == ref


def test_index_follows_reingest(dataset):
    root, out = dataset
    assert not Searcher(out).search("マイナンバーカード 顔写真", 5) or all(
        h.kind == "utterance" for h in Searcher(out).search("マイナンバーカード 顔写真", 5))
    first = cache_path(out)
    subprocess.run([sys.executable, "-m", "hyokasho.cli", "ingest", str(root / "seed04_sapporo_r2_kokuho_pc.pdf"),
                    "--out", str(out)], check=True, capture_output=True)
    assert cache_path(out) != first  # a new dataset version gets a new index
    hits = Searcher(out).search("顔写真 なりすまし", 5)
    assert hits and hits[0].kind == "comment" and hits[0].source_file.endswith("seed04_sapporo_r2_kokuho_pc.pdf")


def test_cli_prints_document_page_snippet(dataset):
    _, out = dataset
    p = subprocess.run([sys.executable, "-m", "hyokasho.cli", "search", "クラウド 再委託", "--data", str(out),
                        "--limit", "3"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    first = p.stdout.splitlines()[0]
    assert re.search(r"seed0[04]_\S+\.pdf\s+p\.\d+\s+(utterance|comment) \d+", first)
    assert re.search(r"\[(クラウド|委託)\]", p.stdout)  # the matched words are marked
