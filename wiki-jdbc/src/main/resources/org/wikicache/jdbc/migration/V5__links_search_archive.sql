-- Issue 15: the link graph, full-text search, the archive of deleted pages, protection, blocks.
-- A deleted page keeps its row and its revisions (is_deleted); every read filters it out, and
-- restoring clears the flag. Protection is a flag of the page row, so it moves with the page.
ALTER TABLE pages ADD is_deleted BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE pages ADD deleted_by VARCHAR(255);
ALTER TABLE pages ADD deleted_at BIGINT;
ALTER TABLE pages ADD is_protected BOOLEAN DEFAULT FALSE NOT NULL;

-- One row per [[link]] of each page's latest revision (WikiLinks.targets), replaced in each
-- save's transaction. The primary key serves "links of a page", the index "what links here"
-- and "wanted pages" (both in target order, keyset paged).
CREATE TABLE links (
  source  ${name_type} NOT NULL,
  target  ${name_type} NOT NULL,
  PRIMARY KEY (source, target)
) ${table_options};

CREATE INDEX links_target_idx ON links (target, source);

-- The text search reads: the lower-cased title and the first 100 000 characters of the latest
-- revision, lower-cased, of each page that is not a redirect. Each database indexes it with its
-- own engine (PostgreSQL: a tsvector column and a GIN index; MariaDB: a FULLTEXT index; both in
-- their V5_1); H2 matches whole words with regular expressions.
CREATE TABLE search_text (
  name   ${name_type}  NOT NULL,
  title  VARCHAR(255)  NOT NULL,
  body   ${text_type}  NOT NULL,
  PRIMARY KEY (name)
) ${table_options};

-- Users blocked from editing, by lower-cased username.
CREATE TABLE blocked_users (
  username_key  VARCHAR(255) NOT NULL,
  blocked_at    BIGINT       NOT NULL,
  PRIMARY KEY (username_key)
) ${table_options};

-- A user's contributions, newest first, keyset paged by seq.
CREATE INDEX revisions_author_idx ON revisions (author, seq);

-- Pages saved before this version have no links and no search text yet: the first JdbcWiki that
-- opens the database indexes them (PageIndex.backfill, in batches that lock their pages' rows),
-- then sets backfilled.
CREATE TABLE page_index_state (
  id          INT     NOT NULL,
  backfilled  BOOLEAN NOT NULL,
  PRIMARY KEY (id)
) ${table_options};

INSERT INTO page_index_state (id, backfilled) VALUES (1, FALSE);
