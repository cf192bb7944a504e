-- Question: what share of 委託事項 are passed on to a 再委託先, by prefecture and 事務?
-- One row per (prefecture, 事務), plus one row per prefecture with jimu = NULL (all 事務) and a
-- final row with both NULL (everything). Current version of each 評価書 only (is_latest).
--
-- Columns:
--   prefecture, jimu          NULL in the subtotal rows (is_total says which kind of row it is)
--   is_total                  'jimu' | 'prefecture' | 'all'
--   municipalities            distinct municipalities contributing rows
--   entrustments              委託事項 rows
--   with_subcontract          rows with 再委託する
--   unknown                   rows whose 再委託の有無 was not read (NULL)
--   subcontract_share         with_subcontract / (entrustments − unknown), 3 decimals; NULL when nothing known
--
-- Run: hyokasho query queries/subcontracting.sql   (duckdb: .read views.sql, macros.sql, then this file)
SELECT
    a.prefecture,
    a.jimu,
    CASE grouping(a.prefecture, a.jimu) WHEN 0 THEN 'jimu' WHEN 1 THEN 'prefecture' ELSE 'all' END AS is_total,
    count(DISTINCT a.muni_key)                                   AS municipalities,
    count(*)                                                     AS entrustments,
    count(*) FILTER (WHERE e.subcontract)                        AS with_subcontract,
    count(*) FILTER (WHERE e.subcontract IS NULL)                AS unknown,
    round(avg(e.subcontract::INTEGER), 3)                        AS subcontract_share
FROM entrustments e
JOIN assessment_docs a USING (doc_id)
WHERE a.is_latest
GROUP BY GROUPING SETS ((a.prefecture, a.jimu), (a.prefecture), ())
HAVING count(*) > 0  -- no lone grand-total row on an empty dataset
ORDER BY grouping(a.prefecture, a.jimu), a.prefecture NULLS LAST, a.jimu NULLS LAST;
