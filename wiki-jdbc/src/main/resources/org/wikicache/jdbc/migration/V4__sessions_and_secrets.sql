-- Logged-in sessions (SessionStore), shared by every server of the database. A session is keyed
-- by the SHA-256 of its token in hex, never by the token: a copy of this table logs nobody in.
-- Expiry is checked on every read; expired rows are purged now and then.
CREATE TABLE sessions (
  token_hash  VARCHAR(64) NOT NULL,
  user_id     BIGINT      NOT NULL,
  created_at  BIGINT      NOT NULL,
  expires_at  BIGINT      NOT NULL,
  PRIMARY KEY (token_hash)
) ${table_options};

CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Secrets every server of the database must share, such as the HMAC key that signs the CSRF
-- cookies of anonymous visitors. Written once, on first start, by whichever server gets there
-- first (insert-if-absent under the primary key); secret is base64.
CREATE TABLE shared_secrets (
  name        VARCHAR(64)  NOT NULL,
  secret      VARCHAR(200) NOT NULL,
  created_at  BIGINT       NOT NULL,
  PRIMARY KEY (name)
) ${table_options};
