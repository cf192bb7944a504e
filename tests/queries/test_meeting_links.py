"""Links that hold: meetings and comment rounds find their assessment through the committee's
name or the folder's source list (hyokasho-sources.csv), once per form, the right version.

Every document is generated (fictional bodies 架空市 and 架空町) and ingested with the CLI.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.pdfgen.fictional import fictional_body
from tests.queries.factory import query

JIMU = "国民健康保険に関する事務"


def ingest(*paths, out):
    p = subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "ingest", *map(str, paths), "--out", str(out), "--no-progress"],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    return p


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from tests.pdfgen.fixtures import generate

    root = tmp_path_factory.mktemp("links")
    inbox = root / "inbox"
    inbox.mkdir()
    docs = {
        # 架空市: two 基礎 versions, one before and one after its review meeting
        "shi_kiso_2023.pdf": generate("kiso", **fictional_body("架空市"), published_on="2023-04-01", jimu=JIMU)[0],
        "shi_kiso_2025.pdf": generate("kiso", **fictional_body("架空市"), published_on="2025-04-01", jimu=JIMU)[0],
        "shi_zen_2025.pdf": generate("zenkomoku", **fictional_body("架空市"), published_on="2025-04-01", jimu=JIMU)[0],
        # its committee names the body only in its own name; the minutes print no municipality
        "shi_minutes_2024.pdf": generate(
            "minutes",
            layout="izumi",
            speaker_style="lead",
            municipality="架空市",
            body="架空市個人情報保護審査会",
            held_on="2024-06-01",
            subject=JIMU,
            venue="架空市役所会議室",
        )[0],
        # 架空町: minutes that name no body at all; the source list says whose they are
        "cho_kiso.pdf": generate("kiso", **fictional_body("架空町"), published_on="2024-10-01", jimu=JIMU)[0],
        "cho_minutes.pdf": generate(
            "minutes",
            layout="kitakyushu",
            municipality="架空町",
            body="架空町個人情報保護審査会",
            held_on="2024-09-01",
            subject=JIMU,
        )[0],
    }
    for name, pdf in docs.items():
        (inbox / name).write_bytes(pdf)
    (inbox / "hyokasho-sources.csv").write_text(
        "file,municipality,source_url\n"
        "cho_minutes.pdf,架空町,https://example.invalid/kakuu-cho/minutes.pdf\n"
        "cho_kiso.pdf,架空町,\n"
        "missing.pdf,架空町,\n",
        encoding="utf-8",
    )
    return root, inbox


@pytest.fixture(scope="module")
def dataset(folder):
    root, inbox = folder
    out = root / "ds"
    p = ingest(inbox, out=out)
    assert "hyokasho-sources.csv" not in p.stderr  # read, not reported as a skipped non-PDF
    return out


def links(out):
    return {r["source_file"].rsplit("/", 1)[1]: r for r in query(out, "meeting_links")}


def test_committee_names_the_body(dataset):
    row = links(dataset)["shi_minutes_2024.pdf"]
    assert row["linked"] and row["municipality_from"] == "committee" and row["municipality_name"] == "架空市"
    assert row["assessment_types"] == "kiso+zenkomoku"
    # of the two 基礎 versions, the one assessed after the meeting (the review comes first)
    assert [f.rsplit("/", 1)[1] for f in row["assessment_files"]] == ["shi_kiso_2025.pdf", "shi_zen_2025.pdf"]


def test_source_list_names_the_body(dataset):
    row = links(dataset)["cho_minutes.pdf"]
    assert row["linked"] and row["municipality_from"] == "source list" and row["municipality_name"] == "架空町"
    assert [f.rsplit("/", 1)[1] for f in row["assessment_files"]] == ["cho_kiso.pdf"]
    from hyokasho.query import connect, run

    cols, rows = run(
        connect(dataset),
        "SELECT source_file, municipality_name, source_url, listed_in FROM sources ORDER BY source_file",
    )
    got = [dict(zip(cols, r)) for r in rows]
    assert [r["source_file"].rsplit("/", 1)[1] for r in got] == ["cho_kiso.pdf", "cho_minutes.pdf"]
    assert got[1]["source_url"] == "https://example.invalid/kakuu-cho/minutes.pdf"
    assert got[1]["listed_in"].endswith("hyokasho-sources.csv")


def test_one_row_per_event_and_one_link_per_form(dataset):
    rows = query(dataset, "meeting_links")
    assert len(rows) == len({r["source_file"] for r in rows}) == 2
    from hyokasho.query import connect, load_sql, run

    con = connect(dataset)
    con.execute(load_sql("meeting_links.sql"))  # defines the view meeting_links
    _, per_form = run(con, "SELECT doc_id, assessment_type, count(*) FROM meeting_links GROUP BY ALL")
    assert per_form and all(n == 1 for _, _, n in per_form)


def test_a_changed_source_list_replaces_the_row(folder, dataset, tmp_path):
    root, inbox = folder
    out = tmp_path / "ds"
    ingest(inbox, out=out)
    csv = inbox / "hyokasho-sources.csv"
    before = csv.read_text(encoding="utf-8")
    try:
        csv.write_text(
            "file,municipality,source_url\ncho_minutes.pdf,401005,https://example.invalid/b.pdf\n"
            "cho_kiso.pdf,no such town,\n",
            encoding="utf-8",
        )
        p = ingest(inbox, out=out)
        assert "2 extracted" in p.stderr  # only the two listed files are read again
        assert "no such town" in p.stderr and "not a known municipality" in p.stderr
        from hyokasho.query import connect, run

        _, rows = run(
            connect(out),
            "SELECT regexp_extract(source_file, '[^/]+$'), municipality_code, "
            "municipality_name, source_url FROM sources ORDER BY 1",
        )
        assert rows == [
            ("cho_kiso.pdf", None, "no such town", None),
            ("cho_minutes.pdf", "401005", "北九州市", "https://example.invalid/b.pdf"),
        ]
        csv.write_text("file,municipality,source_url\n", encoding="utf-8")
        p = ingest(inbox, out=out)
        assert "2 extracted" in p.stderr
        _, rows = run(connect(out), "SELECT count(*) FROM sources")
        assert rows == [(0,)]
        p = ingest(inbox, out=out)
        assert "0 extracted" in p.stderr  # and nothing more once they agree
    finally:
        csv.write_text(before, encoding="utf-8")
