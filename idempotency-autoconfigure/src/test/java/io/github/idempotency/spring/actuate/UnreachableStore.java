package io.github.idempotency.spring.actuate;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

/** A store whose server is down: every call fails the way a durable store reports it. */
public final class UnreachableStore implements IdempotencyStore {

    private static IdempotencyStoreException down() {
        return new IdempotencyStoreException("store unreachable", new ConnectException("Connection refused"));
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
