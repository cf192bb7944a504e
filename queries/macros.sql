-- Macros and helper views shared by the comparison queries in queries/*.sql.
--
-- Read it after views.sql (it builds on the table views):
--   duckdb -c ".read queries/views.sql" -c ".read queries/macros.sql" -c ".read queries/contractors.sql"
-- `hyokasho query` and hyokasho.query.connect() run views.sql and then this file, so every
-- query file can rely on what is defined here. Everything is CREATE OR REPLACE: reading it
-- twice is harmless.
--
-- Defined here:
--   fold_width(s)         full-width ASCII → half-width, ideographic space → space, ㈱/㈲ → (株)/(有)
--   fold_company(s)       委託先 name → a key that folds 株式会社/(株) placement, width, spaces
--                         and 支店/支社/営業所 suffixes (富士通Japan株式会社北九州支店 → 富士通Japan)
--   wareki_date(s)        '令和8年3月31日' / '平成28年1月1日' / '2024年4月1日' / '2024-04-01' → DATE (NULL if not a date)
--   form_level(s)         text naming a form (評価書の種類, しきい値判断結果) → 0 none/任意, 1 基礎, 2 重点, 3 全項目
--   doc_type_level(t)     documents.doc_type → 1 kiso, 2 juten, 3 zenkomoku
--   level_label(n)        0..3 → 'not required' | 'kiso' | 'kiso+juten' | 'kiso+zenkomoku'
--   as_of_date()          the reference date: variable hyokasho_as_of if set (tests, reproducible reports), else today
--   assessment_docs       view: one row per 評価書 document with its municipality key, 事務, doc_type, the date
--                         it was last assessed (assessed_on + where that came from) and is_latest
--   jimu_key(s)           事務 name → matching key (国民健康保険事務 = 国民健康保険に係る事務), as normalize/jimu.py
--   assessment_versions   view: the published versions of each assessment (body × 事務 × 評価書番号 × form),
--                         in order, with dates and the previous / next version
--   form_items            view: one row per form item of a 評価書 (a field, or a check box row with no field);
--                         form_items_in(pairs): the same for the documents of (old_id, new_id) pairs only
--   change_item_key(s)    変更箇所 項目 ('I-5-2所属長', 'IIしきい値判断項目') → form key prefix ('I.5.2', 'II')
--   form_changes(pairs)   table macro: field-by-field changes between the (old_id, new_id) pairs of the
--                         named table or view, each with the newer version's 変更箇所 row that declares it

-- ---------------------------------------------------------------- text folding

CREATE OR REPLACE MACRO fold_width(s) AS
    replace(replace(replace(replace(translate(s,
        '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　',
        '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ '),
        '㈱', '(株)'), '㈲', '(有)'), '㍿', '株式会社'), '（', '(');

-- Why the order matters: a designator at the BACK followed by a branch (…株式会社北九州支店) is cut at
-- the designator first, because once 株式会社 is gone nothing marks where the company name ends.
-- A designator at the FRONT (株式会社日立システムズ九州支社) leaves the branch glued to the name; it is
-- cut only when a kana/latin character precedes the kanji place name, so all-kanji names such as
-- 日本電気九州支社 keep their branch rather than lose part of the company name.
CREATE OR REPLACE MACRO fold_company(s) AS
    nullif(
    regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(
        -- 0. spaces, and explanatory remarks in parentheses (4+ characters, so (株)/(有) stay)
        regexp_replace(regexp_replace(fold_width(s), '\s+', '', 'g'), '\([^)]{4,}\)', '', 'g'),
        -- 1. back designator + anything ending in a branch word: keep what precedes the designator
        '^(.+?)(株式会社|有限会社|合同会社|\(株\)|\(有\)|\(同\)).*(支店|支社|営業所|出張所|事業所|支所|本店|本社)$', '\1'),
        -- 2. the designator itself, wherever it stands
        '株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|\(有\)|\(同\)|\(資\)|\(名\)', '', 'g'),
        -- 3. front-designator names: kana/latin name + kanji place + branch word
        '^(.*[^一-龥々ヶ])[一-龥々ヶ]{1,6}(支店|支社|営業所|出張所|事業所|支所)$', '\1'),
        -- 4. stray separators at either end; a bare dash (— = 記載なし) becomes NULL
        '^[・\-—―‐\s]+|[・\-—―‐\s]+$', '', 'g'),
    '');

-- ---------------------------------------------------------------- dates

CREATE OR REPLACE MACRO _wareki_base(era) AS
    CASE era WHEN '令和' THEN 2018 WHEN '平成' THEN 1988 WHEN '昭和' THEN 1925 END;

CREATE OR REPLACE MACRO wareki_date(s) AS
    coalesce(
        try(make_date(
            _wareki_base(regexp_extract(s, '(令和|平成|昭和)\s*(元|[0-9]+)\s*年', 1))
              + CASE regexp_extract(s, '(令和|平成|昭和)\s*(元|[0-9]+)\s*年', 2)
                    WHEN '元' THEN 1
                    ELSE try_cast(regexp_extract(s, '(令和|平成|昭和)\s*(元|[0-9]+)\s*年', 2) AS INTEGER) END,
            try_cast(regexp_extract(s, '年\s*([0-9]+)\s*月', 1) AS INTEGER),
            try_cast(regexp_extract(s, '月\s*([0-9]+)\s*日', 1) AS INTEGER))),
        try(make_date(
            try_cast(regexp_extract(s, '([0-9]{4})\s*[年/.\-]\s*([0-9]{1,2})\s*[月/.\-]\s*([0-9]{1,2})', 1) AS INTEGER),
            try_cast(regexp_extract(s, '([0-9]{4})\s*[年/.\-]\s*([0-9]{1,2})\s*[月/.\-]\s*([0-9]{1,2})', 2) AS INTEGER),
            try_cast(regexp_extract(s, '([0-9]{4})\s*[年/.\-]\s*([0-9]{1,2})\s*[月/.\-]\s*([0-9]{1,2})', 3) AS INTEGER))));

CREATE OR REPLACE MACRO as_of_date() AS
    coalesce(try_cast(getvariable('hyokasho_as_of') AS DATE), current_date);

-- ---------------------------------------------------------------- forms

-- 全項目 is tested first: '基礎項目評価及び全項目評価の実施が義務付けられる' names both.
CREATE OR REPLACE MACRO form_level(s) AS
    CASE
        WHEN s IS NULL OR trim(s) = '' THEN NULL
        WHEN s LIKE '%全項目%' THEN 3
        WHEN s LIKE '%重点項目%' THEN 2
        WHEN s LIKE '%基礎項目%' THEN 1
        WHEN s LIKE '%義務付けられない%' OR s LIKE '%任意%' OR s LIKE '%実施しない%' THEN 0
    END;

CREATE OR REPLACE MACRO doc_type_level(t) AS
    CASE t WHEN 'kiso' THEN 1 WHEN 'juten' THEN 2 WHEN 'zenkomoku' THEN 3 END;

CREATE OR REPLACE MACRO level_label(n) AS
    CASE n WHEN 0 THEN 'not required' WHEN 1 THEN 'kiso' WHEN 2 THEN 'kiso+juten' WHEN 3 THEN 'kiso+zenkomoku' END;

-- ---------------------------------------------------------------- assessment documents

-- Driven by documents (not assessments) so a 評価書 whose cover the extractor could not read
-- still counts, under an unknown municipality. muni_key prefers the 団体コード: names repeat
-- across prefectures (府中市 in 東京都 and 広島県).
CREATE OR REPLACE VIEW _assessment_docs_dated AS
WITH base AS (
    SELECT d.doc_id, d.doc_type, d.source_file, d.status, d.ingested_at, d.extractor_version,
           a.assessment_no, a.title, a.jimu, a.organization,
           nullif(a.municipality_code, '') AS municipality_code,
           coalesce(nullif(a.municipality_name, ''), nullif(a.organization, '')) AS municipality_name,
           nullif(a.prefecture, '') AS prefecture,
           a.published_on,
           coalesce(nullif(a.municipality_code, ''), nullif(a.municipality_name, ''), nullif(a.organization, ''))
               AS muni_key
    FROM documents d
    LEFT JOIN (SELECT * FROM assessments QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY assessment_no) = 1) a
           USING (doc_id)
    WHERE d.doc_type IN ('kiso', 'juten', 'zenkomoku')
),
last_change AS (
    SELECT doc_id, max(changed_on) AS changed_on FROM changes GROUP BY doc_id
),
undated AS (  -- the documents whose date falls back to the 実施日
    SELECT b.doc_id FROM base b LEFT JOIN last_change c USING (doc_id)
     WHERE b.published_on IS NULL AND c.changed_on IS NULL
),
implemented AS (  -- VI.1.1 実施日 (重点/全項目評価書), printed in 和暦; parsed only where it is used
    SELECT doc_id, max(wareki_date(value)) AS implemented_on
      FROM fields SEMI JOIN undated USING (doc_id) WHERE key = 'VI.1.1' GROUP BY doc_id
),
dated AS (
    SELECT b.*,
           coalesce(b.published_on, c.changed_on, i.implemented_on) AS assessed_on,
           CASE WHEN b.published_on IS NOT NULL THEN 'published_on'
                WHEN c.changed_on IS NOT NULL THEN 'changes.changed_on'
                WHEN i.implemented_on IS NOT NULL THEN 'VI.1.1 実施日' END AS assessed_on_source
    FROM base b
    LEFT JOIN last_change c USING (doc_id)
    LEFT JOIN implemented i USING (doc_id)
)
FROM dated;

-- is_latest apart: DuckDB computes a window even when no column of it is used, and
-- assessment_versions (which has its own order) does not need this one
CREATE OR REPLACE VIEW assessment_docs AS
SELECT *,
       -- the current version of each form a body keeps for a 事務 (older revisions stay in the dataset)
       row_number() OVER (PARTITION BY muni_key, jimu, doc_type
                          ORDER BY assessed_on DESC NULLS LAST, ingested_at DESC, doc_id) = 1 AS is_latest
FROM _assessment_docs_dated;

-- ---------------------------------------------------------------- versions of an assessment

-- The same rule as normalize/jimu.py: NFKC, no spaces or brackets, the connector and 事務 removed.
CREATE OR REPLACE MACRO jimu_key(s) AS nullif(
    regexp_replace(
        regexp_replace(regexp_replace(nfc_normalize(coalesce(s, '')), '[\s　・、「」『』()（）]', '', 'g'),
                       '(に関する|に係る|に係わる|についての|における|の)?事務(等)?$', ''),
        '^$', ''), '');

-- A body re-publishes an assessment after a 再評価 or a 修正 under the same 評価書番号: the
-- documents of one body, 事務, 評価書番号 and form are the versions of one assessment, ordered
-- by the date each was assessed (公表日, else the latest 変更日, else 実施日; see assessment_docs),
-- then by when they were ingested. A body that moves to another form (基礎+重点 → 基礎+全項目)
-- starts a new lineage for that form: comparing a 重点 with a 全項目 field by field means little.
-- A document whose 評価書番号 could not be read forms its lineage with the others lacking one.
CREATE OR REPLACE VIEW assessment_versions AS
WITH v AS (
    SELECT muni_key, municipality_code, municipality_name, prefecture, jimu, jimu_key(jimu) AS jimu_key,
           doc_type, assessment_no, doc_id, source_file, assessed_on, assessed_on_source, published_on,
           ingested_at
      FROM _assessment_docs_dated
)
SELECT *,
       row_number() OVER w AS version_no,
       count(*) OVER (PARTITION BY muni_key, jimu_key, doc_type, assessment_no) AS versions,
       lag(doc_id) OVER w AS prev_doc_id,
       lag(assessed_on) OVER w AS prev_assessed_on,
       lead(doc_id) OVER w AS next_doc_id,
       lead(doc_id) OVER w IS NULL AS is_latest
  FROM v
WINDOW w AS (PARTITION BY muni_key, jimu_key, doc_type, assessment_no
             ORDER BY assessed_on NULLS FIRST, ingested_at, doc_id);

-- Consecutive versions: what form_changes('version_pairs') compares.
CREATE OR REPLACE VIEW version_pairs AS
SELECT prev_doc_id AS old_id, doc_id AS new_id FROM assessment_versions WHERE prev_doc_id IS NOT NULL;

-- Every field of a 評価書 is one item; check boxes printed in a heading (no field row) are one
-- item per heading, the checked options joined. kind says what the value is. form_items_in(pairs)
-- gives the items of the documents named in the (old_id, new_id) pairs of the named table or
-- view only, so comparing a few versions does not classify the items of every document.
CREATE OR REPLACE MACRO form_items_in(pairs) AS TABLE
WITH d AS (SELECT DISTINCT unnest([old_id, new_id]) AS doc_id FROM query_table(pairs)),
     ff AS (SELECT f.doc_id, f.file_no, f.key, f.label, f.value, f.page FROM fields f SEMI JOIN d USING (doc_id)),
     ch AS (SELECT DISTINCT c.doc_id, c.file_no, c.key FROM choices c SEMI JOIN d USING (doc_id)),
     ck AS (SELECT c.doc_id, c.file_no, c.key, c.option, c.checked, c.page FROM checks c SEMI JOIN d USING (doc_id)),
     ckk AS (SELECT DISTINCT doc_id, file_no, key FROM ck)
SELECT ff.doc_id, ff.file_no, ff.key, ff.label, ff.value, ff.page,
       CASE WHEN ch.key IS NOT NULL THEN 'choice' WHEN ckk.key IS NOT NULL THEN 'checks' ELSE 'field' END AS kind
  FROM ff
  LEFT JOIN ch ON ch.doc_id = ff.doc_id AND ch.key = ff.key AND ch.file_no IS NOT DISTINCT FROM ff.file_no
  LEFT JOIN ckk ON ckk.doc_id = ff.doc_id AND ckk.key = ff.key AND ckk.file_no IS NOT DISTINCT FROM ff.file_no
UNION ALL
SELECT ck.doc_id, ck.file_no, ck.key, NULL AS label,
       string_agg(CASE WHEN ck.checked THEN ck.option END, '、' ORDER BY ck.option) AS value,
       min(ck.page) AS page, 'checks' AS kind
  FROM ck ANTI JOIN ff ON ff.doc_id = ck.doc_id AND ff.key = ck.key AND ff.file_no IS NOT DISTINCT FROM ck.file_no
 GROUP BY ck.doc_id, ck.file_no, ck.key;

CREATE OR REPLACE VIEW _every_document AS SELECT doc_id AS old_id, doc_id AS new_id FROM documents;
CREATE OR REPLACE VIEW form_items AS FROM form_items_in('_every_document');

-- Values compared without white space: extraction of the same printed text can differ in the
-- spaces it keeps ('中間サ ーバー'), and a change of spacing alone is not a change of content.
CREATE OR REPLACE MACRO ws_fold(s) AS regexp_replace(coalesce(s, ''), '\s+', '', 'g');

-- '変更箇所' 項目 as bodies print it → the form key it names: a part numeral, then up to three
-- numbers ('I-5-2所属長' → I.5.2, 'II しきい値判断項目' → II, 'III 2. 3' → III.2.3). Circled
-- numbers are already digits (NFKC at ingest). NULL when the item does not start with a part.
CREATE OR REPLACE MACRO roman_fold(s) AS  -- Ⅰ … Ⅶ (one code point each) as I … VII, as NFKC does
    replace(replace(replace(replace(replace(replace(replace(s,
        'Ⅶ', 'VII'), 'Ⅵ', 'VI'), 'Ⅳ', 'IV'), 'Ⅴ', 'V'), 'Ⅲ', 'III'), 'Ⅱ', 'II'), 'Ⅰ', 'I');

CREATE OR REPLACE MACRO change_item_key(s) AS
    CASE WHEN regexp_matches(ws_fold(roman_fold(fold_width(s))), '^(VII|VI|IV|V|III|II|I)([^A-Za-z]|$)') THEN
        array_to_string(list_filter([
            regexp_extract(ws_fold(roman_fold(fold_width(s))), '^(VII|VI|IV|V|III|II|I)([-.・]?([0-9]+))?([-.・]([0-9]+))?([-.・]([0-9]+))?', 1),
            nullif(regexp_extract(ws_fold(roman_fold(fold_width(s))), '^(VII|VI|IV|V|III|II|I)([-.・]?([0-9]+))?([-.・]([0-9]+))?([-.・]([0-9]+))?', 3), ''),
            nullif(regexp_extract(ws_fold(roman_fold(fold_width(s))), '^(VII|VI|IV|V|III|II|I)([-.・]?([0-9]+))?([-.・]([0-9]+))?([-.・]([0-9]+))?', 5), ''),
            nullif(regexp_extract(ws_fold(roman_fold(fold_width(s))), '^(VII|VI|IV|V|III|II|I)([-.・]?([0-9]+))?([-.・]([0-9]+))?([-.・]([0-9]+))?', 7), '')
        ], x -> x IS NOT NULL), '.')
    END;

-- The changes between each (old_id, new_id) of the table or view named by `pairs`: one row per
-- form item added, removed or changed (white space aside). A change is declared when a 変更箇所
-- row that the newer version has and the older did not
--   * names its key (change_item_key is the key or a prefix of it at a dot), or
--   * names its label (the 項目 text contains the item's label, 4+ characters), or
--   * quotes its new value as 変更後の記載 (or, for a removed item, its old value as 変更前).
-- cover.公表日 changes with every publication and is never expected in 変更箇所 (declared NULL).
CREATE OR REPLACE MACRO form_changes(pairs) AS TABLE
WITH p AS (SELECT DISTINCT old_id, new_id FROM query_table(pairs)),
items AS (FROM form_items_in(pairs)),
o AS (SELECT p.old_id, p.new_id, i.* EXCLUDE (doc_id) FROM p JOIN items i ON i.doc_id = p.old_id),
n AS (SELECT p.old_id, p.new_id, i.* EXCLUDE (doc_id) FROM p JOIN items i ON i.doc_id = p.new_id),
d AS (
    SELECT coalesce(n.old_id, o.old_id) AS old_id, coalesce(n.new_id, o.new_id) AS new_id,
           CASE WHEN o.key IS NULL THEN 'added' WHEN n.key IS NULL THEN 'removed' ELSE 'changed' END AS change,
           coalesce(n.kind, o.kind) AS kind, coalesce(n.file_no, o.file_no) AS file_no, coalesce(n.key, o.key) AS key,
           coalesce(n.label, o.label) AS label, o.value AS old_value, n.value AS new_value,
           o.page AS old_page, n.page AS new_page
      FROM o FULL OUTER JOIN n
        ON o.old_id = n.old_id AND o.new_id = n.new_id AND o.key = n.key AND o.file_no IS NOT DISTINCT FROM n.file_no
     WHERE o.key IS NULL OR n.key IS NULL
        OR (o.value IS DISTINCT FROM n.value AND ws_fold(o.value) <> ws_fold(n.value))  -- the regex only where they differ
),
-- 変更箇所 rows of the compared documents only, each folded once: folding every row of `changes`
-- (or folding again for each candidate pair in the joins below) dominated the cost at 50,000 documents
prior AS (
    SELECT c0.doc_id, c0.changed_on, ws_fold(c0.item) AS item_ws, ws_fold(c0.after) AS after_ws
      FROM changes c0 SEMI JOIN (SELECT DISTINCT old_id FROM p) po ON c0.doc_id = po.old_id
),
declarations AS (  -- 変更箇所 rows new in the newer version
    SELECT p.old_id, p.new_id, c.changed_on, c.item, c.item_key, c.item_fw, c.before_ws, c.after_ws
      FROM p JOIN (SELECT doc_id, changed_on, item, change_item_key(item) AS item_key,
                          ws_fold(fold_width(item)) AS item_fw, ws_fold(item) AS item_ws,
                          ws_fold(before) AS before_ws, ws_fold(after) AS after_ws
                     FROM changes SEMI JOIN (SELECT DISTINCT new_id FROM p) pn ON doc_id = pn.new_id) c
                ON c.doc_id = p.new_id
     WHERE NOT EXISTS (SELECT 1 FROM prior c0
                        WHERE c0.doc_id = p.old_id AND c0.changed_on IS NOT DISTINCT FROM c.changed_on
                          AND c0.item_ws = c.item_ws AND c0.after_ws = c.after_ws)
),
dk AS (  -- the changed items with the folded texts the declaration rules compare
    SELECT old_id, new_id, key, file_no, change, length(ws_fold(label)) AS label_len,
           ws_fold(fold_width(label)) AS label_fw, ws_fold(new_value) AS new_ws, ws_fold(old_value) AS old_ws
      FROM d
),
matched AS (
    SELECT d.old_id, d.new_id, d.key, d.file_no,
           min(x.item ORDER BY x.changed_on DESC NULLS LAST, x.item) AS declared_by,
           min(x.changed_on) AS declared_on
      FROM dk d JOIN declarations x ON x.old_id = d.old_id AND x.new_id = d.new_id
     WHERE (x.item_key IS NOT NULL AND (d.key = x.item_key OR starts_with(d.key, x.item_key || '.')))
        OR (d.label_len >= 4 AND contains(x.item_fw, d.label_fw))
        OR (d.change <> 'removed' AND length(x.after_ws) >= 4 AND contains(d.new_ws, x.after_ws))
        OR (d.change = 'removed' AND length(x.before_ws) >= 4 AND contains(d.old_ws, x.before_ws))
     GROUP BY ALL
)
SELECT d.*,
       CASE WHEN d.key = 'cover.公表日' THEN NULL ELSE m.declared_by IS NOT NULL END AS declared,
       m.declared_by, m.declared_on
  FROM d LEFT JOIN matched m
    ON m.old_id = d.old_id AND m.new_id = d.new_id AND m.key = d.key AND m.file_no IS NOT DISTINCT FROM d.file_no;
