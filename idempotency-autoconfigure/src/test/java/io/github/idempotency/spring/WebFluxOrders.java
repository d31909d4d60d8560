package io.github.idempotency.spring;

import io.github.idempotency.autoconfigure.IdempotencyWebFluxAutoConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A WebFlux controller behind the {@code Idempotency-Key} filter (no {@code @Idempotent}), noting the
 * thread each handler runs on. Start it with {@code WebFluxPayments.start(WebFluxOrders.Config.class,
 * store)}.
 */
@RestController
class WebFluxOrders {

    private final AtomicInteger runs = new AtomicInteger();
    private final List<String> handlerThreads = new CopyOnWriteArrayList<>();

    int runs() {
        return runs.get();
    }

    /** The names of the threads the handlers ran on, in order. */
    List<String> handlerThreads() {
        return handlerThreads;
    }

    @PostMapping("/orders/{id}")
    public Mono<String> order(@PathVariable("id") String id) {
        ran();
        return Mono.just("order-" + id + "-" + runs.get());
    }

    @PostMapping("/busy/{id}")
    public Mono<ResponseEntity<String>> busy(@PathVariable("id") String id) {
        ran();
        return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("busy " + id));
    }

    private void ran() {
        runs.incrementAndGet();
        handlerThreads.add(Thread.currentThread().getName());
    }

    /** This controller and the filter. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(IdempotencyWebFluxAutoConfiguration.class)
    static class Config {

        @Bean
        WebFluxOrders webFluxOrders() {
            return new WebFluxOrders();
        }
    }
}
