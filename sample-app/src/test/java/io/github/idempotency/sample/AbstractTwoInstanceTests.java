package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two sample processes sharing one store, the way two instances of a service behind a load
 * balancer share it: duplicates raced over both instances execute exactly once. Each instance keeps
 * its orders and payments in its own memory, so the sum over both counts every real execution.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60) // each test; starting the instances is bounded by SampleProcess
abstract class AbstractTwoInstanceTests {

    private static final int RACERS = 16;

    private final String run = UUID.randomUUID().toString();
    private final List<SampleProcess> processes = new ArrayList<>();
    private final List<SampleClient> instances = new ArrayList<>();

    /** Skips the class when the store's server is down. */
    abstract void requireServer();

    /** The profile and properties that put an instance on the shared store. */
    abstract List<String> storeArguments();

    @BeforeAll
    void startTwoInstances() throws Exception {
        requireServer();
        String name = getClass().getSimpleName();
        CompletableFuture<SampleProcess> first = startAsync(name + "-1");
        CompletableFuture<SampleProcess> second = startAsync(name + "-2");
        try {
            processes.add(first.join());
        } finally {
            // a started instance is closed in stopBothInstances; one that failed closed itself
            processes.add(second.join());
        }
        processes.forEach(process -> instances.add(new SampleClient(process.port())));
    }

    private CompletableFuture<SampleProcess> startAsync(String name) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return SampleProcess.start(name, storeArguments());
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    @AfterAll
    void stopBothInstances() throws InterruptedException {
        for (SampleProcess process : processes) {
            process.close();
        }
    }

    @Test
    void racingOrdersOverBothInstancesCreateExactlyOneOrder() throws Exception {
        String item = "two-" + run;
        List<HttpResponse<String>> responses = SampleClient.race(
                RACERS, racer -> () -> instances.get(racer % 2).order("?simulateWorkMs=200", item, item, 1, Map.of()));

        SampleClient.assertOneOriginalAndItsReplays(responses);
        assertThat(instances.get(0).ordersOf(item) + instances.get(1).ordersOf(item))
                .isEqualTo(1);
    }

    @Test
    void aRepeatOnTheOtherInstanceIsAReplay() throws Exception {
        String item = "other-" + run;
        HttpResponse<String> first = instances.get(0).order(item, item, 1);
        HttpResponse<String> repeat = instances.get(1).order(item, item, 1);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(instances.get(1).ordersOf(item)).isZero();
    }

    @Test
    void racingPaymentsOverBothInstancesMakeExactlyOnePayment() throws Exception {
        String orderId = "two-order-" + run;
        List<HttpResponse<String>> responses = SampleClient.race(
                RACERS, racer -> () -> instances.get(racer % 2).pay(orderId));

        SampleClient.assertOnePaymentAnswered(responses);
        assertThat(instances.get(0).paymentsFor(orderId) + instances.get(1).paymentsFor(orderId))
                .isEqualTo(1);
    }
}
