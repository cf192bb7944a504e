-- Question: how many review meetings (審査会・第三者点検) dealt with each 事務, per municipality?
-- A meeting counts for the 事務 in meetings.subject; meetings without one (報告事項, 会長の選出 …) are
-- grouped under subject = NULL so they are still visible.
--
-- Columns:
--   municipality_name     from meetings.municipality_name, else the body name
--   subject               the 事務 under review (NULL = none stated)
--   meetings              number of meetings
--   first_held_on, last_held_on
--   sessions              session numbers (第N回), sorted
--   bodies                the reviewing bodies, sorted
--
-- Run: hyokasho query queries/meetings_per_jimu.sql   (duckdb: .read views.sql, macros.sql, then this file)
SELECT coalesce(nullif(municipality_name, ''), body)       AS municipality_name,
       subject,
       count(*)                                           AS meetings,
       min(held_on)                                       AS first_held_on,
       max(held_on)                                       AS last_held_on,
       coalesce(list_sort(list(session_no) FILTER (WHERE session_no IS NOT NULL)), []) AS sessions,
       coalesce(list_sort(list_distinct(list(body) FILTER (WHERE body IS NOT NULL))), []) AS bodies
FROM meetings
GROUP BY ALL
ORDER BY meetings DESC, municipality_name NULLS LAST, subject NULLS LAST;
