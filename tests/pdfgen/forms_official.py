"""A 評価書 generated from the official form definitions (models/forms), for any form and
revision: every printed row of the revision, in order, with synthetic values, and the truth
an extractor should give (the shape of samples/*.expected.json, plus `blank_cells` for cells
printed empty).

    pdf, truth = official("zenkomoku", "平成26年4月")
    pdf, truth = official("kiso", "令和6年10月", Messy(kangxi=True), files=1)

The body is fictional (tests/pdfgen/fictional.py: 架空市), so no real body is shown with
invented facts. Values are deterministic per key (zlib.crc32), distinct per row (so a value
under the wrong key is detectable) and never look like form structure. Layout: the official
Excel sheets' 4-column grid (group | label | value | ＜選択肢＞), as tests/pdfgen/forms_assessment.py, or
a word processor's 2-column retyping (`style="word"`).
"""

from __future__ import annotations

import zlib

from models import forms
from models.forms import Row

from .common import ROMAN, circled, count_range, fold, wareki
from .messy import CLEAN, Messy
from .render import CHECKED, UNCHECKED, Cell, Decor, Document, PageBreak, Para, Table, render

W4 = [9, 27, 36, 28]  # group | label | value | ＜選択肢＞
W2 = [32, 68]  # label | value (a word processor's retyping of the form)
BODY = "架空市"
JIMU = "架空事務に関する事務"
# how many instances of each repeated block a generated document prints
BLOCKS = {"sys": 2, "itaku": 2, "teikyo": 1, "iten": 2}


def _h(*parts) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


