package io.github.idempotency.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

@SpringBootTest(
        classes = IdempotencyStoreDownHealthHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health",
            "management.endpoint.health.show-details=always"
        })
class IdempotencyStoreDownHealthHttpTests {

    @LocalServerPort
    private int port;

    @Test
    void reportsTheStoreDownWhenItCannotBeReached() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(BootLine.parseJson(response.body()))
                .extracting("components.idempotency.status", "components.idempotency.details.store")
                .containsExactly("DOWN", "UnreachableIdempotencyStore");
        assertThat(BootLine.parseJson(response.body()))
                .extracting("components.idempotency.details.error")
                .asString()
                .contains("store unreachable");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        IdempotencyStore idempotencyStore() {
            return new UnreachableIdempotencyStore();
        }
    }
}
