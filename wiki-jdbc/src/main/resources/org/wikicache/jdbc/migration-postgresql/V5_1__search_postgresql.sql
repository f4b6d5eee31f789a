-- PostgreSQL: a tsvector of each page's search text (the title weighted above the body; the
-- 'simple' configuration, which lower-cases and neither stems nor drops words, so that every
-- database finds the same whole words) and its GIN index.
ALTER TABLE search_text ADD COLUMN tsv tsvector GENERATED ALWAYS AS
  (setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'D'))
  STORED;
CREATE INDEX search_text_tsv_idx ON search_text USING GIN (tsv);
