package io.github.idempotency.spring.messaging;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.time.Duration;
import java.util.Optional;

/** A memory store that can be taken down and brought back, as a store server can. */
final class OutageStore implements IdempotencyStore {

    private final IdempotencyStore up = new MemoryIdempotencyStore();
    private final IdempotencyStore down = new UnreachableIdempotencyStore();
    private volatile boolean unreachable;

    void down() {
        unreachable = true;
    }

    void up() {
        unreachable = false;
    }

    private IdempotencyStore store() {
        return unreachable ? down : up;
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        return store().tryBegin(key, lease);
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        return store().touch(key, ownerToken, lease);
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        return store().complete(key, ownerToken, result, retention);
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        return store().fail(key, ownerToken, code, message, retention);
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return store().get(key);
    }

    @Override
    public void delete(String key) {
        store().delete(key);
    }

    @Override
    public int sweep() {
        return store().sweep();
    }
}