class _Doc:
    def __init__(self, form: forms.Form, revision: str, files: int, blocks: dict[str, int], style: str = "excel"):
        self.form, self.revision, self.files, self.blocks_n, self.style = form, revision, files, blocks, style
        self.blocks: list = []
        self.rows: list[list[Cell]] | None = None
        self.file_no: int | None = None
        self.t: dict[str, list] = {
            k: []
            for k in (
                "fields",
                "choices",
                "checks",
                "blank_cells",
                "risk_measures",
                "entrustments",
                "transfers",
                "systems",
                "changes",
            )
        }
        self.section_title: str | None = None
        self.risk: tuple[str | None, int | None, str | None] = (None, None, None)
        self.block_no: int | None = None
        self.block_values: dict[str, str] = {}

    # -------------------------------------------------------------- layout
    def flush(self) -> None:
        if self.rows:
            if self.style == "word":
                self.blocks.append(Table(W2, [r for row in self.rows for r in _word(row)]))
            else:
                self.blocks.append(Table(W4, self.rows))
        self.rows = []

    def heading(self, text: str, new_page: bool) -> None:
        self.flush()
        if new_page and self.blocks:
            self.blocks.append(PageBreak())
        self.blocks.append(Para(text, size=10.2, space_before=2))
        self.rows = []

    # -------------------------------------------------------------- values
    def value(self, row: Row, key: str) -> str:
        if key == "I.1.1":
            return JIMU
        h = _h(key, self.file_no)
        where = f"第{self.file_no}ファイル" if self.file_no else ""
        text = f"{BODY}の{fold(row.label or self.section_title or '記載')}に関する記載{where}(生成{h % 9973})"
        if h % 3 == 0:
            text += "。\n関係規程に基づき運用する"
        return text

    def blank(self, key: str) -> bool:
        # about one value cell in nine is printed empty: blank cells must still yield a row
        return _h("blank", key, self.file_no) % 9 == 0

    def field_truth(self, key: str, value: str) -> None:
        self.t["fields"].append({"key": key, "file_no": self.file_no, "value": fold(value)})
        if not value:
            self.t["blank_cells"].append({"key": key, "file_no": self.file_no})

    # -------------------------------------------------------------- rows
    def label_cells(self, row: Row, group_rows: int | None) -> list[Cell]:
        label = row.label_in(self.revision) or ""
        shown = f"{circled(row.num) if row.num else ''}{label}{' ※' if row.star else ''}"
        if row.group is not None:
            cells = []
            if group_rows:
                g = f"{circled(row.group_num) if row.group_num else ''}{row.group}"
                cells.append(Cell(g, role="label", rowspan=group_rows))
            return cells + [Cell(shown, role="label")]
        if row.sub:
            return [Cell("", role="blank"), Cell(shown, role="label")]
        return [Cell(shown, role="label", colspan=2)]

    def emit(self, row: Row, group_rows: int | None = None) -> None:
        key = row.value_key_in(self.revision).replace("{n}", str(self.block_no or ""))
        kind = row.kind
        if kind == "span":
            value = "" if self.blank(key) else self.value(row, key)
            self.rows.append([Cell(value, colspan=4)])
            self.field_truth(key, value)
        elif kind == "field":
            value = "" if self.blank(key) else self.value(row, key)
            lab = self.label_cells(row, group_rows)
            self.rows.append(lab + [Cell(value, colspan=4 - _width(lab, group_rows, row))])
            self.field_truth(key, value)
            self.block_values[row.label] = value
        elif kind == "choice":
            self.choice(row, key, group_rows)
        elif kind == "checks":
            items = self.check_items(row, key)
            lab = self.label_cells(row, group_rows)
            self.rows.append(
                lab + [Cell(_marks(items, row.count, self.count_of), colspan=4 - _width(lab, group_rows, row))]
            )
            for opt, on, other in items:
                self.t["checks"].append(
                    {
                        "key": key,
                        "file_no": self.file_no,
                        "option": fold(opt),
                        "checked": on,
                        "other": fold(other) if on and other else None,
                    }
                )

    def choice(self, row: Row, key: str, group_rows: int | None) -> None:
        n = len(row.options)
        h = _h("choice", key, self.file_no)
        index = None if h % 11 == 0 else h % n + 1
        if row.key.endswith("委託の有無"):
            index = 1  # the 委託事項 blocks follow
        if row.key.endswith("リスクへの対策は十分か") or row.risk:
            index = index or 2
        sel = f"[ {row.options[index - 1]} ]" if index else "[ ]"
        if row.count:
            sel += f"\n( {self.blocks_n.get('itaku', 0)} ) 件"
        opts = "＜選択肢＞\n" + "\n".join(f"{i}) {o}" for i, o in enumerate(row.options, 1))
        if row.note_text:
            opts += "\n" + row.note_text
        if row.label is None:
            self.rows.append([Cell(sel, colspan=3), Cell(opts, role="choices")])
        else:
            lab = self.label_cells(row, group_rows)
            self.rows.append(lab + [Cell(sel), Cell(opts, role="choices")])
        c = {
            "key": key,
            "file_no": self.file_no,
            "selected": row.options[index - 1] if index else None,
            "index": index,
            "options": [fold(o) for o in row.options],
        }
        rng = count_range(row.options[index - 1]) if index else None
        if rng:
            c["range"] = list(rng)
        self.t["choices"].append(c)
        self.block_values[row.label] = index
        if row.risk:
            process, risk_no, title = self.risk
            self.t["risk_measures"].append(
                {
                    "file_no": self.file_no,
                    "key": key,
                    "process": process,
                    "risk_no": risk_no,
                    "risk": title,
                    "assessment_index": index,
                }
            )

    def check_items(self, row: Row, key: str) -> list[tuple[str, bool, str | None]]:
        out = []
        for i, opt in enumerate(row.options):
            on = _h("check", key, opt, self.file_no) % 3 == 0
            if row.key.endswith("提供・移転の有無"):
                on = opt != "行っていない"
            other = f"{BODY}独自の方法{i}" if opt == "その他" and on else None
            out.append((opt, on, other))
        return out

    def count_of(self, option: str) -> int | None:
        if option.startswith("提供を"):
            return self.blocks_n.get("teikyo", 0)
        if option.startswith("移転を"):
            return self.blocks_n.get("iten", 0)
        return None

    def heading_checks(self, section: Row, checks: list[Row]) -> None:
        no = section.key.rsplit(".", 1)[-1]
        title = section.label_in(self.revision)
        marks = []
        for row in checks:
            for opt in row.options:
                # 委託しない / 提供・移転しない stay unchecked: the section's blocks are printed
                on = "人手" in opt or "適用" in opt and _h(opt) % 2 == 0
                marks.append((row.key, opt, on))
        text = f"{no}. {title}" + "".join(f"　{CHECKED if on else UNCHECKED} {opt}" for _, opt, on in marks)
        self.rows.append([Cell(text, role="head", colspan=4)])
        for key, opt, on in marks:
            self.t["checks"].append(
                {"key": key, "file_no": self.file_no, "option": fold(opt), "checked": on, "other": None}
            )


