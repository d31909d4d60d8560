package io.github.idempotency.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
        classes = IdempotencyEndpointHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=idempotency,health",
            "management.endpoint.health.show-details=always"
        })
class IdempotencyEndpointHttpTests {

    private static final byte[] RESULT = "{\"card\":\"4111-secret\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private IdempotencyStore store;

    @Test
    void readsARecordByTheKeyInThePathWithoutItsBytes() throws Exception {
        String key = key("http-read");
        String owner = store.tryBegin(key, Duration.ofSeconds(30)).ownerToken();
        String hash = store.complete(key, owner, RESULT, Duration.ofHours(1)).resultHash();

        HttpResponse<String> response = send("GET", "/actuator/idempotency/" + key);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = BootLine.parseJson(response.body());
        assertThat(body)
                .containsEntry("key", key)
                .containsEntry("state", "complete")
                .containsEntry("resultSize", RESULT.length)
                .containsEntry("resultHash", hash);
        assertThat((String) body.get("expiresAt")).endsWith("Z");
        assertThat(response.body())
                .doesNotContain("4111-secret")
                .doesNotContain(Base64.getEncoder().encodeToString(RESULT))
                .doesNotContain(owner);
    }

    @Test
    void answersNotFoundForAnAbsentKey() throws Exception {
        assertThat(send("GET", "/actuator/idempotency/" + key("http-absent")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void evictsByKey() throws Exception {
        String key = key("http-evict");
        store.tryBegin(key, Duration.ofSeconds(30));

        HttpResponse<String> response = send("DELETE", "/actuator/idempotency/" + key);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();

        assertThat(store.get(key)).isEmpty();
        assertThat(send("GET", "/actuator/idempotency/" + key).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAnInvalidKeyWithABadRequestThatSaysWhy() throws Exception {
        HttpResponse<String> read = send("GET", "/actuator/idempotency/v1:acme:payments:not-a-hash");
        HttpResponse<String> delete = send("DELETE", "/actuator/idempotency/order-1");

        assertThat(read.statusCode()).isEqualTo(400);
        assertThat((String) BootLine.parseJson(read.body()).get("message"))
                .startsWith("invalid idempotency key")
                .contains("not-a-hash");
        assertThat(delete.statusCode()).isEqualTo(400);
        assertThat((String) BootLine.parseJson(delete.body()).get("message")).startsWith("invalid idempotency key");
    }

    @Test
    void reportsTheStoreUpInHealth() throws Exception {
        HttpResponse<String> response = send("GET", "/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(BootLine.parseJson(response.body()))
                .extracting("components.idempotency.status", "components.idempotency.details.store")
                .containsExactly("UP", "memory");
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    private static String key(String input) {
        return IdempotencyKeys.buildKey("acme", "payments", input);
    }
}
