-- Each review meeting (議事録) and public-comment round (意見募集結果) with the assessment(s)
-- of the same municipality and 事務.
--
--   hyokasho query queries/meeting_links.sql
--
-- 事務 names are printed differently in each document (国民健康保険事務 / 国民健康保険に関する事務 /
-- 国民健康保険に係る事務), so they are compared by jimu_key: NFKC, no spaces or brackets, and the
-- connector plus the word 事務 removed (the same rule as normalize/jimu.py). Municipalities are
-- compared by code when both sides have one, else by name. A meeting without a subject (a
-- general session) links to nothing; `linked` says whether any assessment matched.

-- jimu_key() is defined in macros.sql (assessment_versions uses it too).

CREATE OR REPLACE VIEW meeting_links AS
WITH events AS (
    SELECT 'meeting' AS kind, m.doc_id, m.held_on AS event_date, m.body AS held_by,
           m.subject, m.municipality_code, m.municipality_name, jimu_key(m.subject) AS k
      FROM meetings m
    UNION ALL
    SELECT 'comment_round', c.doc_id, c.period_end, c.municipality_name,
           c.subject, c.municipality_code, c.municipality_name, jimu_key(c.subject)
      FROM comment_rounds c
),
a AS (
    SELECT a.doc_id AS assessment_doc_id, a.title AS assessment_title, a.jimu, a.published_on,
           a.municipality_code, a.municipality_name, jimu_key(a.jimu) AS k,
           d.doc_type AS assessment_type, d.source_file AS assessment_file
      FROM assessments a JOIN documents d USING (doc_id)
)
SELECT e.kind, e.doc_id, d.source_file, e.event_date, e.held_by, e.subject,
       e.municipality_name,
       a.assessment_doc_id, a.assessment_type, a.assessment_file, a.jimu AS assessment_jimu, a.published_on,
       a.assessment_doc_id IS NOT NULL AS linked
  FROM events e
  JOIN documents d USING (doc_id)
  LEFT JOIN a
    ON e.k IS NOT NULL AND e.k = a.k
   AND (CASE WHEN e.municipality_code IS NOT NULL AND a.municipality_code IS NOT NULL
             THEN e.municipality_code = a.municipality_code
             ELSE e.municipality_name = a.municipality_name END);

SELECT kind, source_file, event_date, subject, municipality_name, assessment_type, assessment_file, linked
  FROM meeting_links ORDER BY municipality_name, subject, kind, event_date;
