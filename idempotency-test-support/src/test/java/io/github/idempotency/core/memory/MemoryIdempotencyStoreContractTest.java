package io.github.idempotency.core.memory;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.AbstractIdempotencyStoreContractTest;
import io.github.idempotency.test.MutableClock;
import java.time.Duration;

class MemoryIdempotencyStoreContractTest extends AbstractIdempotencyStoreContractTest {

    private final MutableClock clock = MutableClock.startingAtFixedInstant();

    @Override
    protected IdempotencyStore createStore(Duration defaultLease, int maxResultBytes) {
        return new MemoryIdempotencyStore(
                new MemoryIdempotencyStore.Options(defaultLease, 10_000, maxResultBytes), clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }
}
