"""Render the real-text 評価書 fixtures (tests/fixtures/real/assessments/<id>.json) to PDF.

A spec rebuilds a published filing the way the body printed it: the texts are the body's own
(as stored, see the manifest for what the stored conversion lost), the table structure comes
from the official form's numbering (I-1-① …) because converted texts lose it.  Two styles:

* ``excel`` — the official Excel 様式 printed from a spreadsheet: ruled with line segments,
  grey label and heading cells, a 4-column grid (group | label | value | ＜選択肢＞), the
  ``[ 選択 ]`` bracket in the value column beside its ＜選択肢＞ list;
* ``word`` — the same form retyped as a word-processor table: one rectangle per cell, a
  2-column grid (label | value), the ＜選択肢＞ list under the bracket in the value cell.

Spec format (JSON)::

    {"id": "...", "form": "kiso|juten|zenkomoku", "style": "excel|word",
     "decor": [{"text": "{page} / 72", "where": "bottom-center", "pages": "all", "line": 0}],
     "blocks": [
        {"title": "特定個人情報保護評価書(基礎項目評価書)"},
        {"cover": {"no": "31000", "name": "国民年金に関する事務 基礎項目評価書"}},
        {"cover_rows": [["個人のプライバシー等の権利利益の保護の宣言", "扶桑町は、…", "stack"],
                        ["評価実施機関名", "愛知県 扶桑町長", "stack"]]},
        {"marker": "[平成26年4月 様式2]"},      # in the body; the fixtures print it as top-right decor
        {"toc": ["Ⅰ 基本情報", …]},
        {"page_break": true},
        {"heading": "Ⅰ 関連情報"},
        {"grid": {"widths": [12, 20, 22, 22, 8, 16], "header": ["変更日", "項目", …],
                  "rows": [["平成28年4月1日", "Ⅰ-1-③", "…", "…", "事前", ""]]}},   # e.g. 変更箇所
        {"rows": [["head", "1.特定個人情報ファイルを取り扱う事務"],
                  ["field", "①事務の名称", "国民年金に関する事務"],
                  ["sub", "その必要性", "…"],
                  ["span", "児童手当情報ファイル"],
                  ["choice", "③対象人数", "30万人以上", ["1,000人未満", …]],
                  ["checks", "⑨入手方法", [["紙", true], ["その他", false, ""]]]]}]}

``cover_rows`` entries are ``[heading, value, "stack"|"side"]``: a heading row above its value
(as the official sheets print every cover item) or heading and value side by side.
In values, "\\n" is a printed line break.
"""

from __future__ import annotations

import json
from pathlib import Path

from .messy import CLEAN, Messy
from .render import CHECKED, UNCHECKED, Cell, Decor, Document, PageBreak, Para, Table, render

STYLES = ("excel", "word")
FORMS = ("kiso", "juten", "zenkomoku")
ROW_KINDS = ("head", "field", "sub", "span", "choice", "checks")

# relative column widths of the two styles' part tables
EXCEL_W = [9, 27, 36, 28]  # group | label | value | ＜選択肢＞ (as the official Excel sheets)
WORD_W = [32, 68]  # label | value


class SpecError(ValueError):
    """A render spec that does not follow the format; the message names the file and the cause."""


def load_spec(path: Path) -> dict:
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise SpecError(f"{path}: cannot read render spec: {e}") from e
    check_spec(spec, str(path))
    return spec


