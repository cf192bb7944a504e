-- Question: which values did OCR read with a doubtful character, so that someone checks them on the page?
-- Rows of scanned pages and of fonts without ToUnicode carry ocr_confidence (models/schema.py): the
-- lowest confidence of the OCR'd characters the row was read from (評価書: the value cell; minutes:
-- the person's name, the turn's lines, the header value). Text-layer rows (NULL) are never listed.
-- Threshold: SET VARIABLE ocr_review_below = 0.7 first (default 0.9; on the real development filings,
-- 2026-12-03, below 0.9 listed every wrong value of the 200-dpi scans, 39 of 139 values in all).
--
-- Columns:
--   source_file, page, bbox     where to look (bbox: x0, y0, x1, y1 in PDF points, origin top-left;
--                               NULL for minutes rows, which trace to their page)
--   municipality_name, jimu, doc_type
--   tbl                         fields | checks | attendees | utterances | meeting_items
--   key                         the form key of the row (attendees: the group; utterances: seq;
--                               meeting_items: the label as printed)
--   value                       the value as read (checks: the option, then [x] or [ ]; attendees:
--                               title and name; utterances: speaker: text, cut at 60 characters)
--   ocr_confidence              0–1, lowest first
--
-- Run: hyokasho query queries/ocr_review.sql   (duckdb: .read views.sql, macros.sql, then this file)
WITH read_by_ocr AS (
    SELECT doc_id, 'fields' AS tbl, key, value, page, bbox, ocr_confidence FROM fields
    UNION ALL
    SELECT doc_id, 'checks', key, option || CASE WHEN checked THEN ' [x]' ELSE ' [ ]' END, page, bbox, ocr_confidence
    FROM checks
    UNION ALL
    SELECT doc_id, 'attendees', "group", concat_ws(' ', title, name), page, NULL, ocr_confidence
    FROM attendees
    UNION ALL
    SELECT doc_id, 'utterances', CAST(seq AS VARCHAR), coalesce(speaker || ': ', '') || left(text, 60), page, NULL, ocr_confidence
    FROM utterances
    UNION ALL
    SELECT doc_id, 'meeting_items', label, value, page, NULL, ocr_confidence
    FROM meeting_items
)
SELECT
    d.source_file,
    x.page,
    x.bbox,
    coalesce(a.municipality_name, m.municipality_name) AS municipality_name,
    a.jimu,
    d.doc_type,
    x.tbl,
    x.key,
    x.value,
    x.ocr_confidence
FROM read_by_ocr x
JOIN documents d USING (doc_id)
LEFT JOIN assessment_docs a USING (doc_id)
LEFT JOIN meetings m USING (doc_id)
WHERE x.ocr_confidence < coalesce(getvariable('ocr_review_below'), 0.9)
ORDER BY x.ocr_confidence, d.source_file, x.page, x.key;
