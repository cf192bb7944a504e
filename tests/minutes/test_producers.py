"""The real samples' content rendered by another producer (Chromium: Type3 fonts, a quarter-em
gap after speaker labels, text re-flowed so a turn may run on after the previous one's last
sentence) and degraded at the PDF-object level: same truth as the samples."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extract.flow import TextLine, join_line
from extract.minutes import extract_minutes
from extract.minutes.roles import Roster
from extract.minutes.turns import split_run_on
from extract.pdf import Char, read_pdf_bytes
from extract.public_comment import extract_public_comment
from tests.pdfgen import degrade

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "producers"
MINUTES = ["seed00_kitakyushu_22_kokuho", "seed01_kitakyushu_15_juki", "seed02_izumi_h29_cloud"]


def norm(s) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s or "")))


def _expected(spec: str) -> dict:
    return json.loads((FIXTURES / f"{spec}.expected.json").read_text())


def check_meeting(ex, exp) -> None:
    m = ex.tables["meetings"][0]
    for k in ("body", "session_no", "audience_count", "subject"):
        assert norm(m[k]) == norm(exp[k]), k
    assert str(m["held_on"]) == exp["held_on"]
    got = {(norm(a["name"]), norm(a["title"])) for a in ex.tables["attendees"]}
    assert {(norm(a["name"]), norm(a["title"])) for a in exp["attendees"]} <= got
    us, want = ex.tables["utterances"], exp["utterances"]
    assert [norm(u["text"])[:12] for u in us] == [norm(w["text"])[:12] for w in want]
    assert [u["speaker_group"] for u in us] == [w["speaker_group"] for w in want]
    total = sum(len(norm(u["text"])) for u in us)
    assert abs(total - sum(w["chars"] for w in want)) <= 0.01 * sum(w["chars"] for w in want)


def check_comments(ex, exp) -> None:
    r = ex.tables["comment_rounds"][0]
    assert (str(r["period_start"]), str(r["period_end"]), r["submitters"], r["opinions"]) == (
        exp["period_start"],
        exp["period_end"],
        exp["submitters"],
        exp["opinions"],
    )
    rows = {c["no"]: c for c in ex.tables["comments"]}
    assert sorted(rows) == [w["no"] for w in exp["rows"]]
    for w in exp["rows"]:
        assert norm(rows[w["no"]]["opinion"]).startswith(norm(w["opinion"])[:12]), w["no"]
        assert norm(rows[w["no"]]["response"]).startswith(norm(w["response"])[:12]), w["no"]


@pytest.mark.parametrize("degradation", ["clean", "fake_bold", "kangxi", "spaced", "spaced_literal"])
@pytest.mark.parametrize("spec", MINUTES)
def test_chromium_minutes(spec, degradation):
    data = (FIXTURES / f"{spec}__chromium.pdf").read_bytes()
    if degradation != "clean":
        data = degrade.TRANSFORMS[degradation](data)
    check_meeting(extract_minutes(read_pdf_bytes(data, f"{spec}.pdf")), _expected(spec))


@pytest.mark.parametrize("degradation", ["clean", "spaced", "spaced_literal"])
def test_chromium_comments_header_row_mid_page(degradation):
    # Chromium paginates differently: rows 4–8 sit above the repeated header row on page 2
    spec = "seed04_sapporo_r2_kokuho_pc"
    data = (FIXTURES / f"{spec}__chromium.pdf").read_bytes()
    if degradation != "clean":
        data = degrade.TRANSFORMS[degradation](data)
    check_comments(extract_public_comment(read_pdf_bytes(data, f"{spec}.pdf")), _expected(spec))


def _chars(text: str, pitch: float, width: float, gaps: dict[int, float] | None = None) -> list[Char]:
    out, x = [], 10.0
    for i, ch in enumerate(text):
        out.append(Char(ch, x, 0.0, x + width, 9.0, 9.0, "f"))
        x += pitch + (gaps or {}).get(i, 0.0)
    return out


def test_join_line_relative_gaps():
    # Chromium: an ASCII space (a quarter em) between the label and the words
    assert join_line(_chars("委員契約書", 9.0, 9.0, {1: 2.3})) == "委員 契約書"
    # letter-spaced (every gap 0.5 em): no spaces, except the wider one
    assert join_line(_chars("令和5年12月", 13.5, 9.0)) == "令和5年12月"
    assert join_line(_chars("委員本日は", 13.5, 9.0, {1: 9.0})) == "委員 本日は"


def test_join_line_shortcuts_agree_with_the_gap_model():
    """join_line decides lines without a visible gap, and lines whose gaps are mostly zero,
    without the letter-spacing model: on every line of the Chromium renderings (a quarter-em
    gap after labels) and of the letter-spaced degradation, with and without tabs, the text is
    the model's (_join_modelled)."""
    from extract.flow import _join_modelled
    from extract.settings_context import current

    layout = current().layout
    narrow, wider = layout.gap_narrow, layout.gap_wide
    least = min(narrow, wider)
    seen = {"plain": 0, "gapped": 0}
    for spec in MINUTES:
        clean = (FIXTURES / f"{spec}__chromium.pdf").read_bytes()
        for data in (clean, degrade.spaced(clean)):
            for page in read_pdf_bytes(data, "t.pdf").pages:
                for ln in page.lines:
                    chars = [c for c in ln.chars if c.text.strip()]
                    if len(chars) < 2:
                        continue
                    for wide in (None, 0.6, 1.0):
                        got = join_line(ln.chars, wide)
                        assert got == _join_modelled(chars, wide, least, narrow, wider), got
                        seen["gapped" if " " in got or "\t" in got else "plain"] += 1
    assert seen["plain"] > 100 and seen["gapped"] > 100, seen


def test_split_run_on():
    line = lambda t: TextLine(1, t, (0, 0, 100, 10), ())  # noqa: E731
    got = split_run_on(
        [
            line("が必要となってくる。委員 契約書はどうなっているのか。"),
            line("説明を終了する。質疑応答"),
            line("委員の互選により、会長を選出した。委員会 は…"),
        ],
        Roster([]),
    )
    assert [g.text for g in got] == [
        "が必要となってくる。",
        "委員 契約書はどうなっているのか。",
        "説明を終了する。",
        "質疑応答",
        "委員の互選により、会長を選出した。委員会 は…",
    ]


def test_department_label_glued_where_printed_with_gap_elsewhere():
    from extract.minutes.turns import split_turns

    line = lambda t: TextLine(1, t, (0, 0, 100, 10), ())  # noqa: E731
    proc = split_turns(
        [
            line("委員 システムとは何か。"),
            line("IT政策担当 住民記録のソフトウェアである。"),
            line("委員 クラウドとは何か。"),
            line("IT政策担当外部の事業者の設備に保管することである。"),
        ],
        Roster([]),
    )
    assert [(t.speaker, t.text) for t in proc.turns][-1] == ("IT政策担当", "外部の事業者の設備に保管することである。")
