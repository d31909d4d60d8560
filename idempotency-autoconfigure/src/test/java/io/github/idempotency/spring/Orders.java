package io.github.idempotency.spring;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A service whose methods count how often their bodies ran and return values that differ on every
 * run, so a replay can be told from a second run.
 */
public class Orders {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private volatile Runnable whileRunning = () -> {};

    int runs(String method) {
        AtomicInteger count = runs.get(method);
        return count == null ? 0 : count.get();
    }

    void whileRunning(Runnable action) {
        this.whileRunning = action;
    }

    private String ran(String method) {
        runs.computeIfAbsent(method, name -> new AtomicInteger()).incrementAndGet();
        whileRunning.run();
        return UUID.randomUUID().toString();
    }

    /** An order, as records usually travel through services. */
    public record Order(String id, BigDecimal amount, Instant placedAt, List<String> items) {}

    @Idempotent(scope = "orders", key = "#p0")
    public String text(@Nullable String id) {
        return "order " + id + " " + ran("text");
    }

    @Idempotent(scope = "orders", key = "#a0")
    public Order order(String id) {
        return new Order(
                id + ran("order"), new BigDecimal("12.50"), Instant.parse("2026-03-01T10:15:30.123Z"), List.of("a"));
    }

    @Idempotent(scope = "orders", key = "{id: #p0.id, amount: #p0.amount}")
    public Order place(Order order) {
        return new Order(order.id() + "-" + ran("place"), order.amount(), order.placedAt(), order.items());
    }

    @Idempotent(scope = "orders", key = "#p0")
    public List<Order> orders(String id) {
        String run = ran("orders");
        return List.of(
                new Order(id, BigDecimal.ONE, Instant.EPOCH, List.of(run)),
                new Order(run, BigDecimal.TEN, Instant.EPOCH, List.of()));
    }

    @Idempotent(scope = "orders", key = "#p0")
    public Map<String, Integer> counts(String id) {
        return Map.of(ran("counts"), 1, id, 2);
    }

    @Idempotent(scope = "orders", key = "#p0")
    public Optional<Order> find(String id) {
        return Optional.of(new Order(ran("find"), BigDecimal.TEN, Instant.EPOCH, List.of("x", "y")));
    }

    @Idempotent(scope = "orders", key = "#p0")
    public Optional<Order> findNothing(String id) {
        ran("findNothing");
        return Optional.empty();
    }

    @Idempotent(scope = "orders", key = "#p0")
    public Instant placedAt(String id) {
        ran("placedAt");
        return Instant.now();
    }

    @Idempotent(scope = "orders", key = "#p0")
    public LocalDate day(String id) {
        ran("day");
        return LocalDate.of(2026, 1, 1).plusDays(runs("day"));
    }

    @Idempotent(scope = "orders", key = "#p0")
    public int count(String id) {
        ran("count");
        return runs("count") * 10;
    }

    @Idempotent(scope = "orders", key = "#p0")
    public void cancel(String id) {
        ran("cancel");
    }

    @Idempotent(scope = "orders", key = "#p0")
    public @Nullable String nothing(String id) {
        ran("nothing");
        return null;
    }

    @Idempotent(scope = "orders", key = "#p0")
    public ResponseEntity<Order> create(String id) {
        String run = ran("create");
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/orders/" + run))
                .header("X-Run", run, "second")
                .header("X-Auth-Token", "token-" + run)
                .header("Authentication-Info", "nextnonce=\"" + run + "\"")
                .header("Set-Cookie", "session=" + run)
                .header("WWW-Authenticate", "Bearer realm=\"" + run + "\"")
                .body(new Order(run, BigDecimal.ONE, Instant.EPOCH, List.of()));
    }

    @Idempotent(scope = "orders", key = "#p1", tenant = "#p0")
    public String forTenant(String tenant, String id) {
        return tenant + " " + ran("forTenant");
    }

    @Idempotent(scope = "charges", key = "#p0", fingerprint = "{#p1, #p2}", recordFailures = PaymentDeclined.class)
    public String charge(String id, BigDecimal amount, boolean decline) {
        String run = ran("charge");
        if (decline) {
            throw new PaymentDeclined("declined " + id);
        }
        return id + " " + amount + " " + run;
    }

    @Idempotent(scope = "orders", key = "#request")
    public String unresolvable(String request) {
        return ran("unresolvable");
    }

    @Idempotent(scope = "Not a scope!", key = "#p0")
    public String badScope(String id) {
        return ran("badScope");
    }

    @Idempotent(scope = "orders", key = "#p0", lease = "1s", heartbeat = "2s")
    public String misconfigured(String id) {
        return ran("misconfigured");
    }

    @Idempotent(scope = "race", key = "#p0")
    public String race(String id) {
        String run = ran("race");
        sleep(Duration.ofMillis(50));
        return run;
    }

    @Idempotent(scope = "held", key = "#p0", lease = "300ms", heartbeat = "100ms")
    public String held(String id, CountDownLatch started, CountDownLatch release) throws InterruptedException {
        String run = ran("held");
        started.countDown();
        release.await(10, TimeUnit.SECONDS);
        return run;
    }

    @Idempotent(scope = "wait", key = "#p0", conflictWait = "5s")
    public String patient(String id, CountDownLatch started, CountDownLatch release) throws InterruptedException {
        String run = ran("patient");
        started.countDown();
        release.await(5, TimeUnit.SECONDS);
        return run;
    }

    /** A business failure worth replaying: a second attempt would be declined again. */
    public static class PaymentDeclined extends RuntimeException {
        public PaymentDeclined(String message) {
            super(message);
        }
    }

    /** A failure recorded only when {@code idempotency.aspect.recorded-exceptions} lists it. */
    public static class RefundRejected extends RuntimeException {
        public RefundRejected(String message) {
            super(message);
        }
    }

    /** Its class name is over the 64 characters a store keeps of a failure code. */
    public static class CardDeclinedByTheIssuingBankBecauseOfInsufficientFunds extends RuntimeException {
        public CardDeclinedByTheIssuingBankBecauseOfInsufficientFunds(String message) {
            super(message);
        }
    }

    /** Its class name shares the first 64 characters of the one above. */
    public static class CardDeclinedByTheIssuingBankBecauseOfSuspectedFraud extends RuntimeException {
        public CardDeclinedByTheIssuingBankBecauseOfSuspectedFraud(String message) {
            super(message);
        }
    }

    @Idempotent(
            scope = "payments",
            key = "#p0",
            recordFailures = {
                CardDeclinedByTheIssuingBankBecauseOfInsufficientFunds.class,
                CardDeclinedByTheIssuingBankBecauseOfSuspectedFraud.class
            })
    public String payByCard(String id, boolean fraud) {
        String run = ran("payByCard");
        throw fraud
                ? new CardDeclinedByTheIssuingBankBecauseOfSuspectedFraud(run)
                : new CardDeclinedByTheIssuingBankBecauseOfInsufficientFunds(run);
    }

    @Idempotent(scope = "payments", key = "#p0", recordFailures = PaymentDeclined.class)
    public String pay(String id) {
        throw new PaymentDeclined("card declined for " + id + " on run " + ran("pay"));
    }

    @Idempotent(scope = "payments", key = "#p0")
    public String refund(String id) {
        throw new RefundRejected("refund rejected on run " + ran("refund"));
    }

    @Idempotent(scope = "payments", key = "#p0")
    public String flaky(String id) {
        String run = ran("flaky");
        if (runs("flaky") == 1) {
            throw new IllegalStateException("downstream unavailable");
        }
        return run;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
