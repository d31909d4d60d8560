package io.github.idempotency.spring;

import static io.github.idempotency.spring.IdempotencyOutcome.EXECUTED;
import static io.github.idempotency.spring.IdempotencyOutcome.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.spring.Orders.Order;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class IdempotentAspectReplayTests {

    private final ApplicationContextRunner runner = AspectContexts.runner();

    @Test
    void replaysStoredResultWithoutRunningTheMethod() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            String first = orders.text("o-1");
            String second = orders.text("o-1");
            assertThat(second).isEqualTo(first);
            assertThat(orders.runs("text")).isEqualTo(1);
            assertThat(orders.text("o-2")).isNotEqualTo(first);
            assertThat(orders.runs("text")).isEqualTo(2);
            assertThat(context.getBean(RecordingListener.class).outcomes())
                    .containsExactly(EXECUTED, REPLAYED, EXECUTED);
        });
    }

    @Test
    void replaysEveryDeclaredReturnTypeAsAnEqualValue() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            assertReplayed(orders, "order", Orders::order, Order.class);
            assertReplayed(orders, "orders", Orders::orders, List.class);
            assertThat(orders.orders("orders").get(0)).isInstanceOf(Order.class);
            assertReplayed(orders, "counts", Orders::counts, java.util.Map.class);
            assertReplayed(orders, "find", Orders::find, Optional.class);
            assertThat(orders.find("find").get()).isInstanceOf(Order.class);
            assertReplayed(orders, "findNothing", Orders::findNothing, Optional.class);
            assertReplayed(orders, "placedAt", Orders::placedAt, Instant.class);
            assertReplayed(orders, "day", Orders::day, LocalDate.class);
            assertReplayed(orders, "count", Orders::count, Integer.class);
        });
    }

    @Test
    void replaysVoidAndNullWithoutRunningTheMethod() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            orders.cancel("c-1");
            orders.cancel("c-1");
            assertThat(orders.runs("cancel")).isEqualTo(1);
            assertThat(orders.nothing("n-1")).isNull();
            assertThat(orders.nothing("n-1")).isNull();
            assertThat(orders.runs("nothing")).isEqualTo(1);
        });
    }

    @Test
    void replaysResponseEntityWithStatusHeadersAndBody() {
        runner.withPropertyValues("idempotency.web.stored-headers=Location,X-Run")
                .run(context -> {
                    Orders orders = context.getBean(Orders.class);
                    ResponseEntity<Order> first = orders.create("r-1");
                    ResponseEntity<Order> second = orders.create("r-1");
                    assertThat(orders.runs("create")).isEqualTo(1);
                    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
                    assertThat(second.getHeaders().getLocation())
                            .isEqualTo(first.getHeaders().getLocation());
                    assertThat(second.getHeaders().get("X-Run"))
                            .containsExactly(first.getHeaders().getFirst("X-Run"), "second");
                    assertThat(second.getBody()).isInstanceOf(Order.class).isEqualTo(first.getBody());
                });
    }

    @Test
    void replaysOnlyTheResponseEntityHeadersOfTheAllowList() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            ResponseEntity<Order> first = orders.create("r-2");
            ResponseEntity<Order> second = orders.create("r-2");
            assertThat(first.getHeaders().getFirst("X-Auth-Token")).isNotNull();
            assertThat(second.getHeaders().getLocation())
                    .isEqualTo(first.getHeaders().getLocation());
            assertThat(second.getHeaders().toSingleValueMap().keySet())
                    .containsExactly("Location")
                    .doesNotContain("X-Auth-Token", "Authentication-Info", "X-Run", "Set-Cookie");
        });
    }

    @Test
    void refusesAtStartupAnInterfaceMethodsAnnotationTheImplementationLacks() {
        runner.withBean(Payments.CountingPayments.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                IdempotencyConfigurationException.class,
                                ex -> assertThat(ex.action())
                                        .contains(
                                                "Put @Idempotent on io.github.idempotency.spring.Payments$CountingPayments.pay"))
                        .hasMessageContaining("interface method io.github.idempotency.spring.Payments.pay(String)"));
    }

    @Test
    void acceptsAnImplementationThatCarriesTheAnnotationToo() {
        runner.withBean(Payments.AnnotatedPayments.class).run(context -> {
            Payments payments = context.getBean(Payments.class);
            assertThat(payments.pay("i-1")).isEqualTo(payments.pay("i-1"));
        });
    }

    @Test
    void neverStoresOrReplaysCredentialHeadersOfAResponseEntity() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            ResponseEntity<Order> first = orders.create("r-2");
            assertThat(first.getHeaders().getFirst("Set-Cookie")).startsWith("session=");
            ResponseEntity<Order> second = orders.create("r-2");
            assertThat(second.getHeaders().get("Set-Cookie")).isNull();
            assertThat(second.getHeaders().get("WWW-Authenticate")).isNull();
            assertThat(second.getHeaders().getLocation())
                    .isEqualTo(first.getHeaders().getLocation());
            String stored = new String(
                    context.getBean(IdempotencyStore.class)
                            .get(AspectContexts.key("orders", "r-2"))
                            .orElseThrow()
                            .result(),
                    StandardCharsets.UTF_8);
            assertThat(stored).doesNotContainIgnoringCase("cookie").doesNotContain("realm");
        });
    }

    @Test
    void buildsMapLiteralKeysFromNamedInputs() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            Order request = new Order("p-1", new BigDecimal("9.99"), Instant.EPOCH, List.of("a"));
            Order first = orders.place(request);
            Order sameInputs = orders.place(new Order("p-1", new BigDecimal("9.99"), Instant.now(), List.of("b")));
            assertThat(sameInputs).isEqualTo(first);
            assertThat(orders.runs("place")).isEqualTo(1);
            orders.place(new Order("p-1", new BigDecimal("10.00"), Instant.EPOCH, List.of("a")));
            assertThat(orders.runs("place")).isEqualTo(2);
        });
    }

    @Test
    void keepsTenantsApart() {
        runner.run(context -> {
            Orders orders = context.getBean(Orders.class);
            String acme = orders.forTenant("acme", "t-1");
            assertThat(orders.forTenant("acme", "t-1")).isEqualTo(acme);
            assertThat(orders.forTenant("globex", "t-1")).isNotEqualTo(acme);
            assertThat(orders.runs("forTenant")).isEqualTo(2);
        });
    }

    @Test
    void takesTheTenantFromTheTenantResolver() {
        runner.withBean(TenantResolver.class, () -> () -> "acme").run(context -> {
            Orders orders = context.getBean(Orders.class);
            orders.text("tenant-1");
            assertThat(context.getBean(io.github.idempotency.core.IdempotencyStore.class)
                            .get(io.github.idempotency.core.IdempotencyKeys.buildKey("acme", "orders", "tenant-1")))
                    .isPresent();
            assertThat(context.getBean(io.github.idempotency.core.IdempotencyStore.class)
                            .get(AspectContexts.key("orders", "tenant-1")))
                    .isEmpty();
        });
    }

    private static <T> void assertReplayed(
            Orders orders, String method, BiFunction<Orders, String, T> call, Class<?> type) {
        // the method name doubles as the key, so each method gets its own record
        T first = call.apply(orders, method);
        T second = call.apply(orders, method);
        assertThat(second).isInstanceOf(type).isEqualTo(first);
        assertThat(orders.runs(method)).as(method).isEqualTo(1);
    }
}