def _word(row: list[Cell]) -> list[list[Cell]]:
    """A row of the 4-column sheet as a word processor's 2-column retyping prints it: one label
    cell (sub-rows not indented), the value with its ＜選択肢＞ list below the selection, and a
    group label spanning rows (再委託, ⑦使用の主体) as a row of its own with an empty value."""
    cells = [c for c in row if c.role != "blank"]
    if len(cells) == 1:
        c = cells[0]
        return [[Cell(c.text, role=c.role, colspan=2, align=c.align)]]
    out: list[list[Cell]] = []
    group = [c for c in cells if c.rowspan > 1]
    if group:
        out.append([Cell(group[0].text, role="label"), Cell("")])
        cells = [c for c in cells if c.rowspan == 1]
    labels = [c for c in cells if c.role == "label"]
    values = "\n".join(c.text for c in cells if c.role != "label")
    if not labels:
        return out + [[Cell(values, colspan=2)]]
    return out + [[Cell(labels[0].text, role="label"), Cell(values)]]


def _width(lab: list[Cell], group_rows: int | None, row: Row) -> int:
    # columns the label cells take (a group cell spanning rows above takes column 0 here too)
    used = sum(c.colspan for c in lab)
    if row.group is not None and not group_rows:
        used += 1
    return used


def _marks(items, count: bool, count_of) -> str:
    parts = []
    for opt, on, other in items:
        txt = f"{CHECKED if on else UNCHECKED} {opt}"
        if opt == "その他":
            txt += f" ( {other or ''} )"
        n = count_of(opt) if count else None
        if n is not None:
            txt += f" ( {n if on else ''} ) 件"
        parts.append(txt)
    return "\n".join("　".join(parts[i : i + 3]) for i in range(0, len(parts), 3))


