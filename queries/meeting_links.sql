-- Question: which assessment did each review meeting (議事録) and public-comment round
-- (意見募集結果) concern? One row per meeting or round, with the assessment(s) of the same body
-- and 事務 it links to.
--
--   hyokasho query queries/meeting_links.sql
--
-- 事務 names are printed differently in each document (国民健康保険事務 / 国民健康保険に関する事務 /
-- 国民健康保険に係る事務), so they are compared by jimu_key (macros.sql, the rule of
-- normalize/jimu.py). The body of a meeting or round is, in this order: what the document says
-- (meetings/comment_rounds.municipality_*), what its folder's source list says (the `sources`
-- table, from hyokasho-sources.csv), or the body whose name the committee's name starts with
-- (北九州市個人情報保護審査会 → 北九州市, among the bodies whose assessments are in the dataset);
-- municipality_from says which. Bodies are compared by 団体コード when both sides have one, else
-- by name. Of each form (kiso / juten / zenkomoku) one version is linked: the first assessed on
-- or after the meeting (the 第三者点検 and the comment period come before publication), else
-- the latest before it. A meeting without a subject (a general session) links to nothing.
--
-- Columns: kind (meeting | comment_round), source_file, event_date, held_by, subject,
-- municipality_name, municipality_from (document | source list | committee), assessment_types
-- (e.g. kiso+zenkomoku), assessment_files, linked.

CREATE OR REPLACE VIEW meeting_links AS
WITH listed AS (
    SELECT doc_id, any_value(municipality_code) AS municipality_code, any_value(municipality_name) AS municipality_name
      FROM sources GROUP BY doc_id
),
bodies AS (  -- the names a committee's title can start with, of every body with an assessment
    SELECT DISTINCT municipality_code AS code, name FROM (
        SELECT municipality_code, municipality_name AS name FROM assessments
        UNION ALL
        SELECT municipality_code, regexp_replace(organization, '(長|知事)$', '') FROM assessments)
     WHERE length(name) >= 2
),
events AS (
    SELECT 'meeting' AS kind, m.doc_id, m.held_on AS event_date, m.body AS held_by, m.subject,
           m.municipality_code, m.municipality_name
      FROM meetings m
    UNION ALL
    SELECT 'comment_round', c.doc_id, c.period_end, c.municipality_name, c.subject,
           c.municipality_code, c.municipality_name
      FROM comment_rounds c
),
committee AS (  -- only for events that name no body; names are matched as prefixes of the committee's name
    SELECT e.kind, e.doc_id, arg_max(b.code, length(b.name)) AS code, arg_max(b.name, length(b.name)) AS name
      FROM (SELECT kind, doc_id, held_by, unnest(range(2, least(length(held_by), 16) + 1)) AS n
              FROM events WHERE held_by IS NOT NULL AND municipality_code IS NULL AND municipality_name IS NULL) e
      JOIN bodies b ON b.name = left(e.held_by, e.n::BIGINT)
     GROUP BY ALL
),
resolved AS (
    SELECT e.kind, e.doc_id, e.event_date, e.held_by, e.subject, jimu_key(e.subject) AS k,
           coalesce(e.municipality_code, l.municipality_code, CASE WHEN e.municipality_name IS NULL THEN c.code END)
               AS municipality_code,
           coalesce(e.municipality_name, l.municipality_name, c.name) AS municipality_name,
           CASE WHEN coalesce(e.municipality_code, e.municipality_name) IS NOT NULL THEN 'document'
                WHEN coalesce(l.municipality_code, l.municipality_name) IS NOT NULL THEN 'source list'
                WHEN c.name IS NOT NULL THEN 'committee' END AS municipality_from
      FROM events e
      LEFT JOIN listed l USING (doc_id)
      LEFT JOIN committee c ON c.kind = e.kind AND c.doc_id = e.doc_id
),
a AS (
    SELECT v.doc_id AS assessment_doc_id, v.doc_type AS assessment_type, v.source_file AS assessment_file,
           v.jimu AS assessment_jimu, v.jimu_key AS k, v.assessed_on, v.published_on, v.version_no,
           coalesce(v.municipality_code, l.municipality_code) AS municipality_code,
           coalesce(a.municipality_name, l.municipality_name, regexp_replace(a.organization, '(長|知事)$', ''))
               AS municipality_name
      FROM assessment_versions v
      LEFT JOIN (SELECT doc_id, any_value(municipality_name) AS municipality_name,
                        any_value(organization) AS organization FROM assessments GROUP BY 1) a ON a.doc_id = v.doc_id
      LEFT JOIN listed l ON l.doc_id = v.doc_id
),
matches AS (  -- by code where both sides have one, else by name: two hash joins, not a loop
    SELECT e.kind, e.doc_id, a.* FROM resolved e JOIN a ON e.k = a.k AND e.municipality_code = a.municipality_code
    UNION ALL
    SELECT e.kind, e.doc_id, a.* FROM resolved e JOIN a ON e.k = a.k AND e.municipality_name = a.municipality_name
     WHERE e.municipality_code IS NULL OR a.municipality_code IS NULL
)
SELECT e.kind, e.doc_id, d.source_file, e.event_date, e.held_by, e.subject, e.municipality_name,
       e.municipality_from, m.assessment_doc_id, m.assessment_type, m.assessment_file, m.assessment_jimu,
       m.version_no AS assessment_version, m.published_on, m.assessment_doc_id IS NOT NULL AS linked
  FROM resolved e
  JOIN documents d USING (doc_id)
  LEFT JOIN matches m ON m.kind = e.kind AND m.doc_id = e.doc_id
QUALIFY row_number() OVER (
    PARTITION BY e.kind, e.doc_id, m.assessment_type
    ORDER BY (m.assessed_on >= e.event_date) IS NOT TRUE,            -- on or after the event first
             CASE WHEN m.assessed_on >= e.event_date THEN m.assessed_on END ASC NULLS LAST,
             m.assessed_on DESC NULLS LAST, m.assessment_doc_id) = 1;

SELECT kind, source_file, event_date, held_by, subject, municipality_name, municipality_from,
       string_agg(assessment_type, '+' ORDER BY doc_type_level(assessment_type)) AS assessment_types,
       list(assessment_file ORDER BY doc_type_level(assessment_type)) FILTER (WHERE assessment_file IS NOT NULL)
           AS assessment_files,
       bool_or(linked) AS linked
  FROM meeting_links
 GROUP BY kind, doc_id, source_file, event_date, held_by, subject, municipality_name, municipality_from
 ORDER BY municipality_name NULLS LAST, subject, kind, event_date, source_file;
