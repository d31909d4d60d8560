package io.github.idempotency.core.memory;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Which keys expire when, in one-second buckets, so that expired records are found without looking
 * at live ones.
 *
 * <p>Every write appends its key to the bucket of the record's new expiry; nothing is ever taken out
 * of the old bucket. Such stale entries are harmless because the {@link Remover} re-checks the record
 * before removing it, and they disappear when their bucket is drained. A bucket is drained once all of
 * its second has passed; the second in progress can be filtered on request.
 */
final class ExpiryIndex {

    /** Removes the record under a key if it has expired, and says whether it did. */
    @FunctionalInterface
    interface Remover {
        boolean removeIfExpired(String key, long nowMillis);
    }

    private static final long BUCKET_MILLIS = 1000;
    // Writes alternate between a few expiries (lease, retention), so a small direct-mapped cache of
    // recent buckets spares most writes the skip-list lookup.
    private static final int CACHE_SLOTS = 64;
    private static final int STRIPES = 4;

    private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final AtomicReferenceArray<Bucket> recent = new AtomicReferenceArray<>(CACHE_SLOTS);
    private final Remover remover;

    ExpiryIndex(Remover remover) {
        this.remover = remover;
    }

    /** Notes that the record under {@code key} now expires at {@code expiresAtMillis}. */
    void add(String key, long expiresAtMillis) {
        long second = Math.floorDiv(expiresAtMillis, BUCKET_MILLIS);
        while (true) {
            Bucket bucket = bucket(second);
            bucket.offer(key);
            // A drainer retires a bucket before its final sweep of it, so if it is not retired yet the
            // key will be seen; if it is, the key goes into a fresh bucket for the same second.
            if (!bucket.retired) {
                return;
            }
        }
    }

    /**
     * Removes expired records from buckets whose second has passed, looking at no more than {@code
     * limit} entries: writes call this with a small limit so the index never outgrows the store.
     *
     * @return how many records were removed
     */
    int drainPast(long nowMillis, int limit) {
        int removed = 0;
        int looked = 0;
        Map.Entry<Long, Bucket> first;
        while (looked < limit && (first = buckets.firstEntry()) != null && isPast(first.getKey(), nowMillis)) {
            Bucket bucket = first.getValue();
            String key;
            while (looked < limit && (key = bucket.poll()) != null) {
                looked++;
                if (remover.removeIfExpired(key, nowMillis)) {
                    removed++;
                }
            }
            if (bucket.isEmpty()) {
                removed += retire(bucket, nowMillis);
            }
        }
        return removed;
    }

    /**
     * Removes every expired record: drains every past bucket, then filters the bucket of the current
     * second, looking at no more than {@code currentLimit} of its entries.
     *
     * @return how many records were removed
     */
    int drainAll(long nowMillis, int currentLimit) {
        int removed = drainPast(nowMillis, Integer.MAX_VALUE);
        Bucket current = buckets.get(Math.floorDiv(nowMillis, BUCKET_MILLIS));
        if (current == null) {
            return removed;
        }
        int looked = 0;
        for (ConcurrentLinkedQueue<String> stripe : current.stripes) {
            for (Iterator<String> keys = stripe.iterator(); keys.hasNext() && looked < currentLimit; looked++) {
                if (remover.removeIfExpired(keys.next(), nowMillis)) {
                    keys.remove();
                    removed++;
                }
            }
        }
        return removed;
    }

    private Bucket bucket(long second) {
        int slot = (int) (second & (CACHE_SLOTS - 1));
        Bucket cached = recent.get(slot);
        if (cached != null && cached.second == second && !cached.retired) {
            return cached;
        }
        Bucket bucket = buckets.computeIfAbsent(second, Bucket::new);
        recent.set(slot, bucket);
        return bucket;
    }

    private int retire(Bucket bucket, long nowMillis) {
        if (!buckets.remove(bucket.second, bucket)) {
            return 0; // another drainer retired it
        }
        bucket.retired = true;
        int removed = 0;
        String key;
        while ((key = bucket.poll()) != null) {
            if (remover.removeIfExpired(key, nowMillis)) {
                removed++;
            }
        }
        return removed;
    }

    private static boolean isPast(long second, long nowMillis) {
        // Expiry is inclusive: a record expiring at the bucket's last millisecond is expired then.
        return (second + 1) * BUCKET_MILLIS - 1 <= nowMillis;
    }

    /**
     * The keys whose records expired, when they were added, during one second. Writers append to the
     * stripe of their thread, so concurrent writers do not fight over one queue's tail.
     */
    private static final class Bucket {
        final long second;
        final ConcurrentLinkedQueue<String>[] stripes = newStripes();
        volatile boolean retired;

        Bucket(long second) {
            this.second = second;
        }

        void offer(String key) {
            stripes[(int) Thread.currentThread().getId() & (STRIPES - 1)].offer(key);
        }

        @Nullable
        String poll() {
            for (ConcurrentLinkedQueue<String> stripe : stripes) {
                String key = stripe.poll();
                if (key != null) {
                    return key;
                }
            }
            return null;
        }

        boolean isEmpty() {
            for (ConcurrentLinkedQueue<String> stripe : stripes) {
                if (!stripe.isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        @SuppressWarnings("unchecked")
        private static ConcurrentLinkedQueue<String>[] newStripes() {
            ConcurrentLinkedQueue<String>[] stripes = new ConcurrentLinkedQueue[STRIPES];
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new ConcurrentLinkedQueue<>();
            }
            return stripes;
        }
    }
}
