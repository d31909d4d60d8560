-- Idempotency records for PostgreSQL. Times come from the database clock, to the millisecond.
CREATE TABLE IF NOT EXISTS idempotency_record (
    idempotency_key VARCHAR(256) NOT NULL PRIMARY KEY,
    state VARCHAR(16) NOT NULL,
    owner_token VARCHAR(64),
    created_at TIMESTAMPTZ(3) NOT NULL,
    updated_at TIMESTAMPTZ(3) NOT NULL,
    expires_at TIMESTAMPTZ(3) NOT NULL,
    result BYTEA,
    result_hash CHAR(64),
    error_code VARCHAR(64),
    error_message VARCHAR(512)
);
CREATE INDEX IF NOT EXISTS idempotency_record_expires_at_idx ON idempotency_record (expires_at);
