package io.github.idempotency.spring;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.core.IdempotencyStore;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A WebFlux controller with {@code @Idempotent} {@code Mono} methods, served by Reactor Netty on a free port. */
@RestController
class WebFluxPayments {

    private final AtomicInteger runs = new AtomicInteger();
    private final Map<String, Sinks.One<String>> held = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();

    /** Starts a reactive web application on a free port with this controller and the given store. */
    static ConfigurableApplicationContext start(IdempotencyStore store, String... properties) {
        return start(Server.class, store, properties);
    }

    /** Starts it with more configuration. */
    static ConfigurableApplicationContext start(Class<?> more, IdempotencyStore store, String... properties) {
        return new SpringApplicationBuilder(Server.class, more)
                .web(WebApplicationType.REACTIVE)
                .initializers(context -> context.getBeanFactory().registerSingleton("idempotencyStore", store))
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
                .properties(properties)
                .run();
    }

    /** A client of the running application, over its port. */
    static WebTestClient client(ConfigurableApplicationContext context) {
        int port = BootLine.serverPort(context);
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(java.time.Duration.ofSeconds(20))
                .build();
    }

    int runs() {
        return runs.get();
    }

    /** Lets the held call with this id finish with its value. */
    void release(String id) {
        sink(id).tryEmitValue("held-" + id);
    }

    /** Waits until the held call with this id has started. */
    boolean awaitStarted(String id) throws InterruptedException {
        return latch(id).await(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @PostMapping("/payments/{id}")
    @Idempotent(scope = "flux-payments", key = "#p0")
    public Mono<String> pay(@PathVariable("id") String id) {
        return Mono.fromSupplier(() -> id + "-" + runs.incrementAndGet());
    }

    @PostMapping("/held/{id}")
    @Idempotent(scope = "flux-held", key = "#p0")
    public Mono<String> held(@PathVariable("id") String id) {
        runs.incrementAndGet();
        latch(id).countDown();
        return sink(id).asMono();
    }

    @PostMapping("/charges/{id}")
    @Idempotent(scope = "flux-charges", key = "#p0", fingerprint = "#p1")
    public Mono<String> charge(@PathVariable("id") String id, @RequestParam("amount") BigDecimal amount) {
        return Mono.fromSupplier(() -> id + amount + runs.incrementAndGet());
    }

    @PostMapping("/declines/{id}")
    @Idempotent(scope = "flux-declines", key = "#p0", recordFailures = Orders.PaymentDeclined.class)
    public Mono<String> decline(@PathVariable("id") String id) {
        return Mono.defer(() -> {
            runs.incrementAndGet();
            return Mono.error(new Orders.PaymentDeclined("declined " + id));
        });
    }

    private Sinks.One<String> sink(String id) {
        return held.computeIfAbsent(id, ignored -> Sinks.one());
    }

    private CountDownLatch latch(String id) {
        return started.computeIfAbsent(id, ignored -> new CountDownLatch(1));
    }

    @Configuration(proxyBeanMethods = false)
    @Import(BootLine.ReactiveWebServer.class)
    @ImportAutoConfiguration({AopAutoConfiguration.class, IdempotencyAutoConfiguration.class})
    static class Server {

        @org.springframework.context.annotation.Bean
        WebFluxPayments webFluxPayments() {
            return new WebFluxPayments();
        }
    }
}
