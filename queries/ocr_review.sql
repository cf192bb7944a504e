-- Question: which values did OCR read with a doubtful character, so that someone checks them on the page?
-- Rows of scanned pages and of fonts without ToUnicode carry ocr_confidence (models/schema.py): the
-- lowest confidence of the value cell's OCR'd characters. Text-layer values (NULL) are never listed.
-- Threshold: SET VARIABLE ocr_review_below = 0.7 first (default 0.9; on the real development filings,
-- 2026-12-03, below 0.9 listed every wrong value of the 200-dpi scans, 39 of 139 values in all).
--
-- Columns:
--   source_file, page, bbox     where to look (bbox: x0, y0, x1, y1 in PDF points, origin top-left)
--   municipality_name, jimu, doc_type
--   tbl                         fields | checks
--   key                         the form key of the row
--   value                       the value as read (checks: the option, then [x] or [ ])
--   ocr_confidence              0–1, lowest first
--
-- Run: hyokasho query queries/ocr_review.sql   (duckdb: .read views.sql, macros.sql, then this file)
WITH doubtful AS (
    SELECT doc_id, 'fields' AS tbl, key, value, page, bbox, ocr_confidence FROM fields
    WHERE ocr_confidence < coalesce(getvariable('ocr_review_below'), 0.9)
    UNION ALL
    SELECT doc_id, 'checks', key, option || CASE WHEN checked THEN ' [x]' ELSE ' [ ]' END, page, bbox, ocr_confidence
    FROM checks
    WHERE ocr_confidence < coalesce(getvariable('ocr_review_below'), 0.9)
)
SELECT
    d.source_file,
    x.page,
    x.bbox,
    a.municipality_name,
    a.jimu,
    d.doc_type,
    x.tbl,
    x.key,
    x.value,
    x.ocr_confidence
FROM doubtful x
JOIN documents d USING (doc_id)
LEFT JOIN assessment_docs a USING (doc_id)
ORDER BY x.ocr_confidence, d.source_file, x.page, x.key;
