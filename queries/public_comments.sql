-- Question: how many opinions did each public-comment round (意見募集) receive, and what share of rounds
-- received none?
-- One row per round. The share over all rounds repeats on every row (share_zero_all) so the table
-- stands alone in a spreadsheet; rounds whose 意見総数 was not read are left out of that share.
--
-- Columns:
--   municipality_name, subject (the 事務), period_start, period_end
--   submitters            提出者数
--   opinions              意見総数 as printed (0 = none received, NULL = not read)
--   comment_rows          rows in the comments table for the round (a cross-check of opinions)
--   zero_opinions         opinions = 0
--   rounds_all            number of rounds in the dataset
--   share_zero_all        share of rounds (with a known count) that received no opinion, 3 decimals
--   source_file
--
-- Run: hyokasho query queries/public_comments.sql   (duckdb: .read views.sql, macros.sql, then this file)
WITH rows_per_doc AS (
    SELECT doc_id, count(*) AS n FROM comments GROUP BY doc_id
)
SELECT r.municipality_name, r.subject, r.period_start, r.period_end, r.submitters, r.opinions,
       coalesce(c.n, 0)                                             AS comment_rows,
       r.opinions = 0                                               AS zero_opinions,
       count(*) OVER ()                                             AS rounds_all,
       round(avg((r.opinions = 0)::INTEGER) OVER (), 3)             AS share_zero_all,
       d.source_file
FROM comment_rounds r
LEFT JOIN rows_per_doc c USING (doc_id)
LEFT JOIN documents d USING (doc_id)
ORDER BY r.period_start NULLS LAST, r.municipality_name NULLS LAST, r.subject NULLS LAST;
