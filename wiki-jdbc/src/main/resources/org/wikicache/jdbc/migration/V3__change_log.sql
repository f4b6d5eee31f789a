-- The change log: what each committed write made obsolete, appended in the write's transaction,
-- read by every process's cache relay (see ChangeLog). Positions come from the single row of
-- change_log_head, which each writing transaction updates last: the row lock orders commits, so
-- positions are gap-free and commit in position order, and a reader that sees position p sees
-- every position below it.
CREATE TABLE change_log (
  position    BIGINT       NOT NULL,
  kind        VARCHAR(16)  NOT NULL,
  subject     ${name_type} NOT NULL,
  created_at  BIGINT       NOT NULL,
  PRIMARY KEY (position)
) ${table_options};

CREATE INDEX change_log_created_idx ON change_log (created_at);

CREATE TABLE change_log_head (
  id        INT    NOT NULL,
  position  BIGINT NOT NULL,
  PRIMARY KEY (id)
) ${table_options};

INSERT INTO change_log_head (id, position) VALUES (1, 0);

-- The relays that read the log, one per caching layer: how far each has handled the log, and a
-- version that changes with every report (a relay whose version stops changing is dead).
CREATE TABLE cache_relays (
  id             ${identity},
  description    VARCHAR(200) NOT NULL,
  position       BIGINT       NOT NULL,
  version        BIGINT       NOT NULL,
  registered_at  BIGINT       NOT NULL,
  PRIMARY KEY (id)
) ${table_options};
