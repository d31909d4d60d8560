package io.github.idempotency.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs duplicate calls on real threads released at the same instant, so a test of exactly-once
 * behaviour races them instead of hoping they overlap.
 */
public final class RacingCalls {

    private RacingCalls() {}

    /**
     * Runs {@code call} from {@code callers} threads released at once.
     *
     * @param callers how many threads make the call, at least 1
     * @param timeout how long to wait for all of them together
     * @param call the call each thread makes
     * @return every caller's result, in the order the threads were started
     * @throws ExecutionException when a call throws, with its exception as the cause
     * @throws TimeoutException when the calls have not all returned within {@code timeout}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static <T> List<T> race(int callers, Duration timeout, Callable<T> call)
            throws InterruptedException, ExecutionException, TimeoutException {
        return race(callers, timeout, caller -> call);
    }

    /**
     * Runs the call {@code callFor} gives each caller (numbered from 0) from {@code callers} threads
     * released at once. Every call is built before any thread is released, so only the calls race.
     *
     * @param callers how many threads make a call, at least 1
     * @param timeout how long to wait for all of them together
     * @param callFor the call the caller with a given number makes
     * @return every caller's result, in caller order
     * @throws ExecutionException when a call throws, with its exception as the cause
     * @throws TimeoutException when the calls have not all returned within {@code timeout}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static <T> List<T> race(int callers, Duration timeout, IntFunction<Callable<T>> callFor)
            throws InterruptedException, ExecutionException, TimeoutException {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> calls = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                Callable<T> call = callFor.apply(caller);
                calls.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<T> results = new ArrayList<>();
            for (Future<T> call : calls) {
                results.add(call.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
