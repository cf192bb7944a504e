-- Question: the cross-municipality overview — for each municipality, how many 事務 it assessed, which
-- forms it filed, how much it entrusts and subcontracts, and whether it reports 課題が残されている anywhere.
-- Counts use the current version of each 評価書 (assessment_docs.is_latest).
--
-- Columns:
--   prefecture, municipality_name, municipality_code
--   data                  'real', 'synthetic' (every 評価書 of it carries hyokasho's marker for invented
--                         demo documents: documents.synthetic — its facts are NOT the body's) or 'real+synthetic'
--   jimu                  事務 with at least one 評価書
--   kiso, juten, zenkomoku   事務 whose current forms include a 基礎 / 重点 / 全項目評価書
--   entrustments          委託事項 rows
--   subcontract_share     share of those with 再委託 (3 decimals; NULL when none known)
--   issues_remaining      true if any risk is rated 課題が残されている
--   latest_assessed_on    newest assessment date (公表日, else 変更日, else 実施日)
--
-- Run: hyokasho query queries/municipalities.sql   (duckdb: .read views.sql, macros.sql, then this file)
WITH docs AS (
    SELECT a.*, coalesce(d.synthetic, false) AS synthetic
    FROM assessment_docs a JOIN documents d USING (doc_id) WHERE a.is_latest
),
muni AS (
    SELECT muni_key,
           max(prefecture) AS prefecture, max(municipality_name) AS municipality_name,
           max(municipality_code) AS municipality_code,
           count(DISTINCT jimu) AS jimu,
           count(DISTINCT jimu) FILTER (WHERE doc_type = 'kiso')      AS kiso,
           count(DISTINCT jimu) FILTER (WHERE doc_type = 'juten')     AS juten,
           count(DISTINCT jimu) FILTER (WHERE doc_type = 'zenkomoku') AS zenkomoku,
           max(assessed_on) AS latest_assessed_on,
           CASE WHEN bool_and(synthetic) THEN 'synthetic' WHEN bool_or(synthetic) THEN 'real+synthetic'
                ELSE 'real' END AS data
    FROM docs GROUP BY muni_key
),
ent AS (
    SELECT d.muni_key, count(*) AS entrustments, round(avg(e.subcontract::INTEGER), 3) AS subcontract_share
    FROM entrustments e JOIN docs d USING (doc_id) GROUP BY d.muni_key
),
risk AS (
    SELECT d.muni_key, bool_or(r.assessment LIKE '%課題が残されている%') AS issues_remaining
    FROM risk_measures r JOIN docs d USING (doc_id) GROUP BY d.muni_key
)
SELECT m.prefecture, m.municipality_name, m.municipality_code, m.data,
       m.jimu, m.kiso, m.juten, m.zenkomoku,
       coalesce(e.entrustments, 0) AS entrustments,
       e.subcontract_share,
       coalesce(r.issues_remaining, false) AS issues_remaining,
       m.latest_assessed_on
FROM muni m
LEFT JOIN ent e USING (muni_key)
LEFT JOIN risk r USING (muni_key)
ORDER BY m.prefecture NULLS LAST, m.municipality_code NULLS LAST, m.municipality_name NULLS LAST;
