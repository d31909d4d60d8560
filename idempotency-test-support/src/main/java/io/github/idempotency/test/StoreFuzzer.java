package io.github.idempotency.test;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.RecordState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Races threads over a few keys, calling every store operation with live and stale tokens, and
 * checks what the store promises: one holder per key at a time, no lost or forged finish, and every
 * replay showing the finished record. Leases are long enough never to run out during a run, so any
 * second holder is a bug, not an expiry.
 */
final class StoreFuzzer {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration RETENTION = Duration.ofHours(1);

    /** What a key finished with, noted before the finishing call so a replay can never be early. */
    private record Finish(
            RecordState state,
            byte @Nullable [] result,
            @Nullable String errorCode) {}

    /**
     * What a run saw.
     *
     * @param violations every broken promise, described
     * @param acquired how many leases were acquired
     * @param conflicts how many begins met a lease in flight
     * @param replays how many begins met a finished record
     */
    record Report(List<String> violations, int acquired, int conflicts, int replays) {}

    private final IdempotencyStore store;
    private final List<String> keys = new ArrayList<>();
    private final int threads;
    private final int rounds;
    private final Map<String, String> holders = new ConcurrentHashMap<>();
    private final Map<String, Finish> finishes = new ConcurrentHashMap<>();
    private final AtomicReference<@Nullable String> lastFinishedToken = new AtomicReference<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acquired = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();

    StoreFuzzer(IdempotencyStore store, int keyCount, int threads, int rounds) {
        this.store = store;
        this.threads = threads;
        this.rounds = rounds;
        for (int i = 0; i < keyCount; i++) {
            keys.add(AbstractIdempotencyStoreContractTest.newKey());
        }
    }

    Report run(Duration timeout) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int round = 0; round < rounds; round++) {
                        round();
                    }
                } catch (Throwable e) {
                    violations.add("unexpected " + e);
                } finally {
                    done.countDown();
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
        start.countDown();
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            violations.add("the run did not finish within " + timeout);
        }
        for (String key : keys) {
            checkFinalState(key);
        }
        return new Report(List.copyOf(violations), acquired.get(), conflicts.get(), replays.get());
    }

    private void round() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String key = keys.get(random.nextInt(keys.size()));
        tryStale(key);
        BeginResult begin = store.tryBegin(key, LEASE);
        IdempotencyRecord record = begin.record();
        switch (begin.outcome()) {
            case ACQUIRED -> hold(key, begin.ownerToken());
            case CONFLICT -> {
                conflicts.incrementAndGet();
                if (record.state() != RecordState.IN_PROGRESS) {
                    violations.add("conflict on a record that is " + record.state() + ": " + record);
                }
            }
            case REPLAY -> {
                replays.incrementAndGet();
                checkReplay(key, record);
            }
        }
    }

    private void hold(String key, String token) {
        acquired.incrementAndGet();
        if (finishes.containsKey(key)) {
            violations.add("acquired " + key + " after it finished for good");
        }
        String other = holders.putIfAbsent(key, token);
        if (other != null) {
            violations.add("two holders of " + key + " at once: " + other + " and " + token);
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        tryStale(key);
        try {
            if (random.nextBoolean()) {
                store.touch(key, token, LEASE);
            }
            int choice = random.nextInt(100);
            // Leave the map first: once the store frees the key, another thread may hold it at once.
            holders.remove(key, token);
            if (choice < 85) {
                store.fail(key, token, "retry", "freed for a retry", Duration.ZERO);
            } else if (choice < 95) {
                byte[] result = ("result of " + token).getBytes(StandardCharsets.UTF_8);
                finishes.put(key, new Finish(RecordState.COMPLETE, result, null));
                store.complete(key, token, result, RETENTION);
            } else {
                finishes.put(key, new Finish(RecordState.FAILED, null, token));
                store.fail(key, token, token, "failed for good", RETENTION);
            }
            lastFinishedToken.set(token);
        } catch (LeaseLostException e) {
            violations.add("the holder of " + key + " lost an unexpired lease: " + e.getMessage());
        }
    }

    private void tryStale(String key) {
        String token = lastFinishedToken.get();
        if (token == null) {
            return;
        }
        try {
            switch (ThreadLocalRandom.current().nextInt(3)) {
                case 0 -> store.touch(key, token, LEASE);
                case 1 -> store.complete(key, token, "forged".getBytes(StandardCharsets.UTF_8), RETENTION);
                default -> store.fail(key, token, "forged", "forged", RETENTION);
            }
            violations.add("a stale token changed " + key);
        } catch (LeaseLostException expected) {
            // the only acceptable answer to a finished lease's token
        }
    }

    private void checkReplay(String key, IdempotencyRecord record) {
        Finish finish = finishes.get(key);
        if (finish == null || record.state() != finish.state()) {
            violations.add("replayed " + record + " but the key finished with " + finish);
        } else if (!Arrays.equals(record.result(), finish.result())
                || !Objects.equals(record.errorCode(), finish.errorCode())) {
            violations.add("replayed " + record + " instead of the finish it was given");
        }
    }

    private void checkFinalState(String key) {
        Finish finish = finishes.get(key);
        Optional<IdempotencyRecord> record = store.get(key);
        if (finish != null) {
            if (record.isEmpty()) {
                violations.add("the finish of " + key + " was lost");
            } else {
                checkReplay(key, record.get());
            }
        } else if (record.isPresent()) {
            violations.add("left " + record.get() + " although every lease on it was freed");
        }
    }
}