def check_spec(spec: dict, where: str = "spec") -> None:
    for k in ("id", "form", "style", "blocks"):
        if k not in spec:
            raise SpecError(f"{where}: missing {k!r}")
    if spec["form"] not in FORMS:
        raise SpecError(f"{where}: form {spec['form']!r} not one of {FORMS}")
    if spec["style"] not in STYLES:
        raise SpecError(f"{where}: style {spec['style']!r} not one of {STYLES}")
    for i, b in enumerate(spec["blocks"]):
        if not isinstance(b, dict) or len(b) != 1:
            raise SpecError(f"{where}: block {i} must be an object with one key")
        ((kind, body),) = b.items()
        if kind == "rows":
            for j, row in enumerate(body):
                if not row or row[0] not in ROW_KINDS:
                    raise SpecError(f"{where}: block {i} row {j}: kind {row[:1]!r} not one of {ROW_KINDS}")
                want = {"head": 2, "field": 3, "sub": 3, "span": 2, "choice": 4, "checks": 3}[row[0]]
                if len(row) != want:
                    raise SpecError(f"{where}: block {i} row {j} ({row[0]}): {len(row)} items, want {want}")
        elif kind == "cover_rows":
            for j, r in enumerate(body):
                if len(r) != 3 or r[2] not in ("stack", "side"):
                    raise SpecError(f"{where}: block {i} cover row {j}: want [heading, value, stack|side]")
        elif kind == "grid":
            n = len(body.get("widths", []))
            if not n or len(body.get("header", [])) != n or any(len(r) != n for r in body.get("rows", [])):
                raise SpecError(f"{where}: block {i} grid: header and every row need one cell per width")
        elif kind not in ("title", "cover", "marker", "toc", "page_break", "heading"):
            raise SpecError(f"{where}: block {i}: unknown kind {kind!r}")


# ---------------------------------------------------------------------------- cells


def _selected(sel: str | None) -> str:
    return f"[ {sel} ]" if sel else "[ ]"


def _options(options: list[str]) -> str:
    return "＜選択肢＞\n" + "\n".join(f"{i}) {o}" for i, o in enumerate(options, 1))


def _marks(items: list) -> str:
    parts = []
    for it in items:
        opt, on = it[0], bool(it[1])
        txt = f"{CHECKED if on else UNCHECKED} {opt}"
        if len(it) > 2 and it[2] is not None:
            txt += f" ( {it[2]} )"
        parts.append(txt)
    return "\n".join(parts)


def _excel_row(row: list) -> list[Cell]:
    kind = row[0]
    if kind == "head":
        return [Cell(row[1], role="head", colspan=4)]
    if kind == "field":
        return [Cell(row[1], role="label", colspan=2), Cell(row[2], colspan=2)]
    if kind == "sub":
        return [Cell("", role="blank"), Cell(row[1], role="label"), Cell(row[2], colspan=2)]
    if kind == "span":
        return [Cell(row[1], colspan=4)]
    if kind == "choice":
        return [
            Cell(row[1], role="label", colspan=2),
            Cell(_selected(row[2]), align="center"),
            Cell(_options(row[3]), role="choices"),
        ]
    if kind == "checks":
        return [Cell(row[1], role="label", colspan=2), Cell(_marks(row[2]), colspan=2)]
    raise SpecError(f"unknown row kind {kind!r}")


def _word_row(row: list) -> list[Cell]:
    kind = row[0]
    if kind == "head":
        return [Cell(row[1], role="head", colspan=2)]
    if kind in ("field", "sub"):
        return [Cell(row[1], role="label"), Cell(row[2])]
    if kind == "span":
        return [Cell(row[1], colspan=2)]
    if kind == "choice":
        return [Cell(row[1], role="label"), Cell(_selected(row[2]) + "\n" + _options(row[3]))]
    if kind == "checks":
        return [Cell(row[1], role="label"), Cell(_marks(row[2]))]
    raise SpecError(f"unknown row kind {kind!r}")


# ---------------------------------------------------------------------------- document


