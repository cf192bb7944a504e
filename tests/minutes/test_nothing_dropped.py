"""Words printed between or instead of the turns that are no record (a heading, a title, a list)
were dropped before 0.3.2: a list of 届出 names, the 会議録署名人 named under their heading. Each
case through the PDF rendered from a real fixture (tests/fixtures/real/minutes/<id>.json), in
its own layout and the alternative one: the words are a row or the section of the rows after them,
and nothing already in the meeting row (a header printed again, an agenda item) is repeated."""

from __future__ import annotations

from tests.minutes.test_generalise3 import LAYOUTS, norm, run


def texts(ex) -> list[str]:
    return [norm(r["text"]) for r in ex.tables["utterances"]]


@LAYOUTS
def test_names_under_their_heading_are_kept(alternative):
    """杉戸町: `(3)会議録署名人の指名` / `廣井委員、元木委員` — a list, not a heading."""
    ex = run("sugito_h291010", alternative)
    rows = [r for r in ex.tables["utterances"] if norm(r["text"]) == "廣井委員、元木委員"]
    assert len(rows) == 1
    assert rows[0]["speaker"] is None and rows[0]["speaker_group"] == "narrative"
    assert "会議録署名人" in norm(rows[0]["section"])


def test_a_list_in_a_second_header_is_kept():
    """小金井市: the second header's 3 内容 lists the 届出 names (①職員共済組合業務 …) under the
    agenda's (2); the agenda row names only (2) itself, so the list is a narrative row."""
    ex = run("koganei_h2801", False)
    got = texts(ex)
    assert any(t.startswith("1職員共済組合業務") and "人事評価業務" in t for t in got)
    assert any(t.startswith("諮問第1号職員ストレスチェック委託について") for t in got)
    # the second header's title, date and venue are the meeting row's: no rows of their own
    assert not any("平成28年5月27日" in t or t.endswith("会議録") or t.startswith("1日時") for t in got)


@LAYOUTS
def test_a_heading_heads_the_rows_after_it(alternative):
    """佐倉市: `1審議` above `(1)オンライン結合…` heads headings only; 岐阜県: `審議概要` is a
    section word. Neither is a row."""
    for fid, word in (("sakura_h23_2", "1審議"), ("gifu_r030125", "審議概要")):
        ex = run(fid, alternative)
        assert word not in texts(ex), fid


def test_header_printed_again_is_no_row():
    """東京都: title, date and venue printed above the first turn are the meeting row's."""
    ex = run("tokyo_30", False)
    got = texts(ex)
    assert not any(t.startswith(("第30回東京都", "平成18年2月7日", "東京都庁第一本庁舎")) for t in got)
    assert ex.tables["meetings"][0]["held_on"].isoformat() == "2006-02-07"
