package io.github.idempotency.spring;

import io.github.idempotency.spring.Orders.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service of {@code CompletableFuture} methods that count how often their bodies ran. Futures of
 * {@link #order} stay pending until a test completes them with {@link #pending}.
 */
public class FutureOrders {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Order>> pending = new ConcurrentHashMap<>();

    public int runs(String method) {
        AtomicInteger count = runs.get(method);
        return count == null ? 0 : count.get();
    }

    public CompletableFuture<Order> pending(String id) {
        return pending.get(id);
    }

    private String ran(String method) {
        runs.computeIfAbsent(method, name -> new AtomicInteger()).incrementAndGet();
        return UUID.randomUUID().toString();
    }

    @Idempotent(scope = "futures", key = "#p0")
    public CompletableFuture<Order> order(String id) {
        ran("order");
        return pending.compute(id, (ignored, last) -> last == null || last.isDone() ? new CompletableFuture<>() : last);
    }

    static Order orderOf(String id) {
        return new Order(id, new BigDecimal("9.99"), Instant.parse("2026-03-01T10:15:30Z"), List.of("a", "b"));
    }

    @Idempotent(scope = "futures", key = "#p0", conflictWait = "5s")
    public CompletionStage<String> race(String id) {
        String run = ran("race");
        Executor later = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> id + " " + run, later);
    }

    @Idempotent(scope = "futures", key = "#p0", lease = "300ms", heartbeat = "100ms")
    public CompletableFuture<String> slow(String id, CompletableFuture<String> result) {
        ran("slow");
        return result;
    }

    @Idempotent(scope = "futures", key = "#p0", recordFailures = Orders.PaymentDeclined.class)
    public CompletableFuture<String> pay(String id) {
        return CompletableFuture.failedFuture(new Orders.PaymentDeclined("card declined on run " + ran("pay")));
    }

    @Idempotent(scope = "futures", key = "#p0")
    public CompletableFuture<String> flaky(String id) {
        String run = ran("flaky");
        if (runs("flaky") == 1) {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("downstream unavailable");
            });
        }
        return CompletableFuture.completedFuture(run);
    }

    @Idempotent(scope = "futures", key = "#p0")
    public CompletionStage<List<Order>> orders(String id) {
        return CompletableFuture.completedFuture(List.of(orderOf(id + " " + ran("orders")), orderOf(id)));
    }

    @Idempotent(scope = "futures", key = "#p0")
    public Future<String> legacy(String id) {
        return CompletableFuture.completedFuture(ran("legacy"));
    }

    @Idempotent(scope = "futures", key = "#p0")
    public CompletableFuture<Void> cancel(String id) {
        ran("cancel");
        return CompletableFuture.completedFuture(null);
    }
}
