-- Question: does the set of 評価書 a body filed for a 事務 match what the しきい値判断 requires, given its
-- own answers in the 基礎項目評価書 (対象人数, 取扱者数, 重大事故)? And does the 基礎項目評価書's stated
-- しきい値判断結果 agree with the rule?
--
-- The rule (特定個人情報保護評価指針, しきい値判断), as encoded in required_level:
--   対象人数 < 1,000                  → not required (0)
--   1,000 ≤ n < 10,000                → 基礎 (1)
--   10,000 ≤ n < 100,000              → 基礎 (1); 基礎+重点 (2) if 取扱者数 ≥ 500 or 重大事故 in the past year
--   100,000 ≤ n < 300,000             → 基礎+重点 (2); 基礎+全項目 (3) under the same two conditions
--   n ≥ 300,000                       → 基礎+全項目 (3)
-- What was verified, and what was not:
--   * Verified against a municipal summary of the 指針 (成田市 特定個人情報保護評価の実施方法, 2015): the three
--     inputs (対象人数・取扱者数・重大事故の有無), 30万人以上 → 基礎+全項目, 10万–30万 → 基礎+全項目 when
--     取扱者数 ≥ 500 or a 重大事故 and 基礎+重点 otherwise. The 指針's own definitions of 対象人数 and
--     取扱者数 (委託先 staff included) were read in a commentary quoting the 指針 text.
--   * Verified: the ＜選択肢＞ of the 基礎項目評価書 (1,000人未満(任意実施) / 1,000人以上1万人未満 /
--     1万人以上10万人未満 / 10万人以上30万人未満 / 30万人以上; 500人以上 / 500人未満; 発生あり / 発生なし)
--     from the sample forms — their bands are exactly the rule's, so range_min alone places a body.
--   * NOT verified from the 指針 text itself (the full text was not reachable): the 1万–10万 band's
--     conditions (taken from the issue and REFERENCES.md §6), and the section number — the table of
--     contents of the 令和6年10月 text lists しきい値判断 under 第5 (実施手続) 2, not 第6.
--   * Filing MORE than required is allowed (a body may do a fuller assessment voluntarily), so it is
--     reported as 'more_than_required', not as an error; only 'less_than_required' is a finding.
--
-- Inputs, from the current (is_latest) 基礎項目評価書 of the (municipality, 事務):
--   choices 'II.1.…対象人数…' (range_min, else parsed from the selected label), 'II.2.…取扱者数…500人以上…',
--   'II.3.…重大事故…'; field 'III.しきい値判断結果' (stated result) and choice 'IV.1.提出する…評価書の種類'.
-- Keys are matched by their section and a word of the label so that 様式 revisions that reword the
-- question still match.
--
-- Columns:
--   prefecture, municipality_name, municipality_code, jimu
--   forms_filed            doc_types filed for the 事務, e.g. 'kiso+zenkomoku' (all revisions in the dataset)
--   filed_level            highest form filed: 1 kiso, 2 juten, 3 zenkomoku
--   target_min             対象人数 band lower bound (people)
--   handlers_500           取扱者数 ≥ 500 (BOOLEAN, NULL = not read)
--   serious_incident       重大事故 in the past year (BOOLEAN, NULL = not read)
--   required_level, required   the rule's answer (0..3 and its label); NULL when an input is missing
--   stated_result          the しきい値判断結果 text as printed
--   stated_level           form_level(stated_result), else form_level(IV.1 評価書の種類)
--   verdict                'match' | 'more_than_required' | 'less_than_required' | 'no_kiso' | 'unknown'
--   stated_agrees          stated_level = required_level (NULL when either is unknown)
--
-- Run: hyokasho query queries/threshold_consistency.sql   (duckdb: .read views.sql, macros.sql, then this file)
WITH filed AS (
    SELECT muni_key, jimu,
           max(prefecture) AS prefecture, max(municipality_name) AS municipality_name,
           max(municipality_code) AS municipality_code,
           string_agg(DISTINCT doc_type, '+' ORDER BY doc_type_level(doc_type)) AS forms_filed,
           max(doc_type_level(doc_type)) AS filed_level,
           max(doc_id) FILTER (WHERE doc_type = 'kiso' AND is_latest) AS kiso_doc
    FROM assessment_docs
    GROUP BY muni_key, jimu
),
answers AS (
    SELECT c.doc_id,
           max(coalesce(c.range_min,
                        CASE WHEN c.selected LIKE '30万人以上%' THEN 300000
                             WHEN c.selected LIKE '10万人以上%' THEN 100000
                             WHEN c.selected LIKE '1万人以上%' THEN 10000
                             WHEN c.selected LIKE '1,000人以上%' OR c.selected LIKE '1000人以上%' THEN 1000
                             WHEN c.selected LIKE '%1,000人未満%' OR c.selected LIKE '%1000人未満%' THEN 0 END))
               FILTER (WHERE c.key LIKE 'II.1.%' AND c.key LIKE '%対象人数%') AS target_min,
           bool_or(CASE WHEN c.selected LIKE '500人以上%' THEN true
                        WHEN c.selected LIKE '500人未満%' THEN false
                        ELSE c.range_min >= 500 END)
               FILTER (WHERE c.key LIKE 'II.2.%' AND c.key LIKE '%取扱者数%') AS handlers_500,
           bool_or(CASE WHEN c.selected LIKE '%発生あり%' THEN true
                        WHEN c.selected LIKE '%発生なし%' THEN false END)
               FILTER (WHERE c.key LIKE 'II.3.%' AND c.key LIKE '%重大事故%') AS serious_incident,
           max(c.selected) FILTER (WHERE c.key LIKE 'IV.1.%' AND c.key LIKE '%評価書の種類%') AS stated_forms
    FROM choices c
    GROUP BY c.doc_id
),
stated AS (
    SELECT doc_id, max(value) AS stated_result
    FROM fields WHERE key = 'III.しきい値判断結果' GROUP BY doc_id
),
judged AS (
    SELECT f.*, an.target_min, an.handlers_500, an.serious_incident, s.stated_result,
           coalesce(form_level(s.stated_result), form_level(an.stated_forms)) AS stated_level,
           -- either condition true is enough; both false is needed to rule them out
           CASE WHEN an.handlers_500 OR an.serious_incident THEN true
                WHEN NOT an.handlers_500 AND NOT an.serious_incident THEN false END AS raises,
    FROM filed f
    LEFT JOIN answers an ON an.doc_id = f.kiso_doc
    LEFT JOIN stated s ON s.doc_id = f.kiso_doc
),
ruled AS (
    SELECT *,
           CASE WHEN target_min IS NULL THEN NULL
                WHEN target_min < 1000 THEN 0
                WHEN target_min < 10000 THEN 1
                WHEN target_min < 100000 THEN CASE WHEN raises THEN 2 WHEN NOT raises THEN 1 END
                WHEN target_min < 300000 THEN CASE WHEN raises THEN 3 WHEN NOT raises THEN 2 END
                ELSE 3 END AS required_level
    FROM judged
)
SELECT prefecture, municipality_name, municipality_code, jimu,
       forms_filed, filed_level, target_min, handlers_500, serious_incident,
       required_level, level_label(required_level) AS required,
       stated_result, stated_level,
       CASE WHEN kiso_doc IS NULL THEN 'no_kiso'
            WHEN required_level IS NULL THEN 'unknown'
            WHEN filed_level = greatest(required_level, 1) THEN 'match'
            WHEN filed_level > greatest(required_level, 1) THEN 'more_than_required'
            ELSE 'less_than_required' END AS verdict,
       stated_level = required_level AS stated_agrees
FROM ruled
ORDER BY verdict = 'match', prefecture NULLS LAST, municipality_name NULLS LAST, jimu NULLS LAST;
