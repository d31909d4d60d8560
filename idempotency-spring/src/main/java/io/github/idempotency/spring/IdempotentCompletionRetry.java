package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Stores again, in the background, a result that the store could not take (a database restart, a
 * Redis failover): after 100 ms, then pauses doubling to 2 s, for up to one lease from the first
 * failure, on the JDK's timer threads. The heartbeat goes on renewing the lease meanwhile and stops
 * once the result is stored, the lease is found lost, or the retries give up; the key is then freed
 * when its lease ends.
 */
final class IdempotentCompletionRetry {

    private static final Log logger = LogFactory.getLog(IdempotentCompletionRetry.class);
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 2000;

    private final IdempotencyStore store;

    IdempotentCompletionRetry(IdempotencyStore store) {
        this.store = store;
    }

    /** Starts retrying; returns at once. */
    void start(IdempotentMethod method, String key, String ownerToken, byte[] result, IdempotencyHeartbeat.Beat beat) {
        attemptLater(
                method,
                key,
                ownerToken,
                result,
                beat,
                System.nanoTime() + method.lease().toNanos(),
                FIRST_PAUSE_MILLIS);
    }

    private void attemptLater(
            IdempotentMethod method,
            String key,
            String ownerToken,
            byte[] result,
            IdempotencyHeartbeat.Beat beat,
            long deadline,
            long pauseMillis) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) - deadline > 0) {
            beat.close();
            logger.error("Gave up storing the result of " + method.description() + " for idempotency key " + key
                    + "; a duplicate may run again once the lease ends");
            return;
        }
        CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS).execute(() -> {
            try {
                store.complete(key, ownerToken, result, method.retention());
                beat.close();
                logger.info("Stored the result of " + method.description() + " for idempotency key " + key
                        + " on a later attempt");
            } catch (LeaseLostException ex) {
                beat.close();
                logger.warn(method.description() + " lost its lease on idempotency key " + key
                        + " before its result could be stored (" + ex.reason() + ")");
            } catch (RuntimeException ex) {
                attemptLater(
                        method, key, ownerToken, result, beat, deadline, Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS));
            }
        });
    }
}
