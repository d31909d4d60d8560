package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * short lease covers a long call and a crashed caller's key is free soon after.
 *
 * <p>A call's start only adds it to a set of running calls, and its end removes it: no task is
 * scheduled per call, so the many calls that end long before their first renewal cost two set
 * updates. One daemon thread ticks eight times per heartbeat interval (the shortest interval any call
 * has asked for so far) and hands each call that is due to a separate bounded pool of daemon threads,
 * where the renewal ({@code touch}) runs; a renewal that hangs on a slow store holds up only its own
 * call. A call is due up to one tick early, so its lease is renewed at least once per interval (every
 * seven eighths of an interval, for calls on the shortest one). Each call has at most one renewal in
 * flight: a tick that finds the previous renewal still running skips it and logs so. {@link #close()} stops both threads (the application context does so
 * on shutdown). A failed renewal is logged with its key and never interrupts the call; a lost lease
 * stops that call's renewals.
 */
public final class IdempotencyHeartbeat implements AutoCloseable {

    /** Renewals that may run at once, across all calls, unless the constructor says otherwise. */
    public static final int DEFAULT_MAX_CONCURRENT_RENEWALS = 16;

    private static final Log logger = LogFactory.getLog(IdempotencyHeartbeat.class);
    private static final int TICKS_PER_INTERVAL = 8;
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor renewals;
    private final Set<Beat> running = ConcurrentHashMap.newKeySet();
    private volatile long tickNanos = Long.MAX_VALUE;
    private @Nullable ScheduledFuture<?> ticks;

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
     * Starts renewing a lease at least every {@code interval}, each time to {@code lease} from then.
     *
     * @param store the store holding the lease
     * @param key the key
     * @param ownerToken the lease's owner token
     * @param lease the lease length each renewal grants
     * @param interval the longest time between renewals
     * @return the running heartbeat; close it when the call ends, before completing the record
     * @throws RejectedExecutionException when the heartbeat is closed (the application is shutting
     *     down): the call must not run, and its lease has been released (failed with no retention),
     *     so the key is free at once instead of stuck until the lease expires
     */
    public Beat start(IdempotencyStore store, String key, String ownerToken, Duration lease, Duration interval) {
        if (isClosed()) {
            throw release(store, key, ownerToken);
        }
        long nanos = interval.toNanos();
        Beat beat = new Beat(this, store, key, ownerToken, lease, nanos);
        running.add(beat);
        long tick = Math.max(nanos / TICKS_PER_INTERVAL, MIN_TICK_NANOS);
        if (tick < tickNanos) {
            try {
                tickEvery(tick);
            } catch (RejectedExecutionException ex) {
                running.remove(beat); // closed meanwhile
                throw release(store, key, ownerToken);
            }
        }
        return beat;
    }

    /** Frees a lease that cannot be renewed and returns the refusal to throw. */
    private static RejectedExecutionException release(IdempotencyStore store, String key, String ownerToken) {
        RejectedExecutionException refused = new RejectedExecutionException(
                "the idempotency heartbeat is closed (the application is shutting down); the lease on key " + key
                        + " was released");
        try {
            store.fail(key, ownerToken, "shutdown", "the application was shutting down", Duration.ZERO);
        } catch (RuntimeException ex) {
            logger.warn("Could not release the lease on idempotency key " + key + " while shutting down; the key"
                    + " is free once its lease expires: " + ex.getMessage());
            refused.addSuppressed(ex);
        }
        return refused;
    }

    /**
     * Ticks every {@code nanos} from now on, unless an interval as short already set the pace. The
     * first of the new ticks comes at once: waiting a new period could put off a renewal that the
     * old ticks were about to make.
     */
    private synchronized void tickEvery(long nanos) {
        if (nanos >= tickNanos) {
            return;
        }
        long previous = tickNanos;
        tickNanos = nanos; // before the first tick, which reads it
        ScheduledFuture<?> next;
        try {
            next = scheduler.scheduleWithFixedDelay(this::tick, 0, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            tickNanos = previous;
            throw ex;
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        ticks = next;
    }

    /**
     * On the scheduler's thread: renews every call whose next renewal falls before the next tick. It
     * never throws, since anything thrown would end the ticks, and with them every call's renewals.
     */
    private void tick() {
        long now = System.nanoTime();
        long tick = tickNanos;
        for (Beat beat : running) {
            if (now - beat.due + tick >= 0) {
                beat.due = now + beat.intervalNanos;
                try {
                    beat.beat();
                } catch (Throwable ex) { // an Error too, such as a renewal thread that could not start
                    logger.warn("Could not start renewing the lease on idempotency key " + beat.key, ex);
                }
            }
        }
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
        running.clear();
    }

    /** The heartbeat of one call. */
    public static final class Beat implements AutoCloseable {

        private final IdempotencyHeartbeat heartbeat;
        private final IdempotencyStore store;
        private final String key;
        private final String ownerToken;
        private final Duration lease;
        private final long intervalNanos;
        private final AtomicBoolean renewing = new AtomicBoolean();
        private volatile boolean stopped;
        // read and written by the scheduler's thread only, after the set published the beat
        private long due;

        private Beat(
                IdempotencyHeartbeat heartbeat,
                IdempotencyStore store,
                String key,
                String ownerToken,
                Duration lease,
                long intervalNanos) {
            this.heartbeat = heartbeat;
            this.store = store;
            this.key = key;
            this.ownerToken = ownerToken;
            this.lease = lease;
            this.intervalNanos = intervalNanos;
            this.due = System.nanoTime() + intervalNanos;
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
                heartbeat.renewals.execute(() -> {
                    try {
                        renew();
                    } finally {
                        renewing.set(false);
                    }
                });
            } catch (RejectedExecutionException ex) {
                renewing.set(false); // the heartbeat was closed
            } catch (Throwable ex) {
                renewing.set(false); // the next tick tries again
                throw ex;
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
            heartbeat.running.remove(this);
        }
    }
}
