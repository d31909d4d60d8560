package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/**
 * Runs a method whose return value is its result: the record is settled when the method returns or
 * throws, on the caller's thread, with the transaction open there if any (see {@link
 * IdempotentCall.Lease}), and a conflict wait sleeps that thread between polls.
 */
final class SynchronousReturnTypeHandler implements IdempotentReturnTypeHandler {

    @Override
    public boolean canHandleReturnType(Class<?> returnType) {
        return true;
    }

    @Override
    public ResolvableType resultType(ResolvableType returnType) {
        return returnType;
    }

    @Override
    public @Nullable Object handle(IdempotentCall call) throws Throwable {
        IdempotentCall.Backoff backoff = call.backoff();
        while (true) {
            BeginResult begin = call.begin();
            switch (begin.outcome()) {
                case ACQUIRED -> {
                    return run(call, call.transactionalLease(begin));
                }
                case REPLAY -> {
                    return call.replay(begin);
                }
                case CONFLICT -> {
                    Duration pause = backoff.next();
                    if (pause == null || !sleep(pause)) {
                        throw call.conflict(begin);
                    }
                }
            }
        }
    }

    private static @Nullable Object run(IdempotentCall call, IdempotentCall.Lease lease) throws Throwable {
        Object result;
        try {
            result = call.proceed(lease);
        } catch (Throwable failure) {
            lease.failed(failure);
            throw failure;
        }
        lease.completed(result);
        return result;
    }

    /** Sleeps between polls of a conflicting key; false when interrupted, so the caller stops waiting. */
    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis(), (int) (pause.toNanos() % 1_000_000));
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
