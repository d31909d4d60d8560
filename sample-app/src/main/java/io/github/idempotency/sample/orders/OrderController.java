package io.github.idempotency.sample.orders;

import io.github.idempotency.spring.Idempotent;
import io.github.idempotency.spring.TenantResolver;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Creates orders. Nothing here knows about idempotency: the {@code Idempotency-Key} filter, set up in
 * {@code application.yml}, answers repeats with the stored response before this controller is
 * reached.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private final Queue<Order> orders = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final TenantResolver tenantResolver;
    private final int maxKept;

    /**
     * Creates the controller.
     *
     * @param tenantResolver where an order's tenant comes from
     * @param maxKept how many of the newest orders {@code GET /orders} lists ({@code
     *     sample.orders.max-kept}); every order by default, so that the list counts real executions
     */
    public OrderController(
            TenantResolver tenantResolver, @Value("${sample.orders.max-kept:" + Integer.MAX_VALUE + "}") int maxKept) {
        this.tenantResolver = tenantResolver;
        this.maxKept = maxKept;
    }

    /**
     * Creates an order: 201 with its {@code Location}.
     *
     * @param request the item and quantity
     * @param simulateWorkMs how long to keep working after saving the order, to show a duplicate
     *     arriving while the first request is still in flight
     * @return the new order
     */
    @PostMapping
    public ResponseEntity<Order> create(
            @RequestBody OrderRequest request, @RequestParam(defaultValue = "0") long simulateWorkMs)
            throws InterruptedException {
        if (request.item() == null || request.item().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "item must not be blank");
        }
        if (request.quantity() <= 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "quantity must be positive");
        }
        String tenant = Objects.requireNonNullElse(tenantResolver.resolveTenant(), "local");
        Order order = new Order(UUID.randomUUID(), request.item(), request.quantity(), tenant, Instant.now());
        orders.add(order);
        if (kept.incrementAndGet() > maxKept && orders.poll() != null) {
            kept.decrementAndGet();
        }
        if (simulateWorkMs > 0) {
            // Not for 0: Thread.sleep(0) yields the processor, a system call on every request.
            Thread.sleep(simulateWorkMs);
        }
        return ResponseEntity.created(URI.create("/orders/" + order.id())).body(order);
    }

    /**
     * Creates an order once per {@code Request-Id}: the same as {@link #create}, made idempotent by
     * {@code @Idempotent} on the handler instead of by the filter, for clients that name each request
     * in a header of their own. A repeat gets the first response back, read from the store.
     *
     * @param requestId the client's name for this request, the idempotency key's input
     * @param request the item and quantity
     * @return the new order, or the stored response of the first request with this id
     */
    @PostMapping("/by-request-id")
    @Idempotent(scope = "orders", key = "#requestId")
    public ResponseEntity<Order> createOnce(
            @RequestHeader("Request-Id") String requestId, @RequestBody OrderRequest request)
            throws InterruptedException {
        return create(request, 0);
    }

    /**
     * Lists every order created so far (the newest {@code sample.orders.max-kept} of them when that is
     * set), so anyone can count real executions.
     *
     * @return the orders, oldest first
     */
    @GetMapping
    public List<Order> list() {
        return List.copyOf(orders);
    }
}
