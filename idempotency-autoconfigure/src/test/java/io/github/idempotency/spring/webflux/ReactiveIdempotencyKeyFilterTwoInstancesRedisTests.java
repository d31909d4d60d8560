package io.github.idempotency.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.test.LoopbackServers;
import io.github.idempotency.test.RacingCalls;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Two WebFlux instances that share Redis run a request once, whichever of them gets it. */
class ReactiveIdempotencyKeyFilterTwoInstancesRedisTests {

    @Test
    void racingDuplicatesSpreadOverTwoInstancesRunOnceAndEitherReplaysTheResponse() throws Exception {
        LoopbackServers.require("Redis", 6379);
        String prefix = "idempotency-webflux-test-" + UUID.randomUUID() + ":";
        try (ConfigurableApplicationContext one = start(prefix);
                ConfigurableApplicationContext two = start(prefix)) {
            List<WebTestClient> clients = List.of(client(one), client(two));
            String key = "key-" + UUID.randomUUID();

            List<EntityExchangeResult<byte[]>> racing =
                    RacingCalls.race(20, Duration.ofSeconds(30), caller -> () -> post(clients.get(caller % 2), key));
            EntityExchangeResult<byte[]> onOne = post(clients.get(0), key);
            EntityExchangeResult<byte[]> onTwo = post(clients.get(1), key);

            assertThat(Payments.executions).hasValue(1);
            assertThat(racing)
                    .allSatisfy(result -> assertThat(result.getStatus().value()).isIn(200, 409));
            assertThat(onOne.getResponseHeaders().getFirst("Idempotent-Replayed"))
                    .isEqualTo("true");
            assertThat(onTwo.getResponseHeaders().getFirst("Idempotent-Replayed"))
                    .isEqualTo("true");
            assertThat(onTwo.getResponseBody()).isEqualTo(onOne.getResponseBody());
        }
    }

    private static ConfigurableApplicationContext start(String prefix) {
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties(
                        "server.port=0",
                        "spring.jmx.enabled=false",
                        "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=6379",
                        "idempotency.store.type=redis",
                        "idempotency.store.redis.key-prefix=" + prefix)
                .run();
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static EntityExchangeResult<byte[]> post(WebTestClient client, String key) {
        return client.post()
                .uri("/payments")
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\":5}")
                .exchange()
                .expectBody()
                .returnResult();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Payments.class, BootLine.ReactorNetty.class})
    static class App {}

    @RestController
    static class Payments {

        static final AtomicInteger executions = new AtomicInteger();

        @PostMapping("/payments")
        Mono<String> pay(@RequestBody String body) {
            int execution = executions.incrementAndGet();
            return Mono.delay(Duration.ofMillis(300))
                    .map(tick -> "{\"payment\":" + execution + ",\"id\":\"" + UUID.randomUUID() + "\"}");
        }
    }
}
