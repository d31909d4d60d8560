package io.github.idempotency.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request body that stops arriving while the WebFlux filter reads it gets the 408 a servlet
 * container gives, after {@code idempotency.web.body-timeout}; the key stays free.
 */
@SpringBootTest(
        classes = ReactiveIdempotencyKeyFilterBodyTimeoutHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "idempotency.web.body-timeout=300ms"})
class ReactiveIdempotencyKeyFilterBodyTimeoutHttpTests {

    @LocalServerPort
    private int port;

    @Test
    void aStalledBodyGets408ProblemAndClosesTheConnectionWithoutTakingTheKey() throws IOException {
        int before = Echo.executions.get();

        String response = stalled("stalled-1");

        assertThat(response).startsWith("HTTP/1.1 408 ");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response).containsIgnoringCase("Connection: close");
        assertThat(response)
                .contains("docs/HTTP.md#request-timeout")
                .contains("Request body timed out")
                .contains("Idempotency-Key 'stalled-1' did not arrive in time");
        assertThat(Echo.executions).hasValue(before);

        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build()
                .post()
                .uri("/echo")
                .header("Idempotency-Key", "stalled-1")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("abcdefghij")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist("Idempotent-Replayed")
                .expectBody(String.class)
                .isEqualTo("abcdefghij");
        assertThat(Echo.executions).hasValue(before + 1);
    }

    /**
     * Declares ten bytes, sends three and reads what the server sends until it closes the
     * connection; the socket's own timeout fails the test if the server never does.
     */
    private String stalled(String key) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String head = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 10\r\nIdempotency-Key: " + key + "\r\n\r\nabc";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Echo.class)
    static class App {}

    @RestController
    static class Echo {

        static final AtomicInteger executions = new AtomicInteger();

        @PostMapping("/echo")
        String echo(@RequestBody String body) {
            executions.incrementAndGet();
            return body;
        }
    }
}
