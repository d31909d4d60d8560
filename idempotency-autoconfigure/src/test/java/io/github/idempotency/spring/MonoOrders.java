package io.github.idempotency.spring;

import io.github.idempotency.spring.Orders.Order;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A service of {@code Mono} methods that count how often their bodies ran, counting both the call
 * of the method and the subscription to its {@code Mono}. {@link #order} emits only when a test
 * emits into {@link #sink}.
 */
public class MonoOrders {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<String, Sinks.One<Order>> sinks = new ConcurrentHashMap<>();

    public int runs(String method) {
        AtomicInteger count = runs.get(method);
        return count == null ? 0 : count.get();
    }

    public Sinks.One<Order> sink(String id) {
        return sinks.computeIfAbsent(id, ignored -> Sinks.one());
    }

    private String ran(String method) {
        runs.computeIfAbsent(method, name -> new AtomicInteger()).incrementAndGet();
        return UUID.randomUUID().toString();
    }

    @Idempotent(scope = "monos", key = "#p0")
    public Mono<Order> order(String id) {
        ran("order");
        return sink(id).asMono().doOnSubscribe(subscription -> ran("orderSubscribed"));
    }

    @Idempotent(scope = "monos", key = "#p0")
    public Mono<Order> place(String id) {
        ran("place");
        return Mono.fromCallable(() -> new Order(
                id + " " + ran("placeSubscribed"), BigDecimal.TEN, Instant.parse("2026-03-01T10:15:30Z"), List.of()));
    }

    @Idempotent(scope = "monos", key = "#p0")
    public Mono<String> nothing(String id) {
        return Mono.fromRunnable(() -> ran("nothing"));
    }

    @Idempotent(scope = "monos", key = "#p0", conflictWait = "5s")
    public Mono<String> race(String id) {
        return Mono.fromCallable(() -> id + " " + ran("race")).delayElement(Duration.ofMillis(50));
    }

    @Idempotent(scope = "monos", key = "#p0", recordFailures = Orders.PaymentDeclined.class)
    public Mono<String> pay(String id) {
        return Mono.fromCallable(() -> {
            throw new Orders.PaymentDeclined("card declined on run " + ran("pay"));
        });
    }

    @Idempotent(scope = "monos", key = "#p0")
    public Mono<String> flaky(String id) {
        return Mono.fromCallable(() -> {
            String run = ran("flaky");
            if (runs("flaky") == 1) {
                throw new IllegalStateException("downstream unavailable");
            }
            return run;
        });
    }

    @Idempotent(scope = "monos", key = "#p0")
    public Flux<String> stream(String id) {
        return Flux.just(id, ran("stream"));
    }
}
