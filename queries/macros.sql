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
CREATE OR REPLACE VIEW assessment_docs AS
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
implemented AS (  -- VI.1.1 実施日 (重点/全項目評価書), printed in 和暦
    SELECT doc_id, max(wareki_date(value)) AS implemented_on FROM fields WHERE key = 'VI.1.1' GROUP BY doc_id
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
SELECT *,
       -- the current version of each form a body keeps for a 事務 (older revisions stay in the dataset)
       row_number() OVER (PARTITION BY muni_key, jimu, doc_type
                          ORDER BY assessed_on DESC NULLS LAST, ingested_at DESC, doc_id) = 1 AS is_latest
FROM dated;