def _groups(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows in printing units: ("row", [r]), ("block", [title, rows…]) for a repeated block."""
    out: list[tuple[str, list[Row]]] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        if r.kind == "block":
            j = i + 1
            while (
                j < len(rows)
                and rows[j].kind not in ("block", "section", "part", "annex", "changes")
                and "{n}" in rows[j].key
            ):
                j += 1
            out.append(("block", rows[i:j]))
            i = j
        else:
            out.append(("row", [r]))
            i += 1
    return out


def _parts(rows: list[Row]) -> list[tuple[Row | None, list[Row]]]:
    """Rows split at part/annex/changes headings: (heading row or None for the cover, rows)."""
    out: list[tuple[Row | None, list[Row]]] = [(None, [])]
    for r in rows:
        if r.kind in ("part", "annex", "changes"):
            out.append((r, []))
        else:
            out[-1][1].append(r)
    return out


def official(
    form: str,
    revision: str,
    messy: Messy = CLEAN,
    *,
    files: int = 1,
    blocks: dict[str, int] | None = None,
    assessment_no: int = 12,
    style: str = "excel",
) -> tuple[bytes, dict]:
    """style: `excel` (the official sheets' 4-column grid) or `word` (a 2-column retyping)."""
    if style not in ("excel", "word"):
        raise ValueError(f"style {style!r} is not excel or word")
    f = forms.load(form)
    d = _Doc(f, revision, files, dict(BLOCKS, **(blocks or {})), style)
    rows = f.rows_in(revision)
    parts = _parts(rows)
    _cover(d, parts[0][1], assessment_no)
    for head, body in parts[1:]:
        if head.kind == "changes":
            _changes(d, head)
            continue
        if head.kind == "part":
            title = f"{ROMAN[head.key]} {head.label_in(revision)}" + (" ※" if head.star else "")
            if head.note_text:
                title += " " + head.note_text
        else:
            title = f"({head.key.split('.')[-1]}) {head.label_in(revision)}"
        d.heading(title, new_page=True)
        for file_no in range(1, (files if head.repeats else 1) + 1):
            d.file_no = file_no if head.repeats else None
            _body(d, body)
        d.file_no = None
    d.flush()
    truth = _truth(d, form, revision, assessment_no)
    decor = [Decor(f.marker(revision), "top-right", pages="first", size=8), Decor("{page} / {pages}", "bottom-center")]
    return render(Document(d.blocks, decor=decor), messy), truth


def _body(d: _Doc, rows: list[Row]) -> None:
    units = _groups(rows)
    i = 0
    while i < len(units):
        kind, rs = units[i]
        r = rs[0]
        if kind == "block":
            for n in range(1, d.blocks_n.get(r.block, 1) + 1):
                d.block_no = n
                _block(d, rs, n)
            d.block_no = None
            i += 1
            continue
        if r.kind == "section":
            d.section_title = r.label_in(d.revision)
            d.risk = (d.section_title, None, None)
            checks = []
            while i + 1 < len(units) and units[i + 1][1][0].kind == "heading_checks":
                checks.append(units[i + 1][1][0])
                i += 1
            if checks:
                d.heading_checks(r, checks)
            else:
                no = r.key.rsplit(".", 1)[-1]
                d.rows.append([Cell(f"{no}. {d.section_title}" + (" ※" if r.star else ""), role="head", colspan=4)])
        elif r.kind == "heading":
            d.rows.append([Cell(r.label_in(d.revision), role="head", colspan=4)])
            d.section_title = d.section_title
        elif r.kind == "risk":
            no = r.key.rsplit(".risk", 1)[-1] if ".risk" in r.key else None
            label = r.label_in(d.revision)
            d.rows.append([Cell(f"リスク{no}: {label}" if no else label, role="label", colspan=4)])
            d.risk = (d.section_title, int(no) if no else 1, label)
        elif r.kind == "toc":
            pass
        else:
            # a group of rows under one spanning group cell (再委託 ⑦⑧⑨, ⑦使用の主体)
            if r.group is not None:
                group = [r]
                while i + 1 < len(units) and units[i + 1][0] == "row" and units[i + 1][1][0].group == r.group:
                    group.append(units[i + 1][1][0])
                    i += 1
                for k, g in enumerate(group):
                    d.emit(g, len(group) if k == 0 else None)
            else:
                d.emit(r)
        i += 1


def _block(d: _Doc, rows: list[Row], n: int) -> None:
    title = rows[0]
    name = title.label.replace("{n}", str(n))
    key = title.value_key.replace("{n}", str(n))
    if title.value:
        value = f"{BODY}{name}の業務(生成{_h(key, d.file_no) % 9973})"
        d.rows.append([Cell(name, role="label", colspan=2), Cell(value, colspan=2)])
        d.field_truth(key, value)
        d.block_values = {"title": value}
    else:
        d.rows.append([Cell(name, role="label", colspan=4)])
        d.block_values = {}
    _body(d, rows[1:])
    kind = title.block
    v = d.block_values  # label -> value (index for a choice) of this block instance
    if kind == "sys":
        d.t["systems"].append({"system_no": n, "name": fold(v.get("システムの名称", ""))})
    elif kind == "itaku":
        d.t["entrustments"].append(
            {
                "file_no": d.file_no,
                "item_no": n,
                "title": fold(v.get("title")),
                "contractor": fold(v.get("委託先名", "")),
                "subcontract": {1: True, 2: False}.get(v.get("再委託の有無")),
            }
        )
    elif kind in ("teikyo", "iten"):
        d.t["transfers"].append(
            {
                "file_no": d.file_no,
                "kind": "提供" if kind == "teikyo" else "移転",
                "item_no": n,
                "recipient": fold(v.get("title")),
            }
        )


def _cover(d: _Doc, rows: list[Row], no: int) -> None:
    f, rev = d.form, d.revision
    d.blocks.append(
        Para(f"特定個人情報保護評価書({f.title})", size=14, align="center", space_before=14, space_after=14)
    )
    title = f"{JIMU} {f.title}"
    values = {
        "cover.評価書番号": str(no),
        "cover.評価書名": title,
        "cover.宣言": f"{BODY}は、{JIMU}における特定個人情報ファイルの取扱いにあたり、個人のプライバシー等の権利利益の保護に"
        "取り組んでいることを宣言する。(生成文書)",
        "cover.特記事項": "生成した架空の評価書である。",
        "cover.評価実施機関名": f"{BODY}長",
        "cover.承認日": "",
        "cover.公表日": wareki("2025-04-01"),
    }
    by_key = {r.key: r for r in rows if r.kind == "cover"}
    d.blocks.append(
        Table(
            [25, 75],
            [
                [Cell("評価書番号", role="head", align="center"), Cell("評価書名", role="head", align="center")],
                [Cell(values["cover.評価書番号"]), Cell(title)],
            ],
        )
    )
    for key in ("cover.評価書番号", "cover.評価書名"):
        d.field_truth(key, values[key])
    stack = []
    for r in rows:
        if r.kind == "cover" and r.key not in ("cover.評価書番号", "cover.評価書名"):
            stack += [[Cell(r.label_in(rev), role="head", align="center")], [Cell(values[r.key])]]
            d.field_truth(r.key, values[r.key])
    d.blocks.append(Table([100], stack))
    toc = next((r for r in rows if r.kind == "toc"), None)
    if toc is not None:
        d.blocks.append(
            Table([100], [[Cell("項目一覧", role="head", align="center")]] + [[Cell(x)] for x in toc.items])
        )
    assert by_key


def _changes(d: _Doc, head: Row) -> None:
    d.flush()
    d.blocks.append(PageBreak())
    d.blocks.append(Para(f"({head.annex}) 変更箇所" if head.annex else "変更箇所", size=10.2))
    rows = [
        [
            Cell(h, role="head", align="center")
            for h in ("変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明")
        ]
    ]
    for date, item, timing in (("2024-10-01", "Ⅰ-1-②", "事前"), ("2025-04-01", "Ⅱ-2", "事後")):
        rows.append(
            [
                Cell(wareki(date)),
                Cell(item),
                Cell("変更前の記載(生成)"),
                Cell("変更後の記載(生成)"),
                Cell(timing, align="center"),
                Cell(""),
            ]
        )
        d.t["changes"].append({"changed_on": date, "timing": timing})
    d.blocks.append(Table([12, 20, 22, 22, 8, 16], rows, header_rows=1, size=8.0))


def _truth(d: _Doc, form: str, revision: str, no: int) -> dict:
    f = d.form
    return {
        "document": {
            "doc_type": form,
            "form_label": f.marker(revision),
            "assessment_no": no,
            "title": f"{JIMU} {f.title}",
            "organization": f"{BODY}長",
            "published_on": "2025-04-01",
            "jimu": JIMU,
        },
        **d.t,
    }
