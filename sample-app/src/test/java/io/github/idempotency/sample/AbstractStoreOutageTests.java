package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.sample.payments.PaymentRequest;
import io.github.idempotency.sample.payments.PaymentService;
import io.github.idempotency.test.TcpProxy;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample while its store's server is unreachable, and after it returns. The server is not
 * stopped (others use it): a {@link TcpProxy} between the application and the server is cut and
 * restored. While cut, nothing runs without a lease: the filter answers 503 with {@code Retry-After}
 * and {@code @Idempotent} throws the store's exception. Once restored, the same request runs.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(60)
@DirtiesContext // the context outlives nothing: its client would keep reconnecting to a closed proxy
abstract class AbstractStoreOutageTests {

    private static final Duration RECOVERY = Duration.ofSeconds(20);

    private final JsonMapper json = JsonMapper.shared();
    private final String run = UUID.randomUUID().toString();

    @LocalServerPort
    private int port;

    @Autowired
    private PaymentService payments;

    /** The proxy the application reaches its store's server through. */
    abstract TcpProxy proxy();

    private SampleClient client() {
        return new SampleClient(port);
    }

    @Test
    void theFilterAnswers503WithRetryAfterAndRunsNothingUntilTheStoreIsBack() throws Exception {
        String key = "outage-" + run;
        HttpResponse<String> refused;
        HttpResponse<String> health;
        proxy().cut();
        try {
            refused = client().order(key, key, 1);
            health = client().get("/actuator/health/idempotency");
        } finally {
            proxy().restore();
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(refused.body()).get("type").asString()).endsWith("#store-unavailable");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(client().ordersOf(key)).as("no order without a lease").isZero();

        awaitStoreUp();
        HttpResponse<String> retried = client().order(key, key, 1);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(client().ordersOf(key)).isEqualTo(1);
    }

    @Test
    void anIdempotentMethodThrowsTheStoreExceptionAndRunsNothingUntilTheStoreIsBack() throws Exception {
        String orderId = "outage-order-" + run;
        HttpResponse<String> refused;
        proxy().cut();
        try {
            assertThatThrownBy(() -> payments.pay(new PaymentRequest(orderId, BigDecimal.TEN, "EUR")))
                    .isInstanceOf(IdempotencyStoreException.class);
            refused = client().pay(orderId);
        } finally {
            proxy().restore();
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(client().paymentsFor(orderId))
                .as("no payment without a lease")
                .isZero();

        awaitStoreUp();
        assertThat(client().pay(orderId).statusCode()).isEqualTo(200);
        assertThat(client().paymentsFor(orderId)).isEqualTo(1);
    }

    /** Waits until the health indicator reaches the store again: its client reconnects on its own. */
    private void awaitStoreUp() throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (client().get("/actuator/health/idempotency").statusCode() != 200) {
            assertThat(System.nanoTime()).as("the store did not come back").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
