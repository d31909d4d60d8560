package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Renews the leases of running {@code @Idempotent} calls, so a short lease covers a long call and a
 * crashed caller's key is free soon after. One small pool of daemon threads serves every call;
 * {@link #close()} stops it (the application context does so on shutdown). A failed renewal is
 * logged with its key and never interrupts the call; a lost lease stops that call's renewals.
 */
public final class IdempotencyHeartbeat implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(IdempotencyHeartbeat.class);

    private final ScheduledExecutorService executor;

    /** Creates the heartbeat with two daemon threads, so one slow renewal does not hold up others. */
    public IdempotencyHeartbeat() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "idempotency-heartbeat-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    /**
     * Starts renewing a lease every {@code interval}, each time to {@code lease} from then.
     *
     * @param store the store holding the lease
     * @param key the key
     * @param ownerToken the lease's owner token
     * @param lease the lease length each renewal grants
     * @param interval the time between renewals
     * @return the running heartbeat; close it when the call ends, before completing the record
     */
    public Beat start(IdempotencyStore store, String key, String ownerToken, Duration lease, Duration interval) {
        Beat beat = new Beat(store, key, ownerToken, lease);
        long nanos = interval.toNanos();
        beat.future = executor.scheduleWithFixedDelay(beat::renew, nanos, nanos, TimeUnit.NANOSECONDS);
        return beat;
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return executor.isShutdown();
    }

    /** Stops every heartbeat; calls still running keep their leases only until they expire. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The heartbeat of one call. */
    public static final class Beat implements AutoCloseable {

        private final IdempotencyStore store;
        private final String key;
        private final String ownerToken;
        private final Duration lease;
        private volatile boolean stopped;
        private volatile @Nullable ScheduledFuture<?> future;

        private Beat(IdempotencyStore store, String key, String ownerToken, Duration lease) {
            this.store = store;
            this.key = key;
            this.ownerToken = ownerToken;
            this.lease = lease;
        }

        private void renew() {
            if (stopped) {
                return;
            }
            try {
                store.touch(key, ownerToken, lease);
            } catch (LeaseLostException ex) {
                if (!stopped) {
                    logger.warn("Lease on idempotency key " + key + " was lost while the call ran (" + ex.reason()
                            + "); stopped renewing it");
                }
                close();
            } catch (RuntimeException ex) {
                if (!stopped) {
                    logger.warn("Could not renew the lease on idempotency key " + key + "; will retry", ex);
                }
            }
        }

        /** Stops renewing; a renewal already under way may still finish. */
        @Override
        public void close() {
            stopped = true;
            ScheduledFuture<?> running = future;
            if (running != null) {
                running.cancel(false);
            }
        }
    }
}
