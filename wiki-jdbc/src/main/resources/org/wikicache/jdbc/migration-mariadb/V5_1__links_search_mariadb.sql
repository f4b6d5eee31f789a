-- MariaDB: names compared exactly (NO PAD, as in V3_1), and the FULLTEXT index of search_text.
-- The text is stored lower-cased, and searched in BOOLEAN MODE with every word required (+).
ALTER TABLE links MODIFY source VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL,
  MODIFY target VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE search_text MODIFY name VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE blocked_users MODIFY username_key VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE pages MODIFY deleted_by VARCHAR(255) COLLATE utf8mb4_nopad_bin;
CREATE FULLTEXT INDEX search_text_fulltext_idx ON search_text (title, body);
