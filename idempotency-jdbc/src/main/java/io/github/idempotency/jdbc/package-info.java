/**
 * An {@link io.github.idempotency.core.IdempotencyStore} on a relational database through Spring's
 * {@code JdbcTemplate}: PostgreSQL, MariaDB and H2, one statement per call, leases timed by the
 * database clock.
 */
@NullMarked
package io.github.idempotency.jdbc;

import org.jspecify.annotations.NullMarked;
