package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import java.time.Clock;

/** What every call of every {@code @Idempotent} method shares: the store and the aspect's helpers. */
record IdempotentRuntime(
        IdempotencyStore store,
        IdempotentResultCodec codec,
        IdempotentCallSettler settler,
        IdempotencyHeartbeat heartbeat,
        IdempotencyListeners listeners,
        Clock clock,
        IdempotentTransactions transactions) {}
