package io.github.idempotency.test;

import io.github.idempotency.core.IdempotencyStore;
import java.time.Duration;

/**
 * The behaviour every {@link IdempotencyStore} must show. A store's test extends this class and
 * supplies the store and a way to let time pass; every test here then runs against it.
 */
public abstract class AbstractIdempotencyStoreContractTest {

    /**
     * Creates the store under test. Called once per test; keys are unique per test, so stores may be
     * shared or reused.
     *
     * @param defaultLease the lease the store must use when a call passes zero or a negative lease
     * @param maxResultBytes the largest result the store must accept
     * @return the store
     */
    protected abstract IdempotencyStore createStore(Duration defaultLease, int maxResultBytes);

    /**
     * Lets {@code duration} pass for the store: a store on an injected clock moves it; a store that
     * uses its server's clock waits.
     *
     * @param duration how much time must pass
     */
    protected abstract void elapse(Duration duration);
}
