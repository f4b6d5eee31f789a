-- MariaDB's utf8mb4_bin is a PAD SPACE collation: 'Main' = 'Main ' and 'ada' = 'ada '. A cache
-- keys things by their exact name, so two names the database calls equal would be two cache keys
-- for one row, and an invalidation of one would leave the other stale. The NO PAD collation makes
-- the database compare names exactly, as H2 and PostgreSQL (COLLATE "C") do.
ALTER TABLE pages MODIFY name VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE revisions MODIFY page VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE users MODIFY username_key VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE notification_outbox MODIFY page_name VARCHAR(255) COLLATE utf8mb4_nopad_bin;
ALTER TABLE change_log MODIFY subject VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;
