package io.github.idempotency.benchmarks;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.StampedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The memory store's fresh path, {@code tryBegin} then {@code complete} with a 256-byte result, on
 * two threads, while {@code liveKeys} records are held.
 *
 * <p>The store is filled before the first iteration with {@code liveKeys - }{@value #TURNOVER} records
 * kept for years, which stay live throughout, as records kept for a day do in a service. Each measured
 * invocation runs {@value #BATCH} pairs on keys made just before it, outside the measured time, that
 * no store has seen. After each invocation the store's clock moves one second forward (never while
 * the other thread's batch runs), and a measured record is kept for {@value #TURNOVER}{@code  / }
 * {@value #BATCH} seconds: measured records expire as fast as new ones arrive, so the store holds
 * {@code liveKeys} live records (plus at most a few batches that have expired and are not yet
 * drained) for the whole run, never more, and the expiry work a steady stream causes is part of what
 * is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MemoryStoreBenchmark {

    static final int BATCH = 100;
    static final long STEP_MILLIS = 1000;
    static final int MAX_PENDING_STEPS = 4;
    static final int TURNOVER = 1000;
    static final Duration KEPT = Duration.ofDays(3650);
    static final Duration LEASE = Duration.ofSeconds(30);

    /** The store shared by both threads. */
    @State(Scope.Benchmark)
    public static class Store {

        @Param({"1000", "1000000"}) // at least TURNOVER
        public int liveKeys;

        final SteppedClock clock = new SteppedClock();
        // Batches hold it shared, a clock step exclusively: the clock never moves during a batch, so a
        // thread that loses the processor between tryBegin and complete never finds its lease expired.
        final StampedLock batches = new StampedLock();
        final AtomicInteger pendingSteps = new AtomicInteger();
        final byte[] result = new byte[256];
        MemoryIdempotencyStore store;
        Duration retention;

        @Setup(Level.Trial)
        public void fill() {
            Arrays.fill(result, (byte) 'r');
            retention = Duration.ofMillis(TURNOVER / BATCH * STEP_MILLIS);
            int maxEntries = liveKeys + 100 * BATCH;
            // room for every result, so the measured calls never evict
            store = new MemoryIdempotencyStore(
                    new MemoryIdempotencyStore.Options(
                            LEASE, maxEntries, 1024 * 1024, Math.max(1024 * 1024, (long) maxEntries * result.length)),
                    clock);
            FreshKeys keys = new FreshKeys("fill");
            for (int i = 0; i < liveKeys - TURNOVER; i++) {
                String key = keys.next();
                store.complete(key, store.tryBegin(key, LEASE).ownerToken(), result, KEPT);
            }
            // the turning-over part, as the measured batches leave it
            for (int batch = 0; batch < TURNOVER / BATCH; batch++) {
                for (int i = 0; i < BATCH; i++) {
                    String key = keys.next();
                    store.complete(key, store.tryBegin(key, LEASE).ownerToken(), result, retention);
                }
                clock.advance(STEP_MILLIS);
            }
        }

        @TearDown(Level.Iteration)
        public void report() {
            int held = heldRecords(store);
            if (held >= 0) {
                System.out.print(" [records held: " + held + "] ");
            }
        }
    }

    /** One thread's next batch of fresh keys. */
    @State(Scope.Thread)
    public static class Batch {

        final FreshKeys source = new FreshKeys("pay");
        final String[] keys = new String[BATCH];

        long stamp;

        @Setup(Level.Invocation)
        public void makeKeys(Store store) {
            source.fill(keys);
            stamp = store.batches.readLock();
        }

        @TearDown(Level.Invocation)
        public void moveClock(Store store) {
            store.batches.unlockRead(stamp);
            // Steps wait for a moment when no batch runs; once a few are owed, this thread waits for one.
            long step = store.pendingSteps.incrementAndGet() < MAX_PENDING_STEPS
                    ? store.batches.tryWriteLock()
                    : store.batches.writeLock();
            if (step != 0) {
                store.clock.advance(store.pendingSteps.getAndSet(0) * STEP_MILLIS);
                store.batches.unlockWrite(step);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void beginAndComplete(Store s, Batch batch, Blackhole blackhole) {
        MemoryIdempotencyStore store = s.store;
        for (String key : batch.keys) {
            BeginResult begun = store.tryBegin(key, LEASE);
            // a key that was not fresh has no owner token: complete would throw and fail the run
            blackhole.consume(store.complete(key, begun.ownerToken(), s.result, s.retention));
        }
    }

    /** How many records the store's map holds, for the log only; -1 when it cannot be read. */
    static int heldRecords(MemoryIdempotencyStore store) {
        try {
            Field records = MemoryIdempotencyStore.class.getDeclaredField("records");
            records.setAccessible(true);
            return ((Map<?, ?>) records.get(store)).size();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
