package io.github.idempotency.test;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

/**
 * A store whose server is down: every call throws {@link IdempotencyStoreException}, as a durable
 * store does when its server cannot be reached. For testing what callers do then (a 503, no
 * execution without a lease, fail-open).
 */
public final class UnreachableIdempotencyStore implements IdempotencyStore {

    private static IdempotencyStoreException down() {
        return new IdempotencyStoreException("store unreachable", new ConnectException("connection refused"));
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        throw down();
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        throw down();
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        throw down();
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        throw down();
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        throw down();
    }

    @Override
    public void delete(String key) {
        throw down();
    }

    @Override
    public int sweep() {
        throw down();
    }
}
