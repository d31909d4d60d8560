package io.github.idempotency.benchmarks;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor under {@link MemoryStoreBenchmark}: the JDK's {@link ConcurrentHashMap} alone doing the
 * three map updates a fresh pair causes, with nothing of the store around them. Per operation, on
 * two threads: insert a record under a key no map has seen, replace it (the completion), and remove
 * the record inserted {@value #TURNOVER_PER_THREAD} operations earlier on the same thread (an
 * expired one). The map holds {@code liveKeys} records throughout, all but the turning-over ones
 * inserted before the first iteration and kept.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MapFloorBenchmark {

    static final int BATCH = 100;
    static final int TURNOVER_PER_THREAD = MemoryStoreBenchmark.TURNOVER / 2;

    /** Stands for a record: a key and a few fields. */
    record Value(String key, long updatedAt, long expiresAt, byte[] result) {}

    /** The map shared by both threads. */
    @State(Scope.Benchmark)
    public static class Shared {

        @Param({"1000", "1000000"}) // at least MemoryStoreBenchmark.TURNOVER
        public int liveKeys;

        final ConcurrentHashMap<String, Value> map = new ConcurrentHashMap<>();
        final byte[] result = new byte[256];
    }

    /** One thread's keys: the ones it inserted and will remove, and its next batch of fresh ones. */
    @State(Scope.Thread)
    public static class Turnover {

        final FreshKeys source = new FreshKeys("pay");
        final ArrayDeque<String> inserted = new ArrayDeque<>();
        final String[] keys = new String[BATCH];

        @Setup(Level.Trial)
        public void fill(Shared shared) {
            for (int i = 0; i < shared.liveKeys / 2; i++) {
                String key = source.next();
                shared.map.put(key, new Value(key, 0, 0, shared.result));
                if (i >= shared.liveKeys / 2 - TURNOVER_PER_THREAD) {
                    inserted.add(key);
                }
            }
        }

        @Setup(Level.Invocation)
        public void makeKeys() {
            source.fill(keys);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insertReplaceRemove(Shared shared, Turnover turnover, Blackhole blackhole) {
        ConcurrentHashMap<String, Value> map = shared.map;
        for (String key : turnover.keys) {
            blackhole.consume(map.compute(key, (k, old) -> old != null ? old : new Value(k, 1, 2, null)));
            blackhole.consume(map.compute(key, (k, old) -> new Value(k, 3, 4, shared.result)));
            turnover.inserted.add(key);
            map.remove(turnover.inserted.poll());
        }
    }
}
