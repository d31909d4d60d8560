package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** The sample with {@code idempotency.strict-tenant=true}: a tenant normalisation would change is a 400 on both paths. */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "idempotency.strict-tenant=true")
class StrictTenantSampleTests {

    private static final Map<String, String> CHANGED_TENANT = Map.of(HeaderTenantResolver.HEADER, "acme.corp");

    @LocalServerPort
    private int port;

    private final String run = UUID.randomUUID().toString();

    @Test
    void aPaymentForATenantStrictModeRefusesGets400NotA500() throws Exception {
        String orderId = "strict-" + run;
        HttpResponse<String> response = new SampleClient(port)
                .send(
                        "POST",
                        "/payments",
                        "{\"orderId\":\"" + orderId + "\",\"amount\":12.50,\"currency\":\"EUR\"}",
                        CHANGED_TENANT);

        assertBadTenant(response);
        assertThat(new SampleClient(port).paymentsFor(orderId)).isZero();
    }

    @Test
    void anOrderForATenantStrictModeRefusesGets400() throws Exception {
        HttpResponse<String> response =
                new SampleClient(port).order("", "strict-" + run, "tea-" + run, 1, CHANGED_TENANT);

        assertBadTenant(response);
        assertThat(new SampleClient(port).ordersOf("tea-" + run)).isZero();
    }

    private static void assertBadTenant(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonMapper.shared().readTree(response.body()).get("detail").asString())
                .contains("acme.corp");
    }
}
