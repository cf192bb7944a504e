-- Question: which 委託先 (contractors) handle 特定個人情報ファイル for the most municipalities and 事務?
-- Name variants are folded with fold_company() (queries/macros.sql): 株式会社/(株)/㈱ before or after
-- the name, full/half width, spaces, and branch suffixes (富士通Japan株式会社北九州支店 → 富士通Japan).
-- Counts use the current version of each 評価書 (assessment_docs.is_latest), so a contractor named in
-- five revisions of one 全項目評価書 counts once per 事務, not five times.
--
-- Columns:
--   contractor        folded name (the grouping key)
--   municipalities    distinct municipalities (団体コード, else name) that entrust to it
--   jimu              distinct (municipality, 事務) pairs
--   entrustments      委託事項 rows naming it
--   with_subcontract  of those, how many 再委託する
--   variants          the distinct names as printed, sorted
--
-- Run: hyokasho query queries/contractors.sql
--      duckdb: .read queries/views.sql  .read queries/macros.sql  .read queries/contractors.sql
SELECT
    fold_company(e.contractor)                          AS contractor,
    count(DISTINCT a.muni_key)                          AS municipalities,
    count(DISTINCT (a.muni_key, a.jimu))                AS jimu,
    count(*)                                            AS entrustments,
    count(*) FILTER (WHERE e.subcontract)               AS with_subcontract,
    list_sort(list_distinct(list(e.contractor)))        AS variants
FROM entrustments e
JOIN assessment_docs a USING (doc_id)
WHERE a.is_latest
  AND fold_company(e.contractor) IS NOT NULL
GROUP BY 1
ORDER BY municipalities DESC, jimu DESC, entrustments DESC, contractor;
