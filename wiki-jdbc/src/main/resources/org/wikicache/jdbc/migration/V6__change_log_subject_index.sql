-- Read replicas: before a value read from a replica may be cached, the primary is asked for the
-- latest logged change of that value (kind and subject); this index makes that a short index
-- scan (MAX(position) for one subject reads one index entry).
CREATE INDEX change_log_subject_idx ON change_log (kind, subject, position);
