"""`hyokasho export --format sqlite` browsed in a real Datasette server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from hyokasho.export import ExportOptions, export
from models.schema import TABLES
from tests.pdfgen.fictional import fictional_body
from tests.queries.factory import assessment, build

SERVER_START_S = 60  # the first start imports a lot on a busy machine; the loop below is bounded by it


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from tests.pdfgen.fixtures import generate

    root = tmp_path_factory.mktemp("site")
    pdf, _ = generate("kiso", **fictional_body())
    (root / "kakushi_kiso.pdf").write_bytes(pdf)
    data = root / "ds"
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "hyokasho.cli",
            "ingest",
            str(root / "kakushi_kiso.pdf"),
            "--out",
            str(data),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    # two more bodies (fictional, rows written with the dataset writer) in two prefectures
    build(
        data,
        [
            assessment(
                "e" * 64,
                "zenkomoku",
                code="019992",
                name="架空町",
                pref="北海道",
                jimu="住民基本台帳に関する事務",
                published_on=date(2024, 4, 1),
                entrustments=[
                    {"item_no": 1, "contractor": "架空データサービス株式会社", "subcontract": True, "page": 6}
                ],
            ),
            assessment("f" * 64, "kiso", code=None, name="架空村", pref="北海道", jimu="介護保険に関する事務"),
        ],
    )
    export(data, root / "site", ExportOptions(fmt="sqlite"))
    return root / "site"


def test_database_and_metadata(site):
    assert sorted(p.name for p in site.iterdir()) == [
        "data_dictionary.md",
        "hyokasho.db",
        "manifest.json",
        "metadata.json",
    ]
    db = sqlite3.connect(site / "hyokasho.db")
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= set(TABLES)
    code, pub, pref = db.execute(
        "SELECT municipality_code, published_on, prefecture FROM assessments WHERE doc_id = ?", ["e" * 64]
    ).fetchone()
    assert (code, pub, pref) == ("019992", "2024-04-01", "北海道")
    key, page, where, doc_type = db.execute(
        "SELECT key, page, source_page, doc_type FROM fields WHERE key = 'I.5.1'"
    ).fetchone()
    assert where.endswith(f"kakushi_kiso.pdf#page={page}") and doc_type == "kiso"
    assert db.execute("SELECT subcontract FROM entrustments").fetchone() == (1,)
    fk = db.execute("PRAGMA foreign_key_list(fields)").fetchall()
    assert [(r[2], r[3], r[4]) for r in fk] == [("documents", "doc_id", "doc_id")]
    meta = json.loads((site / "metadata.json").read_text())
    t = meta["databases"]["hyokasho"]["tables"]
    assert t["assessments"]["facets"] == ["prefecture", "jimu", "doc_type"]
    assert t["fields"]["columns"]["value"] == "value cell text" and t["documents"]["label_column"] == "source_file"
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["tables"]["fields"]["file"] == "hyokasho.db" and "metadata.json" in manifest["files"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(site):
    port = _free_port()
    datasette = Path(sys.executable).with_name("datasette")
    proc = subprocess.Popen(
        [
            str(datasette),
            "serve",
            str(site / "hyokasho.db"),
            "--metadata",
            str(site / "metadata.json"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_S
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
                    pytest.fail(f"datasette did not start on {base}: {out[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=20) as r:
        assert r.status == 200
        return r.read()


def test_table_page(server):
    html = get(server + "/hyokasho/entrustments").decode()
    assert "委託事項N blocks: one row per entrustment" in html  # the table's description
    assert "⑥委託先名" in html  # a column's description
    assert "架空データサービス株式会社" in html


def test_facet(server):
    data = json.loads(get(server + "/hyokasho/assessments.json?_size=0"))
    facets = data["facet_results"]
    pref = {r["value"]: r["count"] for r in facets["prefecture"]["results"]}
    assert pref == {"北海道": 2}
    jimu = {r["value"]: r["count"] for r in facets["jimu"]["results"]}
    assert jimu == {"国民健康保険に関する事務": 1, "住民基本台帳に関する事務": 1, "介護保険に関する事務": 1}
    assert {r["value"] for r in facets["doc_type"]["results"]} == {"kiso", "zenkomoku"}


def test_json_api_with_labels(server):
    q = urllib.parse.urlencode({"_shape": "array", "_labels": "on", "key": "I.5.1"})
    [row] = json.loads(get(f"{server}/hyokasho/fields.json?{q}"))
    assert row["value"] == "架空市保健福祉局保険年金課"
    assert row["doc_id"]["label"].endswith("kakushi_kiso.pdf")  # the document's label: its file
    assert row["source_page"].endswith(f"#page={row['page']}")
    q = urllib.parse.urlencode({"_shape": "array", "municipality_code": "019992"})
    [a] = json.loads(get(f"{server}/hyokasho/assessments.json?{q}"))
    assert a["municipality_name"] == "架空町"
