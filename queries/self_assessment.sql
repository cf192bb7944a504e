-- Question: how do bodies rate their own risk measures (リスクへの対策は十分か: 特に力を入れている /
-- 十分である / 課題が残されている), per risk and per municipality?
-- Two kinds of rows, told apart by `dimension`:
--   'risk'          one row per (process, risk_title) across all municipalities
--   'municipality'  one row per municipality across all its risks and 事務
-- Current version of each 評価書 only (is_latest). Labels other than the three (blank, unreadable)
-- count in `other` so totals always add up.
--
-- Columns:
--   dimension                     'risk' | 'municipality'
--   process, risk_title           set on 'risk' rows
--   prefecture, municipality_name, municipality_code   set on 'municipality' rows
--   data                          on 'municipality' rows: 'real', 'synthetic' (invented demo documents,
--                                 documents.synthetic) or 'real+synthetic'
--   total                         rated risks
--   especially_focused            特に力を入れている
--   sufficient                    十分である
--   issues_remaining              課題が残されている
--   other                         anything else, including NULL
--   issues_share                  issues_remaining / total, 3 decimals
--
-- Run: hyokasho query queries/self_assessment.sql   (duckdb: .read views.sql, macros.sql, then this file)
WITH rated AS (
    SELECT r.process, r.risk_title, a.muni_key, r.risk_no,
           -- the form's section number (III.2 入手 … III.7 保管・消去) gives the risks their printed order
           try_cast(split_part(r.key, '.', 2) AS INTEGER) AS section_no,
           -- one display name per municipality even if its documents disagree (max: deterministic)
           max(a.prefecture) OVER w AS prefecture, max(a.municipality_name) OVER w AS municipality_name,
           max(a.municipality_code) OVER w AS municipality_code,
           CASE WHEN bool_and(coalesce(d.synthetic, false)) OVER w THEN 'synthetic'
                WHEN bool_or(coalesce(d.synthetic, false)) OVER w THEN 'real+synthetic' ELSE 'real' END AS data,
           CASE WHEN r.assessment LIKE '%特に力を入れている%' THEN 'especially_focused'
                WHEN r.assessment LIKE '%十分である%' THEN 'sufficient'
                WHEN r.assessment LIKE '%課題が残されている%' THEN 'issues_remaining'
                ELSE 'other' END AS rating
    FROM risk_measures r
    JOIN assessment_docs a USING (doc_id)
    JOIN documents d USING (doc_id)
    WHERE a.is_latest
    WINDOW w AS (PARTITION BY a.muni_key)
)
SELECT
    CASE WHEN grouping(process, risk_title) = 0 THEN 'risk' ELSE 'municipality' END AS dimension,
    process,
    risk_title,
    prefecture,
    municipality_name,
    municipality_code,
    data,
    count(*)                                              AS total,
    count(*) FILTER (WHERE rating = 'especially_focused') AS especially_focused,
    count(*) FILTER (WHERE rating = 'sufficient')         AS sufficient,
    count(*) FILTER (WHERE rating = 'issues_remaining')   AS issues_remaining,
    count(*) FILTER (WHERE rating = 'other')              AS other,
    round(count(*) FILTER (WHERE rating = 'issues_remaining') / count(*), 3) AS issues_share
FROM rated
GROUP BY GROUPING SETS ((process, risk_title), (muni_key, prefecture, municipality_name, municipality_code, data))
ORDER BY dimension DESC,
         CASE WHEN grouping(process, risk_title) = 0 THEN min(section_no) END NULLS LAST,
         CASE WHEN grouping(process, risk_title) = 0 THEN min(risk_no) END NULLS LAST, process NULLS LAST, risk_title NULLS LAST,
         prefecture NULLS LAST, municipality_code NULLS LAST, municipality_name NULLS LAST;
