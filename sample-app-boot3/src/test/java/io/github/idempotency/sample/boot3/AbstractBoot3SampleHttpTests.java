package io.github.idempotency.sample.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.test.RacingCalls;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The sample on Spring Boot 3.5 over real HTTP: a charge ({@code @Idempotent}) and a refund (the
 * {@code Idempotency-Key} filter) each run once and are replayed, racing duplicates make one, a
 * changed request under the same key gets {@code 422} and a duplicate in flight {@code 409}. Each
 * subclass picks the store. Tests share one application, so each uses its own keys.
 */
@SpringBootTest(classes = Boot3SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AbstractBoot3SampleHttpTests.Gates.class)
abstract class AbstractBoot3SampleHttpTests {

    private static final int RACERS = 20;
    private static final Duration RACE_TIMEOUT = Duration.ofMinutes(1);

    /** Puts gates in front of the sample's gateway. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Gates {

        @Bean
        @Primary
        GatedPaymentGateway gatedPaymentGateway(InMemoryPaymentGateway gateway) {
            return new GatedPaymentGateway(gateway);
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private GatedPaymentGateway gateway;

    private final String run = UUID.randomUUID().toString();

    private SampleHttp http() {
        return new SampleHttp(port);
    }

    private long chargesFor(String orderId) {
        return gateway.charges().stream()
                .filter(charge -> charge.orderId().equals(orderId))
                .count();
    }

    private long refundsOf(String chargeId) {
        return gateway.refunds().stream()
                .filter(refund -> refund.chargeId().equals(chargeId))
                .count();
    }

    @Test
    void aRepeatedChargeReturnsTheFirstChargeWithoutChargingAgain() throws Exception {
        String orderId = "order-" + run;

        HttpResponse<String> first = http().charge(orderId, "12.50");
        HttpResponse<String> repeat = http().charge(orderId, "12.50");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(SampleHttp.json(repeat).get("id"))
                .isEqualTo(SampleHttp.json(first).get("id"));
        assertThat(SampleHttp.json(first).get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(chargesFor(orderId)).isEqualTo(1);
    }

    @Test
    void aRepeatedRefundGetsTheStoredResponseMarkedAsReplayed() throws Exception {
        String chargeId = "charge-" + run;

        HttpResponse<String> first = http().refund("refund-" + run, chargeId, "5.00");
        HttpResponse<String> repeat = http().refund("refund-" + run, chargeId, "5.00");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"))
                .hasValue("/refunds/" + SampleHttp.json(first).get("id").asText());
        assertThat(refundsOf(chargeId)).isEqualTo(1);
    }

    @Test
    void twentyRacingChargesForOneOrderChargeOnce() throws Exception {
        String orderId = "race-order-" + run;

        List<HttpResponse<String>> responses =
                RacingCalls.race(RACERS, RACE_TIMEOUT, () -> http().charge(orderId, "7.00"));

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 409));
        assertThat(responses.stream()
                        .filter(response -> response.statusCode() == 200)
                        .map(response -> SampleHttp.json(response).get("id"))
                        .distinct())
                .hasSize(1);
        assertThat(chargesFor(orderId)).isEqualTo(1);
    }

    @Test
    void twentyRacingRefundsUnderOneKeyRefundOnce() throws Exception {
        String chargeId = "race-charge-" + run;

        List<HttpResponse<String>> responses =
                RacingCalls.race(RACERS, RACE_TIMEOUT, () -> http().refund("race-" + run, chargeId, "1.00"));

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.statusCode()).isIn(201, 409));
        List<HttpResponse<String>> created = responses.stream()
                .filter(response -> response.statusCode() == 201)
                .toList();
        assertThat(created)
                .filteredOn(response ->
                        response.headers().firstValue("Idempotent-Replayed").isEmpty())
                .hasSize(1);
        assertThat(created)
                .extracting(HttpResponse::body)
                .containsOnly(created.get(0).body());
        assertThat(refundsOf(chargeId)).isEqualTo(1);
    }

    @Test
    void aRepeatedChargeWithAnotherAmountGets422AndIsNotCharged() throws Exception {
        String orderId = "changed-order-" + run;
        HttpResponse<String> first = http().charge(orderId, "12.50");

        HttpResponse<String> changed = http().charge(orderId, "99.00");

        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(changed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(SampleHttp.json(changed).get("title").asText()).isEqualTo("Idempotency key reused");
        assertThat(http().charge(orderId, "12.50").body()).isEqualTo(first.body());
        assertThat(chargesFor(orderId)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyGets422AndIsNotRefunded() throws Exception {
        String chargeId = "changed-charge-" + run;
        http().refund("reuse-" + run, chargeId, "5.00");

        HttpResponse<String> other = http().refund("reuse-" + run, chargeId, "50.00");

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(SampleHttp.json(other).get("detail").asText()).contains("Idempotency-Key", "reuse-" + run);
        assertThat(refundsOf(chargeId)).isEqualTo(1);
    }

    @Test
    void aChargeWhileTheFirstIsInFlightGets409WithRetryAfter() throws Exception {
        String orderId = "slow-order-" + run;

        duplicateWhileInFlight(orderId, () -> http().charge(orderId, "3.00"), 200);

        assertThat(chargesFor(orderId)).isEqualTo(1);
    }

    @Test
    void aRefundWhileTheFirstIsInFlightGets409WithRetryAfter() throws Exception {
        String chargeId = "slow-charge-" + run;

        HttpResponse<String> duplicate =
                duplicateWhileInFlight(chargeId, () -> http().refund("slow-" + run, chargeId, "2.00"), 201);

        assertThat(SampleHttp.json(duplicate).get("detail").asText()).contains("Idempotency-Key", "slow-" + run);
        assertThat(refundsOf(chargeId)).isEqualTo(1);
    }

    /**
     * Sends a call, holds it in the gateway, sends it again and checks that the duplicate got {@code
     * 409} problem details with {@code Retry-After}; then lets the first go on and checks its status.
     */
    private HttpResponse<String> duplicateWhileInFlight(String reference, Call call, int firstStatus) throws Exception {
        GatedPaymentGateway.Gate gate = gateway.hold(reference);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return call.send();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        HttpResponse<String> duplicate;
        try {
            gate.awaitEntered();
            duplicate = call.send();
        } finally {
            gate.release();
        }
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(duplicate.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(first.get().statusCode()).isEqualTo(firstStatus);
        assertThat(first.get().headers().firstValue("Idempotent-Replayed")).isEmpty();
        return duplicate;
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }
}
