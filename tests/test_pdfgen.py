"""The PDF generator does what tests/pdfgen/README.md says, checked by reading the PDFs back."""

from __future__ import annotations

import re
import unicodedata

import pymupdf
import pytest

from tests.pdfgen.common import count_range, wareki
from tests.pdfgen.fixtures import generate
from tests.pdfgen.messy import KANGXI, MARK_GLYPHS, Messy
from tests.pdfgen.render import CHECKED, UNCHECKED, Cell, Decor, Document, Para, Table, render
from tests.samples import expected

LONG = "\n".join(f"L{i:02d} 特定個人情報の入手" for i in range(1, 11))


def small_doc(text=f"{CHECKED} 専用線　{UNCHECKED} 電子メール", long=LONG, reps=1):
    rows = [
        [Cell("1. 特定個人情報ファイルを取り扱う事務", role="head", colspan=3)],
        [Cell("①事務の名称", role="label"), Cell("国民健康保険に関する事務の方法", colspan=2)],
        [Cell("④提供方法", role="label"), Cell(text, colspan=2)],
        [Cell("②事務の内容", role="label"), Cell(long, colspan=2)],
    ] * reps
    return Document(
        [Para("特定個人情報保護評価書", size=14, align="center"), Table([3, 4, 3], rows)],
        decor=[Decor("ページ {page} / {pages}"), Decor("[令和6年10月 様式2]", "top-right", pages="first")],
    )


def same_look(a: bytes, b: bytes, page=0) -> bool:
    """pages rendered alike (runs split differently may move a glyph by a sub-pixel)"""
    pa = pymupdf.open("pdf", a)[page].get_pixmap(dpi=50, colorspace=pymupdf.csGRAY).samples
    pb = pymupdf.open("pdf", b)[page].get_pixmap(dpi=50, colorspace=pymupdf.csGRAY).samples
    return len(pa) == len(pb) and sum(abs(x - y) > 64 for x, y in zip(pa, pb)) < 0.002 * len(pa)


def text_of(pdf: bytes) -> str:
    return "".join(p.get_text() for p in pymupdf.open("pdf", pdf))


def squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def test_clean_render_text_fonts_and_decor():
    pdf = render(small_doc())
    doc = pymupdf.open("pdf", pdf)
    t = doc[0].get_text()
    assert "国民健康保険に関する事務の方法" in t and "ページ 1 / 1" in t and "[令和6年10月 様式2]" in t
    assert "[ ○ ] 専用線" in t and "[ ] 電子メール" in t
    fonts = doc[0].get_fonts()
    assert fonts and all(f[1] == "ttf" for f in fonts)  # embedded TrueType, no system font needed
    assert len(pdf) < 60_000  # subset, not the whole 3.5 MB font


def test_deterministic():
    assert render(small_doc(), Messy(kangxi=0.5, seed=3)) == render(small_doc(), Messy(kangxi=0.5, seed=3))
    a, _ = generate("zenkomoku")
    b, _ = generate("zenkomoku")
    assert a == b


def test_rules_lines_vs_rects_and_grey_fill():
    for rules, op in (("lines", "l"), ("rects", "re")):
        dr = pymupdf.open("pdf", render(small_doc(), Messy(rules=rules)))[0].get_drawings()
        strokes = [d for d in dr if d["type"] == "s"]
        assert strokes and all(it[0] == op for d in strokes for it in d["items"])
        fills = [d for d in dr if d["type"] == "f"]
        assert any(abs(d["fill"][0] - 0.85) < 0.01 for d in fills)  # grey head row
        assert any(abs(d["fill"][0] - 0.93) < 0.01 for d in fills)  # grey label cells


def test_fake_bold_doubles_every_glyph():
    pdf = render(small_doc(), Messy(fake_bold=True))
    page = pymupdf.open("pdf", pdf)[0]
    chars = [chr(c[0]) for span in page.get_texttrace() for c in span["chars"]]
    s = "".join(chars)
    assert "国国民民健健康康" in s
    # MuPDF's own extraction merges copies closer than ~1pt; a wider offset survives get_text
    wide = pymupdf.open("pdf", render(small_doc(), Messy(fake_bold=1.2)))[0].get_text()
    assert "国国" in wide.replace("\n", "")


def test_kangxi_text_layer_differs_page_looks_same():
    clean, kx = render(small_doc()), render(small_doc(), Messy(kangxi=True))
    t = text_of(kx)
    assert "⽅" in t and "⼊" in t and "方" not in t  # U+2F45 for 方, U+2F0A for 入
    assert any(c in t for c in "⼀⻑⾏") or "⽅法" in t
    assert same_look(clean, kx)  # a reader sees the same page
    assert unicodedata.normalize("NFKC", KANGXI["方"]) == "方" and KANGXI["長"] == "⻑"


