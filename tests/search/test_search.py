"""Search that means what it says: known-answer queries on generated PDFs of a fictional body.

The public-comment result below is written so that each query has one right answer: which
opinions contain the words (AND / OR / phrase), and which of them must rank first.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hyokasho.search import Searcher, cache_path, tokenize
from tests.pdfgen.fictional import fictional_body

OPINIONS = {
    "A": (
        "特定個人情報が漏えいした場合の対応を明らかにしてほしい。",
        "漏洩時は直ちに報告を受け、被害の拡大を防止します。",
    ),
    "B": ("再評価の時期を教えてほしい。", "5年ごとに再評価を実施します。"),
    "C": ("再委託先の監督はどのように行うのか。", "委託先を通じて再委託先を監督します。"),
    "D": ("マイナンバーカードの取扱いについて知りたい。", "個人番号カードは厳重に管理します。"),
    "E": ("ＩＣカード認証とは何か。", "ICカードによる認証で操作者を確認します。"),
    "F": ("クラウドに保管する情報は暗号化されるのか。", "クラウド事業者との契約で暗号化を義務付けています。"),
    "G": ("クラウドの事業者へ再委託することはあるのか。", "再委託は書面による承諾を条件とします。"),
    "H": (
        "職員の研修、システムの操作記録の保存、入退室の管理、端末の持ち出しの禁止、記録媒体の廃棄の手順、"
        "外部からの不正なアクセスへの対策について、漏えいを防ぐ観点からそれぞれ具体的に示してほしい。",
        "研修は年1回、操作記録は5年間保存し、入退室は生体情報ではなくICカードで管理しています。",
    ),
    "I": ("東京都の事例を参考にしたか。", "参考にしました。"),
}
NO = {k: i for i, k in enumerate(OPINIONS, 1)}  # the comment's No. in the result table
CONTRACTOR = "架空データサービス株式会社"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    from tests.pdfgen.fixtures import generate

    root = tmp_path_factory.mktemp("search")
    pc, _ = generate(
        "public_comment", municipality="架空市", opinions=list(OPINIONS.values()), dept="架空市保健福祉局保険年金課"
    )
    (root / "kakushi_comments.pdf").write_bytes(pc)
    from tests.pdfgen.forms_assessment import default_spec
    from tests.versions.specs import NEW_ENTRUSTMENT, THIRD_SYSTEM

    base = default_spec()
    zen, _ = generate(
        "zenkomoku",
        **fictional_body(),
        systems=base["systems"] + [THIRD_SYSTEM],
        entrustments=base["entrustments"] + [dict(NEW_ENTRUSTMENT, contractor=CONTRACTOR)],
    )
    (root / "kakushi_zenkomoku.pdf").write_bytes(zen)
    out = root / "out"
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "ingest",
            str(root / "kakushi_comments.pdf"),
            "--out",
            str(out),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    return root, out


def comments(out, query, **kw) -> list[str]:
    """The opinions (A…I) a query returns, best first."""
    by_no = {str(v): k for k, v in NO.items()}
    hits = Searcher(out).run(query, 50, **kw).hits
    assert all(h.kind == "comment" for h in hits), [h.kind for h in hits]
    return [by_no[h.ref] for h in hits]


def test_tokenize_folds_first():
    assert tokenize("クラウド事業者に再委託する。") == ["クラウド", "事業", "者", "に", "再", "委託", "する"]
    assert tokenize("漏えい") == tokenize("漏洩")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("再委託", {"C", "G"}),  # not B: 再評価 starts with 再 but is not 再委託
        ("再", {"B", "C", "G"}),
        ("漏洩", {"A", "H"}),
        ("漏えい", {"A", "H"}),
        ("マイナンバー", {"D"}),
        ("個人番号カード", {"D"}),
        ("ICカード", {"E", "H"}),
        ("ＩＣカード", {"E", "H"}),
        ("京都", set()),  # 東京都 is 東京 + 都
        ("クラウド 再委託", {"G"}),  # AND
        ("クラウド OR 再委託", {"C", "F", "G"}),
        ('"再委託先の監督"', {"C"}),
        ("再委託先 監督", {"C"}),
        ("取り扱い", {"D"}),  # 取扱い
    ],
)
def test_known_answers(dataset, query, expected):
    _, out = dataset
    assert set(comments(out, query)) == expected


def test_ranking(dataset):
    _, out = dataset
    # A: 漏えい and 漏洩 in one short comment; H: once in a long one
    assert comments(out, "漏洩") == ["A", "H"]
    # the comment with both words outranks those with one
    assert comments(out, "クラウド 再委託", any_word=True)[0] == "G"
    assert comments(out, "クラウド OR 再委託")[0] == "G"
    # the rarer word counts more: 再委託 (2 comments) vs クラウド (2) vs 監督 (1)
    assert comments(out, "監督 OR クラウド")[0] == "C"


def test_a_word_that_matched_nothing_is_named(dataset):
    _, out = dataset
    r = Searcher(out).run("生体認証", 10)
    assert r.hits == [] and r.matched == {"生体認証": 0}
    r = Searcher(out).run("生体認証 ICカード", 10, any_word=True)
    assert {h.ref for h in r.hits} == {str(NO["E"]), str(NO["H"])} and r.matched["生体認証"] == 0
    p = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "search", "ICカード 生体認証", "--data", str(out)],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 1 and "note: 生体認証 matched nothing" in p.stderr
    assert "ICカード: 2" in p.stderr


def test_contractors_systems_and_fields_are_searched(dataset):
    root, out = dataset
    subprocess.run(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "ingest",
            str(root / "kakushi_zenkomoku.pdf"),
            "--out",
            str(out),
            "--no-progress",
        ],
        check=True,
        capture_output=True,
    )
    s = Searcher(out)
    [hit] = s.run("架空データサービス", 10).hits
    assert (hit.kind, hit.ref) == ("entrustment", "1.itaku2") and CONTRACTOR in hit.text and hit.page
    hits = s.run("団体内統合宛名システム", 10).hits
    assert ("system", "sys3") in {(h.kind, h.ref) for h in hits}
    hits = s.run("架空市保健福祉局保険年金課", 10, kinds=["field"]).hits
    assert hits and {h.kind for h in hits} == {"field"} and {h.ref for h in hits} == {"I.7.1", "1:II.2.6", "V.2.1"}
    # a selection is the form's own wording: not indexed as a field
    assert not s.run("委託する", 10, kinds=["field"]).hits


def test_index_follows_reingest(dataset):
    _, out = dataset
    first = cache_path(out)
    Searcher(out).run("クラウド", 1)
    assert first.is_file()
    # the zenkomoku ingest of the test above or a fresh one: either way a new version, a new index
    from tests.pdfgen.fixtures import generate

    pdf, _ = generate(
        "public_comment", municipality="架空市", opinions=[("生体認証を導入するのか。", "導入しません。")]
    )
    extra = out.parent / "kakushi_comments_2.pdf"
    extra.write_bytes(pdf)
    subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "ingest", str(extra), "--out", str(out), "--no-progress"],
        check=True,
        capture_output=True,
    )
    assert cache_path(out) != first
    hits = Searcher(out).run("生体認証", 5).hits
    assert [h.source_file.endswith("kakushi_comments_2.pdf") for h in hits] == [True]


def test_cli_formats(dataset):
    _, out = dataset
    text = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "search", "再委託", "--data", str(out)], capture_output=True, text=True
    )
    assert text.returncode == 0, text.stderr
    first = text.stdout.splitlines()[0]
    assert "kakushi_comments.pdf" in first and " comment " in first and "p." in first
    assert "[再委託]" in text.stdout and "[再]評価" not in text.stdout
    js = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "search", "漏洩", "--data", str(out), "--format", "json"],
        capture_output=True,
        text=True,
    )
    rows = json.loads(js.stdout)
    assert [r["rank"] for r in rows] == [1, 2] and rows[0]["kind"] == "comment" and "漏えい" in rows[0]["text"]
    csv = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "search", "漏洩", "--data", str(out), "--format", "csv"],
        capture_output=True,
        text=True,
    )
    assert csv.stdout.splitlines()[0] == "rank,score,kind,source_file,page,ref,doc_type,municipality_name,doc_id,text"
    bad = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "search", "、。", "--data", str(out)], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "no words to look for" in bad.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "search", "x", "--kind", "nope", "--data", str(out)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "unknown kind" in bad.stderr


def test_snippet_marks_the_printed_spelling(dataset):
    _, out = dataset
    r = Searcher(out).run("漏洩", 1)
    s = r.hits[0].snippet(r.query.clauses)
    assert "[漏えい]" in s and "[漏洩]" in s
