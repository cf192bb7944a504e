"""Rows → the form's hierarchy: part → subsection → block → item, with SCHEMA.md keys.

Everything here is decided from the text structure of the form (part headings Ⅰ…Ⅵ,
subsection headings `1. …`, block names システムN/委託事項N/提供先N/移転先N/リスクN,
circled item numbers, ＜選択肢＞) and from geometry only relatively (label cells sit in the
left part of their table, a sub-row's label is indented). Never from fonts, fills or
absolute coordinates, so other producers' layouts parse the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from extract.assessment.cells import Cell, Row
from models import forms
from normalize.form_labels import is_printed, snap_label
from normalize.ocr_noise import misread_part_heading
from normalize.text import fold, join_wrapped

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)} | {chr(0x3251 + i): 21 + i for i in range(15)}

_ROMANS = ("I", "II", "III", "IV", "V", "VI")
_PART = re.compile(r"^(VI|IV|V|I{1,3})(?![A-Za-z0-9\-‐ー・.])\s*(\S.*)$")
_ANNEX = re.compile(r"^[(（]?\s*(別添|別紙)\s*(\d*)\s*[)）]?\s*(.*)$")
_SECTION = re.compile(r"^(\d{1,2})\s*[.．]\s*(\S.*)$")
_BLOCK = re.compile(r"^(システム|委託事項|提供先|移転先|リスク)\s*(\d{1,3})(?!\d)\s*[:：]?\s*(.*)$", re.S)
_BLOCK_KEY = {"システム": "sys", "委託事項": "itaku", "提供先": "teikyo", "移転先": "iten", "リスク": "risk"}
_OPTIONS_HEAD = re.compile(r"[<＜]\s*選\s*択\s*肢\s*[>＞]")
_SELECTION = re.compile(r"^[\[［【].*[\]］】]$", re.S)
# a check box: bracketed, a box glyph, or (bracket-less printing) a mark glyph after a space
_BOX = re.compile(r"[\[［【]\s*(?:[^\]］】\w]|〇)?\s*[\]］】]|[□■☐☑☒]|(?<=\s)[○〇◯●✓✔](?=\s*\S)")
# a value cell's text: a selection "[ … ]" or check boxes
_VALUE_TEXT = re.compile(r"^\s*(?:[\[［【].*[\]］】]\s*$|[\[［【]\s*(?:[^\]］】\w]|〇)?\s*[\]］】]|[□■☐☑☒])", re.S)
_COVER = (
    ("評価書番号", "cover.評価書番号"),
    ("評価書名", "cover.評価書名"),
    ("宣言", "cover.宣言"),
    ("特記事項", "cover.特記事項"),
    ("評価実施機関名", "cover.評価実施機関名"),
    ("承認日", "cover.承認日"),
    ("公表日", "cover.公表日"),
)
# sub-row labels that only name the kind of value of their item (②保管期間 | 期間): the row
# is the item itself
_VALUE_ONLY_LABELS = frozenset({"期間"})
# rows that the official form prints indented but that are items of their own subsection
_NEVER_SUB = frozenset({"特記事項"})
# labels that describe the details of the row above them: sub-rows even where a producer
# prints them without indentation (III.3 リスク2 ユーザ認証の管理 → 具体的な管理方法)
_TITLE_LIKE = re.compile(r"^.{1,12}$")
_DETAIL = re.compile(r"^(具体的な|ルール内容|手順の内容|規定の内容|その妥当性|その必要性|変更の妥当性)")


def flat(text: str) -> str:
    """One-line folded text: wrapped lines joined, no whitespace next to Japanese."""
    return fold(join_wrapped(text)).replace("\n", "")


def clean_label(text: str) -> str:
    """Label as a key component: no ※ notes, no whitespace, no enclosing brackets."""
    t = re.sub(r"\s+", "", flat(text)).replace("※", "")
    if len(t) > 2 and t[0] in "(（" and t[-1] in ")）":
        t = t[1:-1]
    return t


def _label(cell: Cell) -> str:
    """A label cell as a key component; an OCR'd one read against the forms' printed labels."""
    lab = clean_label(without_circled(cell.text))
    return snap_label(lab) if cell.ocr else lab


def circled(text: str) -> int | None:
    t = text.lstrip()
    return _CIRCLED.get(t[:1]) if t else None


def without_circled(text: str) -> str:
    t = text.lstrip()
    return t[1:] if t[:1] in _CIRCLED else t


@dataclass
class Item:
    kind: str  # field | choice | checks | heading_checks
    key: str
    file_no: int | None
    part: str
    section: int | None
    section_title: str | None
    block: str | None  # e.g. itaku3
    risk_title: str | None
    label: str | None
    value: str  # raw value text (not folded)
    cell: Cell | None
    choices: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def page(self) -> int | None:
        return self.cell.page if self.cell else None


@dataclass
class Structure:
    items: list[Item] = field(default_factory=list)
    changes: list[Row] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    cover_found: bool = False
    file_count: int = 0
    warnings: list[str] = field(default_factory=list)


class _Walker:
    def __init__(self, file_parts: tuple[str, ...] = ("II", "III"), form: str | None = None) -> None:
        self.file_parts = file_parts
        self.form = form
        self.out = Structure()
        self.part = "cover"
        self.file_no: dict[str, int] = {}
        self.section: int | None = None
        self.section_title: str | None = None
        self.block: str | None = None
        self.risk_title: str | None = None
        self.pending: str | None = None
        self.parent: str | None = None
        self.cover_heads: list[tuple[str, Cell]] = []
        self.toc_page: int | None = None
        self.toc_lines: set[str] = set()
        self.value_x: dict[tuple[int, int], float] = {}  # per table: where its value column starts
        self.last: Item | None = None
        self.span_value: Item | None = None  # a spanning value that was the last row seen
        self.annex_header: list[tuple[str, float, float]] | None = None  # columns of a 別紙 table
        self.annex_rows = 0
        self.annex_ids = False  # the table prints a row id (項番)
        self.annex_last: dict[str, Item] = {}  # the last row's item per column

    # ------------------------------------------------------------ helpers
    def cur_file(self) -> int | None:
        return self.file_no.get(self.part) if self.part in self.file_parts else None

    def key(self, *tail: str, block: bool = True) -> str:
        parts = [self.part]
        if self.section is not None:
            parts.append(str(self.section))
        if block and self.block:
            parts.append(self.block)
        parts.extend(tail)
        return ".".join(parts)

    def emit(
        self,
        kind: str,
        key: str,
        label: str | None,
        value: str,
        cell: Cell | None,
        choices: str | None = None,
        block: bool = True,
        **extra,
    ) -> Item:
        it = Item(
            kind,
            key,
            self.cur_file(),
            self.part,
            self.section,
            self.section_title,
            self.block if block else None,
            self.risk_title,
            label,
            value,
            cell,
            choices,
            extra,
        )
        self.out.items.append(it)
        self.last = it
        return it

    def new_part(self, name: str) -> None:
        self.part = name
        if name not in self.out.parts:
            self.out.parts.append(name)
        self.section = self.section_title = self.block = self.risk_title = None
        self.pending = self.parent = None
        self.annex_header = None

    # ------------------------------------------------------------ rows
    def row(self, row: Row) -> None:
        span_value, self.span_value = self.span_value, None
        cells = row.filled
        if not cells:
            if self.part == "cover" and row.table is not None and self.cover_heads:
                # the value row of a cover heading, printed empty: the item is there, blank
                for key, head in self.cover_heads:
                    self.emit("field", key, None, "", _below(head, row) or head)
                self.cover_heads = []
            elif (
                self.pending
                and self.part not in ("cover", "changes")
                and row.table is not None
                and len(row.cells) == 1
                and self.is_span(row, row.cells[0])
            ):
                # the spanning value under a section title, printed empty (8. 他の評価実施機関)
                self.emit("field", self.key(self.pending, block=False), None, "", row.cells[0], block=False)
                self.pending = None
            return
        t0 = flat(cells[0].text)
        single = len(cells) == 1
        if self.toc_page is not None:
            # the table of contents (項目一覧): its lines, until the page ends, a row that is
            # not a contents line, or a line repeats (the body starts on the same page)
            key = re.sub(r"\s+", "", t0)
            if row.page == self.toc_page and (single or row.free) and key not in self.toc_lines:
                self.toc_lines.add(key)
                return
            self.toc_page = None
        if single and t0 == "項目一覧":
            self.toc_page = row.page
            self.toc_lines = set()
            return
        m = _PART.match(t0) if single and self.part != "changes" or (single and row.free) else None
        if single and cells[0].ocr and self.part != "changes" and misread_part_heading(t0):
            # OCR misreads the numerals (エ or 中 for Ⅱ, Ｉ for Ⅳ): a numeral that does not
            # come after the current part is a misreading, and parts are printed in order
            base = self.part.split(".")[0]
            current = _ROMANS.index(base) if base in _ROMANS else -1
            read = _ROMANS.index(m.group(1)) if m else -1
            self.new_part(_ROMANS[read] if read > current else _ROMANS[min(current + 1, len(_ROMANS) - 1)])
            return
        if m and len(t0) < 80:
            self.new_part(m.group(1))
            return
        m = _ANNEX.match(t0) if single else None
        if m and (t0[0] in "(（" or (m.group(2) and len(t0) < 40)):
            title = m.group(3)
            if "変更箇所" in title:
                self.new_part("changes")
                return
            # an attachment belongs to the part it follows; one printed after the 変更箇所 (the
            # body's own 別紙, referred to from anywhere) to none
            owner = (
                self.part.split(".")[0]
                if self.part not in ("cover", "changes")
                else ("I" if self.part == "cover" else None)
            )
            name = f"{m.group(1)}{m.group(2)}"
            if not (name == self.part.split(".")[-1] and self.annex_header):
                self.new_part(f"{owner}.{name}" if owner else name)
            self.pending = clean_label(title) or None
            return
        if single and clean_label(t0) == "変更箇所":
            self.new_part("changes")
            return
        if self.part == "changes":
            self.out.changes.append(row)
            return
        if self.part == "cover":
            self.cover(row, cells)
            return
        if "別紙" in self.part and not single and self.annex_row(row, cells):
            return
        if "別" not in self.part and self.section_heading(row, cells, t0):
            return
        if self.block_heading(row, cells, t0):
            return
        if single and self.is_span(row, cells[0]):
            if (
                span_value is not None
                and "別添" in self.part
                and not row.free
                and not self.pending
                and not _TITLE_LIKE.match(t0)
            ):
                # an attachment's text in several spanning cells (別添2: one per record group);
                # a short one-line cell is a heading of its own ((備考))
                span_value.value += "\n" + cells[0].text
                self.span_value = span_value
                return
            if (
                span_value is not None
                and not row.free
                and span_value.cell is not None
                and row.page > span_value.cell.page
                and not self.pending
            ):
                # the first row of a page continuing a spanning value that ended the page
                # before (a producer closes and reopens the cell at the break)
                span_value.value += "\n" + cells[0].text
                self.span_value = span_value
                return
            self.span(cells[0], t0)
            return
        self.label_row(row, cells)

    def cover(self, row: Row, cells: list[Cell]) -> None:
        heads = []
        for c in cells:
            t = clean_label(c.text)
            key = next((k for name, k in _COVER if name in t and len(t) <= len(name) + 24), None)
            heads.append((key, c))
        if heads[0][0] and not all(k for k, _ in heads):
            # heading and value side by side (評価実施機関名 | 北九州市長), possibly several pairs
            self.cover_heads = []
            self.out.cover_found = True
            for i, (key, head) in enumerate(heads):
                if key is None:
                    continue
                values = []
                for k2, c in heads[i + 1 :]:
                    if k2 is not None:
                        break
                    values.append(c)
                self.emit("field", key, None, "\n".join(c.text for c in values), values[0] if values else head)
            return
        named = [(k, c) for k, c in heads if k]
        if len(named) == len(heads):
            side = row.table is not None and any(c.empty and c.x0 >= named[-1][1].x1 - 2.0 for c in row.cells)
            if side:
                # a side-by-side heading whose value cell is printed empty
                for key, head in named:
                    self.emit("field", key, None, "", _right_of(head, row) or head)
                self.cover_heads = []
            else:
                self.cover_heads = named
            self.out.cover_found = True
            return
        if not self.cover_heads:
            return
        filled = set()
        for c in cells:
            key, head = max(self.cover_heads, key=lambda kh: min(kh[1].x1, c.x1) - max(kh[1].x0, c.x0))
            if min(head.x1, c.x1) - max(head.x0, c.x0) > 0:
                self.emit("field", key, None, c.text, c)
                filled.add(key)
        for key, head in self.cover_heads:
            if key not in filled:  # its value cell printed empty (評価書番号 not yet assigned)
                self.emit("field", key, None, "", _below(head, row) or head)
        self.cover_heads = []

    def annex_row(self, row: Row, cells: list[Cell]) -> bool:
        """A table of the body's own attachment (別紙N, e.g. the 情報照会者 of 番号法19条8号):
        its header row names the columns (項番 | 情報照会者 | …, repeated on every page); each
        later row is keyed by its first cell and the column: `別紙1.20の2/情報照会者`."""
        texts = [clean_label(c.text) for c in cells]
        if self.annex_header is None or texts == [h for h, _, _ in self.annex_header]:
            if len(cells) >= 3 and all(0 < len(t) <= 20 for t in texts):
                self.annex_header = [(t, c.x0, c.x1) for t, c in zip(texts, cells)]
                self.annex_rows = 0
                return True
            return False
        if row.table is None:
            return False
        self.annex_rows += 1
        header = self.annex_header

        def column(c: Cell) -> str | None:
            best = max(header, key=lambda h: min(h[2], c.x1) - max(h[1], c.x0))
            return best[0] if min(best[2], c.x1) - max(best[1], c.x0) > 0 else None

        by_col = {column(c): c for c in row.cells}
        first = by_col.get(header[0][0])
        rid = re.sub(r"\s+", "", flat(first.text)) if first is not None and not first.empty else ""
        if not rid and self.annex_ids and self.annex_last:
            # no id where the rows above print one: the rest of the row above, cut by a page break
            self.annex_rows -= 1
            for head, c in by_col.items():
                if head in self.annex_last and not c.empty:
                    self.annex_last[head].value += "\n" + c.text
            return True
        self.annex_ids = self.annex_ids or bool(rid) and len(rid) <= 8
        if not rid or len(rid) > 8:
            rid = str(self.annex_rows)  # no short row id printed: the row's place
        self.annex_last = {}
        for head, _, _ in header[1:]:
            cell = by_col.get(head)
            if cell is not None:
                self.annex_last[head] = self.emit("field", f"{self.part}.{rid}/{head}", head, cell.text, cell)
        return True

    def section_heading(self, row: Row, cells: list[Cell], t0: str) -> bool:
        m = _SECTION.match(t0)
        if not m:
            return False
        rest = " ".join(flat(c.text) for c in cells[1:])
        if rest and not _BOX.search(rest):
            return False
        n = int(m.group(1))
        if self.section is not None and n not in (self.section + 1, 1) and n <= self.section:
            return False
        if self.part in self.file_parts and (n == 1 or self.section is None or n < self.section):
            self.file_no[self.part] = self.file_no.get(self.part, 0) + 1
            self.out.file_count = max(self.out.file_count, self.file_no[self.part])
        # marks are found on the unfolded text: folding drops the space before a bare ○
        raw = unicodedata.normalize("NFKC", " ".join(c.text for c in cells)).replace("\n", " ")
        raw = re.sub(r"^\s*\d{1,2}\s*[.．]\s*", "", raw)
        box = _BOX.search(raw)
        text = raw if box else m.group(2)
        title = text[: box.start()] if box else text
        self.section, self.section_title = n, clean_label(title.strip())
        self.block = self.risk_title = self.parent = None
        self.pending = self.section_title
        if box:
            self.emit("heading_checks", self.key(), None, text[box.start() :], cells[0], block=False)
        return True

    def block_heading(self, row: Row, cells: list[Cell], t0: str) -> bool:
        m = _BLOCK.match(t0)
        if not m:
            return False
        kind, no, rest = _BLOCK_KEY[m.group(1)], m.group(2), m.group(3).strip()
        if kind == "risk" and len(cells) > 1:
            return False  # "リスク1" inside a label row is a label, not a block
        self.block = f"{kind}{no}"
        self.parent = None
        self.pending = None
        name = f"{m.group(1)}{no}"
        if kind == "risk":
            self.risk_title = clean_label(rest) or None
        elif len(cells) > 1 or rest:
            value_cells = cells[1:]
            value = "\n".join(c.text for c in value_cells) if value_cells else rest
            self.emit("field", self.key(name), name, value, value_cells[0] if value_cells else cells[0])
        return True

    def is_span(self, row: Row, cell: Cell) -> bool:
        if row.table is None:
            return True
        left, right = row.table
        return cell.x1 - cell.x0 >= 0.6 * (right - left)

    def span(self, cell: Cell, t0: str) -> None:
        label = clean_label(t0)
        if self.part == "III" and label.endswith("リスク") and "。" not in label and len(label) < 150:
            # an unnumbered risk (III.4 委託): the title row of the section's only risk
            self.block, self.risk_title, self.pending = None, label, None
            return
        norm = unicodedata.normalize("NFKC", cell.text)
        if self.pending and re.match(r"\s*[\[［【]", norm) and _OPTIONS_HEAD.search(norm):
            # a selection printed across the table with its ＜選択肢＞ list below it and no label
            # (基礎 Ⅳ1 in a retyped form): keyed by its section title, as in its own cells
            self.emit_value(self.key(self.pending, block=False), norm, cell.text, cell, None)
            self.pending = None
            return
        if self.pending:
            self.span_value = self.emit(
                "field", self.key(self.pending, block=False), None, cell.text, cell, block=False
            )
            self.pending = None
            return
        self.pending = label

    def label_row(self, row: Row, cells: list[Cell]) -> None:
        self.pending = None
        choices = None
        last = unicodedata.normalize("NFKC", cells[-1].text)
        # a cell of its own holding the ＜選択肢＞ list; a cell that starts with the selection and
        # holds the list below it (a retyped form's single value column) is split in emit_value
        if len(cells) > 1 and _OPTIONS_HEAD.search(last[:12]) and not re.match(r"\s*[\[［【]", last):
            choices = cells[-1]
            cells = cells[:-1]
        left, right = row.table if row.table else (min(c.x0 for c in cells), max(c.x1 for c in cells))
        width = max(right - left, 1.0)
        labels = self.split_labels(row, cells)
        values = cells[len(labels) :]
        if not labels and choices is None:
            if self.last is not None and row.table is not None:
                # a value without its label: the rest of the previous row
                self.last.value += "\n" + "\n".join(c.text for c in values)
            return
        if labels and values and row.table is not None and circled(labels[-1].text):
            self.value_x[_table_key(row.table)] = values[0].x0
        value_text = "\n".join(c.text for c in values)
        value_cell = values[0] if values else None
        if not labels:
            # a selection printed without a label: keyed by its subsection title
            self.emit_value(self.key(self.section_title or ""), value_text, value_text, value_cell, choices)
            return
        l1 = labels[0]
        n1 = circled(l1.text)
        lab1 = _label(l1)
        l2 = labels[1] if len(labels) == 2 else None
        n2 = circled(l2.text) if l2 else None
        if l2 is None and not value_text.strip() and choices is None and self.group_header(n1, lab1):
            return
        official = self.official_sub(lab1) if l2 is None and not n1 else None
        if official is not None:
            if official:
                assert self.parent is not None  # official_sub answers only below a parent item
                item = self.parent if lab1 in _VALUE_ONLY_LABELS else f"{self.parent}/{lab1}"
            else:
                item, self.parent = lab1, lab1
            label = l1
        elif l2 is not None:
            lab2 = _label(l2)
            if n2:
                item, label, self.parent = str(n2), l2, str(n2)
            else:
                self.parent = str(n1) if n1 else lab1
                item = self.parent if lab2 in _VALUE_ONLY_LABELS else f"{self.parent}/{lab2}"
                label = l2
        elif n1:
            item, label, self.parent = str(n1), l1, str(n1)
        elif (
            self.parent
            and lab1 not in _NEVER_SUB
            and (_DETAIL.match(lab1) or (l1.text_x0 > left + 0.05 * width and row.table is not None))
        ):
            item = self.parent if lab1 in _VALUE_ONLY_LABELS else f"{self.parent}/{lab1}"
            label = l1
        else:
            item, label, self.parent = lab1, l1, lab1
        label_text = label.text
        if label.ocr and is_printed(printed := _label(label)):
            label_text = printed  # the label as the form prints it, not as OCR read it
        self.emit_value(self.key(item), label_text, value_text, value_cell or label, choices)

    def group_header(self, num: int | None, label: str) -> bool:
        """A label printed as a row of its own with no value that the official form prints as
        a cell spanning a group of rows (⑦使用の主体 over 使用部署/使用者数, 再委託 over ⑦⑧⑨): no
        item; its number is the parent of the rows below."""
        if self.form is None:
            return False
        if label in forms.group_labels(self.form) and not forms.is_key(self.form, self.key(label)):
            if num is not None:
                self.parent = str(num)  # ②保管期間: the 期間 row below is the item ②
            return True
        if (
            num is not None
            and not forms.is_key(self.form, self.key(str(num)))
            and forms.has_sub_rows(self.form, self.key(str(num)))
        ):
            self.parent = str(num)
            return True
        return False

    def official_sub(self, label: str) -> bool | None:
        """Whether an unnumbered label is a sub-row of the item above, by the official form:
        True where only `<parent>/<label>` is an item of it, False where only `<label>` is,
        None where the form does not tell (or is unknown): then the layout decides."""
        if self.form is None or not self.parent or label in _NEVER_SUB:
            return None
        sub = forms.is_key(self.form, self.key(f"{self.parent}/{label}")) or (
            label in _VALUE_ONLY_LABELS and forms.is_key(self.form, self.key(self.parent))
        )
        item = forms.is_key(self.form, self.key(label))
        if sub != item:
            return sub
        return None

    def split_labels(self, row: Row, cells: list[Cell]) -> list[Cell]:
        """The label cells of a row (at most two: item label and sub-row label), from the
        text first (a circled number opens a label, a selection or check box is a value),
        then from where this table's value column starts (learnt from the rows whose label
        carries a circled number), and without either: every cell but the last."""
        boundary = self.value_x.get(_table_key(row.table)) if row.table is not None else None
        labels: list[Cell] = []
        for i, c in enumerate(cells):
            if len(labels) == 2:
                break
            if circled(c.text):
                labels.append(c)
                continue
            if _VALUE_TEXT.match(unicodedata.normalize("NFKC", c.text)):
                break
            last = i == len(cells) - 1
            if boundary is not None and c.x0 >= boundary - 2.0:
                break  # in the value column
            if last and i > 0 and (boundary is None or c.x1 > boundary + 2.0):
                # the last cell is the value, unless it lies wholly in the label columns (a
                # sub-row label whose value cell is printed empty)
                break
            labels.append(c)
        return labels

    def emit_value(self, key: str, label: str, value: str, cell: Cell | None, choices: Cell | None) -> None:
        label_f = flat(label)
        norm = unicodedata.normalize("NFKC", value)
        if choices is None:
            m = _OPTIONS_HEAD.search(norm)
            if m:
                self.emit("choice", key, label_f, norm[: m.start()], cell, norm[m.start() :])
                return
        if choices is not None:
            self.emit("choice", key, label_f, value, cell, choices.text)
            return
        self.emit("field", key, label_f, value, cell)


def _below(head: Cell, row: Row) -> Cell | None:
    """The (empty) cell of `row` under a cover heading."""
    return max(
        (c for c in row.cells if min(c.x1, head.x1) - max(c.x0, head.x0) > 0),
        key=lambda c: min(c.x1, head.x1) - max(c.x0, head.x0),
        default=None,
    )


def _right_of(head: Cell, row: Row) -> Cell | None:
    """The (empty) cell of `row` right of a side-by-side cover heading."""
    return next((c for c in sorted(row.cells, key=lambda c: c.x0) if c.x0 >= head.x1 - 2.0), None)


def _table_key(table: tuple[float, float]) -> tuple[int, int]:
    return (round(table[0]), round(table[1]))


def walk(rows: list[Row], file_parts: tuple[str, ...] = ("II", "III"), form: str | None = None) -> Structure:
    """file_parts: the parts that repeat per 特定個人情報ファイル (none in 基礎項目評価書).
    form: the document type, whose official definition (models/forms) tells a sub-row from an
    item where the layout does not (a retyped form that indents nothing)."""
    w = _Walker(file_parts, form)
    for row in rows:
        w.row(row)
    return w.out
