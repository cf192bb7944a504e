-- Question: how many 評価書 mention クラウド, ガバメントクラウド or ISMAP anywhere in their text, by year?
-- Searched: every value cell (fields.value). Year: of the assessment date (公表日, else latest 変更日, else
-- VI.1.1 実施日; see assessment_docs in queries/macros.sql); NULL year = undated. Every revision counts
-- in its own year (this is adoption over time, not the current state).
--
-- Columns:
--   year                  publication year (NULL = unknown)
--   assessments           評価書 documents of that year
--   cloud                 documents mentioning クラウド (includes ガバメントクラウド)
--   government_cloud      documents mentioning ガバメントクラウド
--   ismap                 documents mentioning ISMAP (case-insensitive)
--   cloud_share           cloud / assessments, 3 decimals
--
-- Run: hyokasho query queries/cloud_adoption.sql   (duckdb: .read views.sql, macros.sql, then this file)
WITH hits AS (
    SELECT doc_id,
           bool_or(value LIKE '%クラウド%')       AS cloud,
           bool_or(value LIKE '%ガバメントクラウド%') AS government_cloud,
           bool_or(value ILIKE '%ismap%')          AS ismap
    FROM fields
    GROUP BY doc_id
)
SELECT year(a.assessed_on)                                   AS year,
       count(*)                                              AS assessments,
       count(*) FILTER (WHERE h.cloud)                       AS cloud,
       count(*) FILTER (WHERE h.government_cloud)            AS government_cloud,
       count(*) FILTER (WHERE h.ismap)                       AS ismap,
       round(count(*) FILTER (WHERE h.cloud) / count(*), 3)  AS cloud_share
FROM assessment_docs a
LEFT JOIN hits h USING (doc_id)
GROUP BY ALL
ORDER BY year NULLS LAST;
