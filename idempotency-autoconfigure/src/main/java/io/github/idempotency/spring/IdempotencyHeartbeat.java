package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Renews the leases of running {@code @Idempotent} calls and {@code Idempotency-Key} requests, so a
 * short lease covers a long call and a crashed caller's key is free soon after. One daemon thread
 * only schedules the beats; the renewals ({@code touch}) run on a separate bounded pool of daemon
 * threads, so a renewal that hangs on a slow store holds up only its own call. Each call has at most
 * one renewal in flight: a beat that finds the previous renewal still running is skipped and logged.
 * {@link #close()} stops both (the application context does so on shutdown). A failed renewal is
 * logged with its key and never interrupts the call; a lost lease stops that call's renewals.
 */
public final class IdempotencyHeartbeat implements AutoCloseable {

    /** Renewals that may run at once, across all calls, unless the constructor says otherwise. */
    public static final int DEFAULT_MAX_CONCURRENT_RENEWALS = 16;

    private static final Log logger = LogFactory.getLog(IdempotencyHeartbeat.class);

    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor renewals;

    /** Creates the heartbeat with up to {@value #DEFAULT_MAX_CONCURRENT_RENEWALS} renewals at once. */
    public IdempotencyHeartbeat() {
        this(DEFAULT_MAX_CONCURRENT_RENEWALS);
    }

    /**
     * Creates the heartbeat. Renewals beyond {@code maxConcurrentRenewals} wait for a free thread;
     * since each call has at most one renewal waiting or running, the queue never outgrows the calls
     * in flight.
     *
     * @param maxConcurrentRenewals how many renewals may run at once, across all calls
     * @throws IllegalArgumentException when it is not positive
     */
    public IdempotencyHeartbeat(int maxConcurrentRenewals) {
        if (maxConcurrentRenewals <= 0) {
            throw new IllegalArgumentException("maxConcurrentRenewals must be positive: " + maxConcurrentRenewals);
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("idempotency-heartbeat"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.renewals = new ThreadPoolExecutor(
                maxConcurrentRenewals,
                maxConcurrentRenewals,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemonThreads("idempotency-renewal"));
        renewals.allowCoreThreadTimeOut(true);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
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
        Beat beat = new Beat(store, key, ownerToken, lease, renewals);
        long nanos = interval.toNanos();
        beat.future = scheduler.scheduleWithFixedDelay(beat::beat, nanos, nanos, TimeUnit.NANOSECONDS);
        return beat;
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return scheduler.isShutdown();
    }

    /** Stops every heartbeat; calls still running keep their leases only until they expire. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        renewals.shutdownNow();
    }

    /** The heartbeat of one call. */
    public static final class Beat implements AutoCloseable {

        private final IdempotencyStore store;
        private final String key;
        private final String ownerToken;
        private final Duration lease;
        private final Executor renewals;
        private final AtomicBoolean renewing = new AtomicBoolean();
        private volatile boolean stopped;
        private volatile @Nullable ScheduledFuture<?> future;

        private Beat(IdempotencyStore store, String key, String ownerToken, Duration lease, Executor renewals) {
            this.store = store;
            this.key = key;
            this.ownerToken = ownerToken;
            this.lease = lease;
            this.renewals = renewals;
        }

        /** On the scheduler's thread: hands the renewal to the pool, unless the last one still runs. */
        private void beat() {
            if (stopped) {
                return;
            }
            if (!renewing.compareAndSet(false, true)) {
                logger.warn("Renewal of the lease on idempotency key " + key
                        + " is still running since the last beat; skipped this beat");
                return;
            }
            try {
                renewals.execute(() -> {
                    try {
                        renew();
                    } finally {
                        renewing.set(false);
                    }
                });
            } catch (RejectedExecutionException ex) {
                renewing.set(false); // the heartbeat was closed
            }
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
