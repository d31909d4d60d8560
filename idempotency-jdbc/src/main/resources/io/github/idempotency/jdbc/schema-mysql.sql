-- Idempotency records for MariaDB 10.5+ (the store needs INSERT ... RETURNING). Times are UTC
-- wall-clock DATETIME(3) from UTC_TIMESTAMP(3): independent of session time zones, no 2038 limit.
CREATE TABLE IF NOT EXISTS idempotency_record (
    idempotency_key VARCHAR(256) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    state VARCHAR(16) NOT NULL,
    owner_token VARCHAR(64),
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    result LONGBLOB,
    result_hash CHAR(64),
    error_code VARCHAR(64),
    error_message VARCHAR(512),
    INDEX idempotency_record_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
