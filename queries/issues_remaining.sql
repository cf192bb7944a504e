-- Question: which municipalities report 課題が残されている for any risk, in any 事務?
-- Current version of each 評価書 only (is_latest): an issue fixed in a later revision is not listed.
--
-- Columns:
--   prefecture, municipality_name, municipality_code
--   jimu_count      事務 with at least one 課題が残されている
--   risks           number of risk rows rated 課題が残されている
--   jimu            the 事務, sorted
--   details         '事務: process / risk_title' for each such risk, sorted
--
-- Run: hyokasho query queries/issues_remaining.sql   (duckdb: .read views.sql, macros.sql, then this file)
SELECT
    max(a.prefecture)                          AS prefecture,
    max(a.municipality_name)                   AS municipality_name,
    max(a.municipality_code)                   AS municipality_code,
    count(DISTINCT a.jimu)                           AS jimu_count,
    count(*)                                         AS risks,
    list_sort(list_distinct(list(a.jimu)))           AS jimu,
    list_sort(list(concat_ws(': ', coalesce(a.jimu, '?'), concat_ws(' / ', r.process, r.risk_title)))) AS details
FROM risk_measures r
JOIN assessment_docs a USING (doc_id)
WHERE a.is_latest
  AND r.assessment LIKE '%課題が残されている%'
GROUP BY a.muni_key
ORDER BY risks DESC, prefecture NULLS LAST, municipality_name NULLS LAST;