def document(spec: dict) -> Document:
    check_spec(spec, spec.get("id", "spec"))
    word = spec["style"] == "word"
    blocks: list = []
    for b in spec["blocks"]:
        ((kind, body),) = b.items()
        if kind == "title":
            blocks.append(Para(body, size=14, align="center", space_before=14, space_after=14))
        elif kind == "cover":
            blocks.append(
                Table(
                    [25, 75],
                    [
                        [
                            Cell("評価書番号", role="head", align="center"),
                            Cell("評価書名", role="head", align="center"),
                        ],
                        [Cell(body["no"], align="center"), Cell(body["name"])],
                    ],
                )
            )
        elif kind == "cover_rows":
            rows = []
            for head, value, how in body:
                if how == "stack":
                    rows += [[Cell(head, role="head", align="center", colspan=2)], [Cell(value, colspan=2)]]
                else:
                    rows.append([Cell(head, role="head", align="center"), Cell(value)])
            blocks.append(Table([35, 65], rows))
        elif kind == "marker":
            blocks.append(Para(body, size=8, align="right", space_after=6))
        elif kind == "toc":
            blocks.append(Table([100], [[Cell("項目一覧", role="head", align="center")]] + [[Cell(x)] for x in body]))
        elif kind == "page_break":
            blocks.append(PageBreak())
        elif kind == "heading":
            blocks.append(Para(body, size=10.2, space_before=2))
        elif kind == "grid":
            # a plain table with a header row repeated on every page (変更箇所 and the like)
            rows = [[Cell(h, role="head", align="center") for h in body["header"]]]
            rows += [[Cell(c) for c in r] for r in body["rows"]]
            blocks.append(Table(body["widths"], rows, header_rows=1, size=8.0))
        elif kind == "rows":
            cells = [(_word_row if word else _excel_row)(r) for r in body]
            blocks.append(Table(WORD_W if word else EXCEL_W, cells))
    decor = [
        Decor(d["text"], d.get("where", "bottom-center"), d.get("pages", "all"), d.get("size", 7.4), d.get("line", 0))
        for d in spec.get("decor", [])
    ]
    # a word processor's default margins are wider than a spreadsheet's print area
    margins = (56.0, 56.0, 56.0, 60.0) if word else (36.0, 46.0, 36.0, 52.0)
    return Document(blocks, decor=decor, margins=margins, meta={"title": spec["id"]})


def render_spec(spec: dict, messy: Messy | None = None) -> bytes:
    """spec -> PDF bytes. The style picks the rulings (excel: line segments, word: one
    rectangle per cell) unless `messy` says otherwise."""
    if messy is None:
        messy = CLEAN.replace(rules="rects" if spec.get("style") == "word" else "lines")
    return render(document(spec), messy)


def printed_texts(spec: dict) -> list[str]:
    """Every text the spec prints (cells, paragraphs, decor without page placeholders):
    what the rendered PDF's text layer must hold."""
    out: list[str] = []
    for b in spec["blocks"]:
        ((kind, body),) = b.items()
        if kind in ("title", "marker", "heading"):
            out.append(body)
        elif kind == "cover":
            out += ["評価書番号", "評価書名", body["no"], body["name"]]
        elif kind == "cover_rows":
            for head, value, _ in body:
                out += [head, value]
        elif kind == "toc":
            out += ["項目一覧", *body]
        elif kind == "grid":
            out += body["header"] + [c for r in body["rows"] for c in r]
        elif kind == "rows":
            for r in body:
                if r[0] in ("head", "span"):
                    out.append(r[1])
                elif r[0] in ("field", "sub"):
                    out += [r[1], r[2]]
                elif r[0] == "choice":
                    out += [r[1], *(o for o in r[3])]
                    if r[2]:
                        out.append(r[2])
                elif r[0] == "checks":
                    out.append(r[1])
                    out += [it[0] for it in r[2]]
    for d in spec.get("decor", []):
        out.append(d["text"].replace("{page}", "").replace("{pages}", ""))
    return [t for t in out if t and t.strip()]


def scan(spec: dict, dpi: int = 200) -> bytes:
    """An image-only rendering (a scan without a text layer) for the OCR tests."""
    from .degrade import image_only

    return image_only(render_spec(spec), dpi=dpi)
