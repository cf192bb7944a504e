"""The dataset contract (docs/SCHEMA.md) as pyarrow schemas.

This module is the one source of table and column names. Everything that writes or
documents the dataset (the writer, the export's data dictionary, the DuckDB views) reads
these schemas, so a column added here appears everywhere and cannot drift.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import pyarrow as pa

# Each column: (name, type, description). Descriptions feed the generated data dictionary.
_BBOX = pa.list_(pa.float64())
_TEXTS = pa.list_(pa.string())
# fields, choices and checks: how sure OCR was of the value cell
_OCR_CONFIDENCE = (
    "ocr_confidence",
    pa.float64(),
    "NULL: no OCR'd character in the value cell (the text layer gave it, or it is empty); else the lowest "
    "confidence (0–1) of its OCR'd characters: Tesseract's word confidence on scanned pages, the share of "
    "OCR votes that named the glyph for fonts without ToUnicode (1 where the form's printed text named it)",
)

# attendees, utterances and meeting_items: how sure OCR was of the lines the row was read from
_MINUTES_OCR_CONFIDENCE = (
    "ocr_confidence",
    pa.float64(),
    "NULL: no OCR'd character in the lines the row was read from (the text layer gave them); else the lowest "
    "confidence (0–1) of their OCR'd characters, as in fields.ocr_confidence. The lines: the turn's or "
    "paragraph's lines (utterances), the header value (meeting_items), the value's lines that print the "
    "person's name, or the whole value when none does (attendees)",
)

_COLUMNS: dict[str, list[tuple[str, pa.DataType, str]]] = {
    "documents": [
        ("doc_id", pa.string(), "sha256 of the file bytes, hex"),
        ("source_file", pa.string(), "path as given to `hyokasho ingest`"),
        ("file_size", pa.int64(), "bytes"),
        ("page_count", pa.int32(), "pages in the PDF"),
        ("doc_type", pa.string(), "kiso | juten | zenkomoku | minutes | public_comment | unknown"),
        ("form_label", pa.string(), "printed 様式 marker, e.g. 令和6年10月 様式2"),
        (
            "status",
            pa.string(),
            "ok | partial | needs_ocr | ocr | failed (ocr: complete, read by OCR; an OCR'd "
            "document not recognised stays partial, text_source ocr)",
        ),
        ("text_source", pa.string(), "text_layer | ocr"),
        ("extractor_version", pa.string(), "hyokasho version that produced the rows"),
        ("ingested_at", pa.timestamp("s", tz="UTC"), "when the rows were produced"),
        ("warnings", _TEXTS, "what the extractor could not find or had to guess"),
        ("title", pa.string(), "first heading of the document"),
        (
            "synthetic",
            pa.bool_(),
            "true for a document that says it is invented (hyokasho's synthetic marker in the "
            "PDF's metadata, 架空データ printed on its pages): demo and test data, not a real body's",
        ),
        (
            "extraction_settings",
            pa.string(),
            "JSON of the extraction settings that differ from the defaults "
            "(`hyokasho ingest --settings FILE.toml`); '{}' = the defaults",
        ),
        (
            "source_file_bytes",
            pa.binary(),
            "source_file exactly, as the bytes of the name on disk (source_file shows "
            "bytes that are not UTF-8 and control characters escaped: \\xNN, \\n)",
        ),
    ],
    "ingest_errors": [
        ("source_file", pa.string(), "path as given"),
        ("sha256", pa.string(), "sha256 of the bytes, NULL when the file could not be read"),
        (
            "error_code",
            pa.string(),
            "not_pdf | empty | encrypted | truncated | damaged | unreadable | timeout | "
            "too_large | worker_killed | parser_crash | extractor_error",
        ),
        ("message", pa.string(), "what went wrong, naming the file and the cause"),
        ("at", pa.timestamp("s", tz="UTC"), "when it happened"),
        ("source_file_bytes", pa.binary(), "source_file exactly, as the bytes of the name on disk"),
    ],
    "document_paths": [
        ("doc_id", pa.string(), "content (documents.doc_id, the sha256 of the bytes) that the path held"),
        (
            "source_file",
            pa.string(),
            "the path, as given to `hyokasho ingest` (shown escaped, as documents.source_file)",
        ),
        ("source_file_bytes", pa.binary(), "the path exactly, as bytes"),
        ("first_seen", pa.timestamp("s", tz="UTC"), "the run that first found this content at this path"),
        (
            "gone_at",
            pa.timestamp("s", tz="UTC"),
            "the run that found the path gone or holding other content; NULL while it still holds this content",
        ),
        (
            "gone_because",
            pa.string(),
            "deleted (ingest --sync found no file) | renamed (the content is at another "
            "path now) | edited (the path holds other bytes now)",
        ),
        (
            "kept",
            pa.bool_(),
            "the content's rows are kept although the path now holds a version that reads worse "
            "(failed, partial … vs ok): both stay visible, see the README's replacement rule",
        ),
    ],
    "assessments": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("assessment_no", pa.int32(), "評価書番号"),
        ("title", pa.string(), "評価書名"),
        ("jimu", pa.string(), "事務の名称"),
        ("organization", pa.string(), "評価実施機関名 as printed"),
        ("municipality_code", pa.string(), "全国地方公共団体コード, 6 digits with check digit"),
        ("municipality_name", pa.string(), "municipality (or body) name"),
        ("prefecture", pa.string(), "都道府県"),
        ("published_on", pa.date32(), "公表日"),
        ("approved_on", pa.date32(), "個人情報保護委員会 承認日 (行政機関等のみ)"),
        ("form_revision", pa.string(), "様式 revision as printed, e.g. 令和6年10月"),
        ("file_count", pa.int32(), "number of 特定個人情報ファイル (parts II–III repeats)"),
    ],
    "fields": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("file_no", pa.int32(), "特定個人情報ファイル number for parts II/III, else NULL"),
        ("key", pa.string(), "the form's own numbering, see SCHEMA.md"),
        ("label", pa.string(), "label cell text"),
        ("value", pa.string(), "value cell text"),
        ("page", pa.int32(), "1-based page of the value cell"),
        ("bbox", _BBOX, "value cell x0, y0, x1, y1 in PDF points, origin top-left"),
        ("section", pa.string(), "heading of the section the cell belongs to"),
        (
            "form_item",
            pa.string(),
            "the item of the official form (models/forms) the row is, as the newest revision keys it "
            "(renumbered or renamed items of older revisions map to it); NULL: no item of the form",
        ),
        _OCR_CONFIDENCE,
    ],
    "choices": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("file_no", pa.int32(), "特定個人情報ファイル number, else NULL"),
        ("key", pa.string(), "form key of the row"),
        ("label", pa.string(), "label cell text"),
        ("selected", pa.string(), "selected option text"),
        ("selected_index", pa.int32(), "1-based position in ＜選択肢＞, NULL when unmatched or blank"),
        ("options", _TEXTS, "the ＜選択肢＞ list"),
        ("range_min", pa.int64(), "for count options: lower bound, inclusive"),
        ("range_max", pa.int64(), "for count options: upper bound, exclusive; NULL = open"),
        ("page", pa.int32(), "1-based page"),
        ("bbox", _BBOX, "selection cell bbox"),
        (
            "form_item",
            pa.string(),
            "the item of the official form (models/forms) the row is, as the newest revision keys it "
            "(renumbered or renamed items of older revisions map to it); NULL: no item of the form",
        ),
        _OCR_CONFIDENCE,
    ],
    "checks": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("file_no", pa.int32(), "特定個人情報ファイル number, else NULL"),
        ("key", pa.string(), "form key of the row"),
        ("option", pa.string(), "text beside the check box"),
        ("checked", pa.bool_(), "whether the box is marked"),
        ("other_text", pa.string(), "text in その他 ( … )"),
        ("page", pa.int32(), "1-based page"),
        ("bbox", _BBOX, "cell bbox"),
        (
            "form_item",
            pa.string(),
            "the item of the official form (models/forms) the row is, as the newest revision keys it "
            "(renumbered or renamed items of older revisions map to it); NULL: no item of the form",
        ),
        _OCR_CONFIDENCE,
    ],
    "systems": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("system_no", pa.int32(), "システムN"),
        ("name", pa.string(), "①システムの名称"),
        ("functions", pa.string(), "②システムの機能"),
        ("page", pa.int32(), "1-based page of the name"),
    ],
    "entrustments": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("file_no", pa.int32(), "特定個人情報ファイル number"),
        ("item_no", pa.int32(), "委託事項N"),
        ("title", pa.string(), "委託事項 title"),
        ("scope", pa.string(), "全体 | 一部"),
        ("handler_count", pa.string(), "③委託先における取扱者数, label as selected"),
        ("handler_min", pa.int64(), "lower bound of handler_count"),
        ("handler_max", pa.int64(), "upper bound (exclusive) of handler_count; NULL = open"),
        ("contractor", pa.string(), "⑥委託先名"),
        ("subcontract", pa.bool_(), "⑦再委託の有無"),
        ("subcontract_items", pa.string(), "⑨再委託事項"),
        ("page", pa.int32(), "1-based page of the title"),
    ],
    "transfers": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("file_no", pa.int32(), "特定個人情報ファイル number"),
        ("kind", pa.string(), "提供 | 移転"),
        ("item_no", pa.int32(), "提供先N / 移転先N"),
        ("recipient", pa.string(), "提供先 / 移転先"),
        ("legal_basis", pa.string(), "①法令上の根拠"),
        ("purpose", pa.string(), "②用途"),
        ("info", pa.string(), "③提供/移転する情報"),
        ("method", pa.string(), "⑥方法: checked options joined with 、"),
        ("page", pa.int32(), "1-based page of the recipient"),
    ],
    "risk_measures": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("file_no", pa.int32(), "特定個人情報ファイル number, NULL for 基礎項目評価書 IV"),
        ("key", pa.string(), "form key of the self-assessment row"),
        (
            "process",
            pa.string(),
            "入手, 使用, 委託, 提供・移転, 情報提供ネットワークシステムとの接続, 保管・消去, その他 …",
        ),
        ("risk_no", pa.int32(), "リスクN"),
        ("risk_title", pa.string(), "リスクN title"),
        ("measures", pa.string(), "the measures texts of the risk, joined"),
        ("assessment", pa.string(), "self-assessment label (特に力を入れている / 十分である / 課題が残されている)"),
        ("assessment_index", pa.int32(), "1-based index of the assessment in its ＜選択肢＞"),
        ("page", pa.int32(), "1-based page of the assessment"),
    ],
    "changes": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("changed_on", pa.date32(), "変更日"),
        ("item", pa.string(), "項目"),
        ("before", pa.string(), "変更前の記載"),
        ("after", pa.string(), "変更後の記載"),
        ("timing", pa.string(), "提出時期: 事前 | 事後"),
        ("note", pa.string(), "提出時期に係る説明"),
        ("page", pa.int32(), "1-based page"),
    ],
    "meetings": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("body", pa.string(), "e.g. 北九州市個人情報保護審査会"),
        ("session_no", pa.int32(), "第22回 → 22"),
        ("title", pa.string(), "title as printed"),
        ("held_on", pa.date32(), "date of the meeting"),
        ("start_time", pa.time32("s"), "start"),
        ("end_time", pa.time32("s"), "end"),
        ("venue", pa.string(), "place"),
        ("audience_count", pa.int32(), "傍聴人 (なし → 0)"),
        ("agenda", _TEXTS, "agenda items"),
        ("subject", pa.string(), "the 事務 under review, where there is one"),
        ("outcome", pa.string(), "答申の方向性 / conclusion when stated"),
        ("municipality_name", pa.string(), "municipality the body belongs to"),
        ("municipality_code", pa.string(), "its 全国地方公共団体コード"),
    ],
    "attendees": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("group", pa.string(), "committee | agency | secretariat"),
        ("affiliation", pa.string(), "department or body"),
        ("name", pa.string(), "family name as printed"),
        ("title", pa.string(), "会長, 委員, 課長 …"),
        (
            "headcount",
            pa.int32(),
            "people the row stands for when printed as a count (課長ほか6名 → 7, name NULL); NULL = one named person",
        ),
        ("page", pa.int32(), "1-based page of the header line that lists the person"),
        _MINUTES_OCR_CONFIDENCE,
    ],
    "utterances": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("seq", pa.int32(), "1-based order"),
        ("section", pa.string(), "section heading the turn belongs to"),
        ("speaker", pa.string(), "speaker as printed, normalized"),
        (
            "speaker_group",
            pa.string(),
            "chair | committee | agency | secretariat | unknown | narrative "
            "(a paragraph printed outside any turn: minutes without speakers, an account or a list between turns; speaker NULL)",
        ),
        ("text", pa.string(), "what was said"),
        ("page", pa.int32(), "1-based page where the turn starts"),
        ("note", pa.string(), "stage direction printed with the turn (《資料により説明》), kept out of text"),
        _MINUTES_OCR_CONFIDENCE,
    ],
    "sources": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("source_file", pa.string(), "documents.source_file"),
        ("municipality_code", pa.string(), "全国地方公共団体コード of the body the source list names for the file"),
        ("municipality_name", pa.string(), "that body's name"),
        ("source_url", pa.string(), "where the file was published, as the source list gives it"),
        ("listed_in", pa.string(), "the source list (hyokasho-sources.csv) the row comes from"),
    ],
    "comment_rounds": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("subject", pa.string(), "the 事務 the comments were about"),
        ("period_start", pa.date32(), "first day of the comment period"),
        ("period_end", pa.date32(), "last day"),
        ("submitters", pa.int32(), "提出者数"),
        ("opinions", pa.int32(), "意見総数 (0 when none were received)"),
        ("by_channel", pa.map_(pa.string(), pa.int32()), "submitters per channel (郵送, 持参, FAX, 電子メール …)"),
        ("municipality_name", pa.string(), "municipality that ran the round"),
        ("municipality_code", pa.string(), "its 全国地方公共団体コード"),
    ],
    "comments": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("no", pa.int32(), "No."),
        ("opinion", pa.string(), "寄せられたご意見"),
        ("response", pa.string(), "the body's answer"),
        ("page", pa.int32(), "1-based page where the row starts"),
    ],
    # appended last: segment indexes number the tables in this order
    "meeting_items": [
        ("doc_id", pa.string(), "documents.doc_id"),
        ("seq", pa.int32(), "1-based order of the row in the header, as printed"),
        (
            "key",
            pa.string(),
            "what the row is, for the labels hyokasho knows: name | datetime | time | venue | agenda | materials | "
            "attendees | committee | chair | absent | secretariat | organizer | recorder | agency | audience | "
            "disclosure | summary | method | confirm | other | programme (a 会議内容 list followed by more rows); NULL for a label it does not know (問い合わせ先, 次回開催予定日)",
        ),
        ("label", pa.string(), "the label as printed (開催日時, 傍聴者数, 問い合わせ先)"),
        ("value", pa.string(), "the value as printed, lines joined with a newline"),
        ("page", pa.int32(), "1-based page of the label"),
        _MINUTES_OCR_CONFIDENCE,
    ],
}

SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([pa.field(name, typ) for name, typ, _ in cols]) for table, cols in _COLUMNS.items()
}
TABLES: tuple[str, ...] = tuple(SCHEMAS)
# The history of the inputs: rewritten whole by every ingest that changes it, never per document.
HISTORY_TABLES: tuple[str, ...] = ("document_paths",)
# Tables whose rows belong to one document: re-ingesting a file replaces exactly these rows.
DOC_TABLES: tuple[str, ...] = tuple(t for t in TABLES if "doc_id" in SCHEMAS[t].names and t not in HISTORY_TABLES)


def describe(table: str) -> list[tuple[str, str, str]]:
    """(column, type, description) rows for the data dictionary."""
    return [(name, str(typ), desc) for name, typ, desc in _COLUMNS[table]]


class SchemaError(ValueError):
    pass


def validate_rows(
    table: str, rows: Iterable[Mapping[str, Any]], *, complete: bool = False, supplied: Iterable[str] = ()
) -> None:
    """Reject rows with columns the contract does not know: a typo must fail loudly, not vanish.

    `complete`: every column must also be present (None where there is no value), except the
    `supplied` ones the caller adds itself (the pipeline adds doc_id) — so a column an
    extractor forgets fails the tests instead of silently becoming NULL."""
    if table not in SCHEMAS:
        raise SchemaError(f"unknown table {table!r}")
    known = set(SCHEMAS[table].names)
    required = known - set(supplied) if complete else set()
    for row in rows:
        keys = set(row)
        extra = keys - known
        if extra:
            raise SchemaError(f"table {table}: unknown column(s) {sorted(extra)}")
        missing = required - keys
        if missing:
            raise SchemaError(f"table {table}: row lacks column(s) {sorted(missing)} (give None for no value)")


def to_table(table: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts) → a pyarrow Table with the contract's exact column order and types."""
    validate_rows(table, rows)
    schema = SCHEMAS[table]
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)
