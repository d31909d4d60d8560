package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Calls {@link IdempotencyStore#sweep()} at a fixed delay on one daemon thread of its own, started
 * and stopped with the application context. A failed sweep is logged and retried at the next
 * interval; a zero or negative interval schedules nothing.
 */
class IdempotencySweeper implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(IdempotencySweeper.class);

    private final IdempotencyStore store;
    private final Duration interval;
    private @Nullable ScheduledExecutorService executor;

    IdempotencySweeper(IdempotencyStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (executor != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "idempotency-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    Duration interval() {
        return interval;
    }

    void sweep() {
        try {
            int removed = store.sweep();
            if (removed > 0 && logger.isDebugEnabled()) {
                logger.debug("Idempotency sweep removed " + removed + " expired records");
            }
        } catch (RuntimeException e) {
            logger.warn("Idempotency sweep failed; retrying in " + interval, e);
        }
    }
}
