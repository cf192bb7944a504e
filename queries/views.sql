-- One view per table of the dataset contract (models/schema.py, docs/SCHEMA.md).
--
-- From the duckdb CLI, at the project root:
--   duckdb -c ".read queries/views.sql" -c "SELECT doc_type, count(*) FROM documents GROUP BY ALL"
-- Another dataset folder:
--   duckdb -c "SET VARIABLE hyokasho_data = 'path/to/out'" -c ".read queries/views.sql" -c "…"
-- `hyokasho query` runs this same file with hyokasho_data set from --data.
-- A test checks that every table of models/schema.py has a view here.

CREATE OR REPLACE VIEW documents AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/documents/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW ingest_errors AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/ingest_errors/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW document_paths AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/document_paths/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW assessments AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/assessments/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW fields AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/fields/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW choices AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/choices/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW checks AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/checks/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW systems AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/systems/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW entrustments AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/entrustments/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW transfers AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/transfers/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW risk_measures AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/risk_measures/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW changes AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/changes/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW meetings AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/meetings/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW attendees AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/attendees/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW utterances AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/utterances/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW sources AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/sources/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW comment_rounds AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/comment_rounds/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW comments AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/comments/**/*.parquet', union_by_name = true);
CREATE OR REPLACE VIEW meeting_items AS SELECT * FROM read_parquet(coalesce(getvariable('hyokasho_data'), 'data/parquet') || '/meeting_items/**/*.parquet', union_by_name = true);