def test_spaced_one_text_op_per_char():
    page = pymupdf.open("pdf", render(small_doc(), Messy(spaced=True)))[0]
    spans = [s for s in page.get_texttrace() if s["chars"]]
    assert all(len(s["chars"]) == 1 for s in spans)
    lit = text_of(render(small_doc(), Messy(spaced="literal")))
    assert "国 民 健 康" in lit


@pytest.mark.parametrize("mark", [m for m in MARK_GLYPHS if m != "vector"])
@pytest.mark.parametrize("brackets", ["[]", "［］", "【】"])
def test_mark_glyphs(mark, brackets):
    t = text_of(render(small_doc(), Messy(mark=mark, brackets=brackets)))
    if mark == "☑":
        assert "☑ 専用線" in t and "☐ 電子メール" in t
    else:
        assert f"{brackets[0]} {mark} {brackets[1]} 専用線" in t and f"{brackets[0]} {brackets[1]} 電子メール" in t


def test_vector_marks_have_no_glyph():
    pdf = render(small_doc(), Messy(mark="vector"))
    page = pymupdf.open("pdf", pdf)[0]
    t = [ln for ln in page.get_text().splitlines() if "専用線" in ln][0]
    assert not any(m in t for m in "○〇◯●✓✔☑■[")
    dr = page.get_drawings()
    boxes = [d for d in dr if d["type"] == "s" and d["rect"].width < 10 and d["items"][0][0] == "re"]
    dots = [d for d in dr if d["type"] == "f" and d["rect"].width < 6]
    assert len(boxes) == 2 and len(dots) == 1  # two boxes, one filled (checked)
    assert boxes[0]["rect"].contains(dots[0]["rect"]) or boxes[1]["rect"].contains(dots[0]["rect"])


def test_image_only_has_no_text():
    pdf = render(small_doc(), Messy(image_only=True, image_dpi=60))
    doc = pymupdf.open("pdf", pdf)
    assert all(not p.get_text().strip() for p in doc)
    assert all(p.get_images() for p in doc)


@pytest.mark.parametrize("mode", [True, "garbage", "fffd"])
def test_no_tounicode_breaks_extraction(mode):
    pdf = render(small_doc(), Messy(no_tounicode=mode))
    t = text_of(pdf)
    assert "国民健康保険" not in t and "事務" not in t
    doc = pymupdf.open("pdf", pdf)
    tus = [
        doc.xref_get_key(x, "ToUnicode")
        for x in range(1, doc.xref_length())
        if doc.xref_get_key(x, "Subtype") == ("name", "/Type0")
    ]
    if mode is True:
        assert all(k == ("null", "null") for k in tus)
    if mode == "fffd":  # MuPDF treats U+FFFD entries as unmapped and falls back to raw CIDs
        assert "\ufffd" in t or sum(ord(c) < 0x3000 for c in t if not c.isspace()) > len(t) // 3
    # the page still looks right
    assert same_look(render(small_doc()), pdf)


def test_split_rows_puts_one_cell_on_two_pages():
    doc = pymupdf.open("pdf", render(small_doc(), Messy(split_rows=True)))
    assert len(doc) >= 2
    p1, p2 = doc[0].get_text(), doc[1].get_text()
    assert "L01" in p1 and "L10" in p2 and "L10" not in p1
    # the continuation has its own borders at the top of page 2
    assert any(d["type"] == "s" for d in doc[1].get_drawings())


def test_tall_rows_split_naturally_with_repeated_header():
    long = "\n".join(f"行{i:03d}" for i in range(120))
    d = Document(
        [
            Table(
                [1, 3],
                [[Cell("No.", role="label"), Cell("意見", role="label")], [Cell("1"), Cell(long)]],
                header_rows=1,
            )
        ]
    )
    doc = pymupdf.open("pdf", render(d))
    assert len(doc) == 2 and "行000" in doc[0].get_text() and "行119" in doc[1].get_text()
    assert doc[1].get_text().startswith("No.")


def test_helpers():
    assert wareki("2024-01-19") == "令和6年1月19日" and wareki("2019-05-01") == "令和元年5月1日"
    assert wareki("2016-04-01") == "平成28年4月1日"
    assert count_range("1万人以上10万人未満") == (10000, 100000)
    assert count_range("1,000人未満(任意実施)") == (0, 1000) and count_range("30万人以上") == (300000, None)
    assert count_range("100項目以上") == (100, None)


# ------------------------------------------------------------------ templates vs samples/truth


def _sample(name):
    return expected(name)


def test_kiso_keys_match_real_sample():
    want = _sample("kitakyushu_kokuho_kiso__calc")
    _, truth = generate("kiso")
    for table in ("fields", "choices", "checks", "risk_measures"):
        got = {(r["file_no"], r["key"], r.get("option")) for r in truth[table]}
        exp = {(r["file_no"], r["key"], r.get("option")) for r in want[table]}
        if table == "fields":
            exp = {k for k in exp if k[1] != "cover.公表日"}
        assert exp <= got, (table, exp - got)
    assert truth["document"]["form_label"] == "[令和6年10月 様式2]"


