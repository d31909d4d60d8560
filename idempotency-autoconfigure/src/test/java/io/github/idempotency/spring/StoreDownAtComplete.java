package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** A memory store whose server goes down just as a result is stored: every {@code complete} throws. */
class StoreDownAtComplete implements IdempotencyStore {

    private final MemoryIdempotencyStore memory =
            new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC());

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        return memory.tryBegin(key, lease);
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        return memory.touch(key, ownerToken, lease);
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        throw new IdempotencyStoreException("store unreachable", new ConnectException("connection refused"));
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        return memory.fail(key, ownerToken, code, message, retention);
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return memory.get(key);
    }

    @Override
    public void delete(String key) {
        memory.delete(key);
    }

    @Override
    public int sweep() {
        return memory.sweep();
    }
}
