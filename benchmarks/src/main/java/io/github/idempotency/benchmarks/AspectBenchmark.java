package io.github.idempotency.benchmarks;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.EnableIdempotency;
import io.github.idempotency.spring.Idempotent;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;

/**
 * What {@code @Idempotent} adds to one call, with no HTTP around it: the sample's order handler
 * ({@code ResponseEntity<Order>}, a new id, a timestamp, a location) called directly ({@code plain}),
 * and through the aspect on the memory store on a key seen before ({@code replay}: build the key,
 * look it up, read the stored response back) and on a new key ({@code fresh}: build the key, take the
 * lease, run the handler, write its response as JSON, complete). One thread, so each figure is the
 * processor time of one call. In a web application the handler's arguments are read and its answer
 * written by MVC in every one of the three cases; that part is not here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AspectBenchmark {

    private static final OrderRequest REQUEST = new OrderRequest("book", 2);

    private AnnotationConfigApplicationContext context;
    private Orders direct;
    private Orders proxied;
    private long nextRequestId;

    /** Starts the application and stores the response that {@code replay} reads back. */
    @Setup(Level.Trial)
    public void start() {
        context = new AnnotationConfigApplicationContext(App.class);
        proxied = context.getBean(Orders.class);
        direct = new Orders();
        proxied.createOnce("replayed", REQUEST);
    }

    /** Closes the application. */
    @TearDown(Level.Trial)
    public void stop() {
        context.close();
    }

    /**
     * The handler alone.
     *
     * @return the new order
     */
    @Benchmark
    public ResponseEntity<Order> plain() {
        return direct.create(REQUEST);
    }

    /**
     * A repeat: the stored response, read back.
     *
     * @return the first call's order
     */
    @Benchmark
    public ResponseEntity<Order> replay() {
        return proxied.createOnce("replayed", REQUEST);
    }

    /**
     * A first call: the handler runs under a lease and its response is stored.
     *
     * @return the new order
     */
    @Benchmark
    public ResponseEntity<Order> fresh() {
        return proxied.createOnceBriefly(Long.toString(nextRequestId++), REQUEST);
    }

    /** The application: the aspect, the memory store, the handler. */
    @Configuration(proxyBeanMethods = false)
    @EnableIdempotency
    public static class App {

        /**
         * The memory store, with its defaults.
         *
         * @return the store
         */
        @Bean
        public IdempotencyStore idempotencyStore() {
            return new MemoryIdempotencyStore();
        }

        /**
         * The handler.
         *
         * @return the orders handler
         */
        @Bean
        public Orders orders() {
            return new Orders();
        }
    }

    /** The sample's order handler, without the web layer. */
    public static class Orders {

        /**
         * Creates an order.
         *
         * @param request the item and quantity
         * @return the new order
         */
        public ResponseEntity<Order> create(OrderRequest request) {
            Order order = new Order(UUID.randomUUID(), request.item(), request.quantity(), "local", Instant.now());
            return ResponseEntity.created(URI.create("/orders/" + order.id())).body(order);
        }

        /**
         * Creates an order once per request id.
         *
         * @param requestId the client's name for the request
         * @param request the item and quantity
         * @return the new order, or the stored response of the first call with this id
         */
        @Idempotent(scope = "orders", key = "#requestId")
        public ResponseEntity<Order> createOnce(String requestId, OrderRequest request) {
            return create(request);
        }

        /**
         * The same, its response kept for a second only, so that the store does not fill up and evict
         * while {@code fresh} runs.
         *
         * @param requestId the client's name for the request
         * @param request the item and quantity
         * @return the new order
         */
        @Idempotent(scope = "orders", key = "#requestId", retention = "1s")
        public ResponseEntity<Order> createOnceBriefly(String requestId, OrderRequest request) {
            return create(request);
        }
    }

    /**
     * What a client asks for.
     *
     * @param item the item
     * @param quantity how many
     */
    public record OrderRequest(String item, int quantity) {}

    /**
     * An order, as the sample's.
     *
     * @param id the order's id
     * @param item the item
     * @param quantity how many
     * @param tenant the tenant
     * @param createdAt when it was created
     */
    public record Order(UUID id, String item, int quantity, String tenant, Instant createdAt) {}
}
