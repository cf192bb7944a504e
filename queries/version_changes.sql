-- Question: when a body re-published an assessment, what changed between consecutive versions,
-- and which of those changes does the newer version's 変更箇所 not declare?
--
--   hyokasho query queries/version_changes.sql
--   hyokasho query queries/version_changes.sql --format csv --excel > version_changes.csv
--
-- Versions are those of assessment_versions (macros.sql: one body × 事務 × 評価書番号 × form,
-- ordered by the date assessed); each consecutive pair is compared item by item by form key
-- with form_changes (the same comparison as `hyokasho diff OLD NEW`). A change counts as
-- declared when a 変更箇所 row new in the newer version names its key, its label, or quotes its
-- new value (see form_changes in macros.sql for the exact rule); cover.公表日 changes with every
-- publication and has declared = NULL. Only the undeclared: add `WHERE c.declared = false`.
--
-- Columns: prefecture, municipality_name, jimu, doc_type, assessment_no; old_version,
-- old_assessed_on, new_version, new_assessed_on, old_file, new_file; change (added | removed |
-- changed), kind (field | choice | checks), file_no, key, label, old_value, new_value, old_page,
-- new_page; declared, declared_by (the 変更箇所 項目 that declares it).

-- the versions once (a view would be computed again for every use)
CREATE OR REPLACE TEMP TABLE _versions AS FROM assessment_versions;
CREATE OR REPLACE TEMP TABLE _version_pairs AS
    SELECT prev_doc_id AS old_id, doc_id AS new_id FROM _versions WHERE prev_doc_id IS NOT NULL;

SELECT v.prefecture, v.municipality_name, v.jimu, v.doc_type, v.assessment_no,
       v.version_no - 1 AS old_version, v.prev_assessed_on AS old_assessed_on,
       v.version_no AS new_version, v.assessed_on AS new_assessed_on,
       po.source_file AS old_file, v.source_file AS new_file,
       c.change, c.kind, c.file_no, c.key, c.label, c.old_value, c.new_value, c.old_page, c.new_page,
       c.declared, c.declared_by
  FROM form_changes('_version_pairs') c
  JOIN _versions v ON v.doc_id = c.new_id AND v.prev_doc_id = c.old_id
  JOIN _versions po ON po.doc_id = c.old_id  -- the older version's file (it is a version too: no documents scan)
 ORDER BY v.prefecture NULLS LAST, v.municipality_name, v.jimu, v.doc_type, v.assessment_no, v.version_no,
          coalesce(c.new_page, c.old_page), c.file_no NULLS FIRST, c.key;
