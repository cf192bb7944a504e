-- Question: how old is each municipality's latest 評価書 for each 事務, and which are past the 5-year
-- re-evaluation (the 指針 asks bodies to re-assess at least once within 5 years)?
-- The date of an assessment is, in this order: 公表日 (assessments.published_on), else the latest 変更日
-- in its 変更箇所 (changes.changed_on), else VI.1.1 実施日 (重点/全項目, parsed from 和暦) — see
-- assessment_docs in queries/macros.sql. "Today" is the variable hyokasho_as_of when set
-- (SET VARIABLE hyokasho_as_of = DATE '2026-04-01'), else current_date.
--
-- Columns:
--   prefecture, municipality_name, municipality_code, jimu
--   forms                 doc_types filed for the 事務 (kiso, kiso+zenkomoku …)
--   assessed_on           date of the newest assessment among those forms (NULL = no date found)
--   assessed_on_source    'published_on' | 'changes.changed_on' | 'VI.1.1 実施日'
--   due_on                assessed_on + 5 years
--   age_years             (as_of − assessed_on) in years, 1 decimal
--   overdue               as_of > due_on (NULL when undated)
--   source_file           the document the date comes from
--
-- Run: hyokasho query queries/reevaluation_due.sql   (duckdb: .read views.sql, macros.sql, then this file)
-- The date, its source and the file come from one document (the newest; ties by source_file), so
-- the three columns never mix documents — arg_max on each would pick among ties independently.
WITH ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY muni_key, jimu
                              ORDER BY assessed_on DESC NULLS LAST, source_file) AS rank_in_jimu
    FROM assessment_docs
),
per_jimu AS (
    SELECT muni_key, jimu,
           max(prefecture) AS prefecture, max(municipality_name) AS municipality_name,
           max(municipality_code) AS municipality_code,
           string_agg(DISTINCT doc_type, '+' ORDER BY doc_type_level(doc_type)) AS forms,
           max(assessed_on) FILTER (WHERE rank_in_jimu = 1) AS assessed_on,
           max(assessed_on_source) FILTER (WHERE rank_in_jimu = 1) AS assessed_on_source,
           max(source_file) FILTER (WHERE rank_in_jimu = 1) AS source_file
    FROM ranked
    GROUP BY muni_key, jimu
)
SELECT prefecture, municipality_name, municipality_code, jimu, forms,
       assessed_on, assessed_on_source,
       (assessed_on + INTERVAL 5 YEAR)::DATE                          AS due_on,
       round(date_diff('day', assessed_on, as_of_date()) / 365.25, 1) AS age_years,
       as_of_date() > (assessed_on + INTERVAL 5 YEAR)::DATE            AS overdue,
       source_file
FROM per_jimu
ORDER BY overdue DESC NULLS LAST, assessed_on NULLS LAST, prefecture NULLS LAST, municipality_name NULLS LAST, jimu;
