package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;

/** A memory store whose server goes down just as a result is stored: every {@code complete} throws. */
class StoreDownAtComplete extends ForwardingIdempotencyStore {

    StoreDownAtComplete() {
        super(new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()));
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        throw new IdempotencyStoreException("store unreachable", new ConnectException("connection refused"));
    }
}
