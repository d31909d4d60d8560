package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import java.time.Duration;
import java.util.Optional;

/** A store that passes every call to another; a test store overrides only the calls it disturbs. */
public abstract class ForwardingIdempotencyStore implements IdempotencyStore {

    private final IdempotencyStore delegate;

    protected ForwardingIdempotencyStore(IdempotencyStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        return delegate.tryBegin(key, lease);
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        return delegate.touch(key, ownerToken, lease);
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        return delegate.complete(key, ownerToken, result, retention);
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        return delegate.fail(key, ownerToken, code, message, retention);
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public int sweep() {
        return delegate.sweep();
    }
}