def test_zenkomoku_keys_are_real_keys():
    want = _sample("kitakyushu_kokuho_zenkomoku__calc")
    _, truth = generate("zenkomoku")
    norm = lambda k: re.sub(r"(sys|itaku|teikyo|iten|risk)\d+", r"\1N", k)  # noqa: E731
    for table in ("fields", "choices", "checks"):
        real = {norm(r["key"]) for r in want[table]}
        ours = {norm(r["key"]) for r in truth[table]}
        assert len(ours & real) / len(ours) > 0.9, (table, ours - real)


@pytest.mark.parametrize("kind", ["kiso", "juten", "zenkomoku"])
def test_assessment_truth_is_printed(kind):
    pdf, truth = generate(kind, population=4 if kind == "juten" else 5)
    text = squash(text_of(pdf))
    assert (
        f"特定個人情報保護評価書({ {'kiso': '基礎項目評価書', 'juten': '重点項目評価書', 'zenkomoku': '全項目評価書'}[kind] })".replace(
            " ", ""
        )
        in text.replace("{", "").replace("}", "")
    )
    missing = [f["key"] for f in truth["fields"] if squash(f["value"] or "") not in text]
    assert not missing
    for c in truth["choices"]:
        if c["index"]:
            assert squash(f"[{c['selected']}]") in text
    assert truth["document"]["doc_type"] == kind


def test_assessment_spec_variation():
    spec = dict(
        organization="札幌市長",
        municipality="札幌市",
        prefecture="北海道",
        code="011002",
        entrustments=[
            {
                "title": "税務システム保守",
                "content": "保守",
                "scope": 2,
                "handlers": 3,
                "contractor": "(株)日立システムズ",
                "subcontract": True,
                "subcontract_items": "データ入力",
            }
        ],
        risk={"III.4.リスクへの対策は十分か": 3},
        changes=[{"date": "2019-05-01", "item": "I-1", "before": "a", "after": "b", "timing": "事後", "note": ""}],
    )
    pdf, truth = generate("zenkomoku", **spec)
    e = truth["entrustments"][0]
    assert e["contractor"] == "(株)日立システムズ" and e["subcontract"] and e["handler_min"] == 50
    rm = [r for r in truth["risk_measures"] if r["key"] == "III.4.リスクへの対策は十分か"][0]
    assert rm["assessment"] == "課題が残されている"
    assert truth["changes"][0]["changed_on"] == "2019-05-01"
    t = text_of(pdf)
    assert "令和元年5月1日" in t and "札幌市長" in t and "[ 課題が残されている ]" in t


@pytest.mark.parametrize(
    "layout,style",
    [("kitakyushu", s) for s in ("paren", "paren_inline", "maru", "kakko", "named")]
    + [("izumi", s) for s in ("lead", "colon")],
)
def test_minutes_truth_is_printed(layout, style, make_pdf):
    path, truth = make_pdf("minutes", layout=layout, speaker_style=style)
    text = squash(text_of(path.read_bytes()))
    assert all(squash(u["text"]) in text for u in truth["utterances"])
    # a narrative row (a paragraph printed without a speaker, e.g. the 結論) has no label
    assert all(
        squash(u["speaker_raw"]) in text if u["speaker_raw"] is not None else u["speaker_group"] == "narrative"
        for u in truth["utterances"]
    )
    assert truth["utterance_count"] == len(truth["utterances"]) >= 5
    assert (
        path.with_suffix("").with_suffix(".expected.json").exists()
        or (path.parent / f"{path.stem}.expected.json").exists()
    )


def test_public_comment_rows_and_zero_round():
    pdf, truth = generate("public_comment", repeat=5)
    doc = pymupdf.open("pdf", pdf)
    assert len(doc) >= 3 and truth["opinions"] == 30
    assert all(p.get_text().lstrip().startswith("No.") for p in doc[2:])  # header row repeated
    text = squash(text_of(pdf))
    assert all(squash(r["opinion"]) in text for r in truth["rows"])
    pdf0, t0 = generate("public_comment", opinions=[], by_channel={"郵送": 0, "持参": 0, "FAX": 0, "電子メール": 0})
    assert t0["opinions"] == 0 and "意見はありませんでした" in text_of(pdf0)


def test_all_flags_combine(make_pdf):
    m = Messy(fake_bold=True, kangxi=True, mark="●", brackets="【】", rules="rects", split_rows=True)
    path, truth = make_pdf("zenkomoku", messy=m)
    t = text_of(path.read_bytes())
    assert "【 ● 】" in t and "⽅" in t
