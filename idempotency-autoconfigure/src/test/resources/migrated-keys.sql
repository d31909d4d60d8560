-- Idempotency records for H2 2.x. Times come from the database clock, to the millisecond.
-- H2 counts UTF-16 units, so the error columns hold 64 and 512 characters of any plane.
CREATE TABLE IF NOT EXISTS migrated_keys (
    idempotency_key VARCHAR(256) NOT NULL PRIMARY KEY,
    state VARCHAR(16) NOT NULL,
    owner_token VARCHAR(64),
    created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    result VARBINARY,
    result_hash CHAR(64),
    error_code VARCHAR(128),
    error_message VARCHAR(1024)
);
CREATE INDEX IF NOT EXISTS migrated_keys_expires_at_idx ON migrated_keys (expires_at);
