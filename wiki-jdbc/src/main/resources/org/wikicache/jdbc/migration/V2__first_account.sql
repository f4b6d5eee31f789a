-- The first account becomes ADMIN. Two sign-ups racing on an empty table would both see it empty,
-- so the first account is marked, under a unique index: the loser of the race hits the index and
-- signs up as an ordinary account. Every other account leaves the mark NULL (NULLs never clash).
ALTER TABLE users ADD first_account BOOLEAN;
CREATE UNIQUE INDEX users_first_account_uk ON users (first_account);
