package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

class IdempotentControllerTests {

    private final WebApplicationContextRunner withoutStore = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class, BootLine.JACKSON, IdempotencyAutoConfiguration.class))
            .withConfiguration(AutoConfigurations.of(BootLine.WEB_MVC))
            .withBean(PaymentsController.class);

    private final WebApplicationContextRunner runner =
            withoutStore.withUserConfiguration(AspectContexts.StoreOnMovableClock.class);

    @Test
    void replaysTheControllersResponseWithoutRunningItAgain() {
        runner.run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            MvcResult first = mvc.perform(post("/payments/p-1"))
                    .andExpect(status().isCreated())
                    .andReturn();
            mvc.perform(post("/payments/p-1"))
                    .andExpect(status().isCreated())
                    .andExpect(header().string("Location", first.getResponse().getHeader("Location")))
                    .andExpect(content().json(first.getResponse().getContentAsString()));
            assertThat(context.getBean(PaymentsController.class).runs()).isEqualTo(1);
        });
    }

    @Test
    void answersAConflictWith409ProblemAndRetryAfter() {
        runner.run(context -> {
            context.getBean(IdempotencyStore.class)
                    .tryBegin(IdempotencyKeys.buildKey(null, "payments", "p-2"), Duration.ofMillis(29_200));
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            mvc.perform(post("/payments/p-2"))
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Retry-After", "30"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(409));
            assertThat(context.getBean(PaymentsController.class).runs()).isZero();
        });
    }

    @Test
    void answersAnUnreachableStoreWith503ProblemAndRetryAfterWithoutRunning() {
        withoutStore
                .withBean(IdempotencyStore.class, UnreachableIdempotencyStore::new)
                .run(context -> {
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
                    mvc.perform(post("/payments/p-3"))
                            .andExpect(status().isServiceUnavailable())
                            .andExpect(header().string("Retry-After", "5"))
                            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                            .andExpect(jsonPath("$.status").value(503));
                    assertThat(context.getBean(PaymentsController.class).runs()).isZero();
                });
    }

    @Test
    void answersAStoreFullOfCallsInProgressWith503ProblemSayingSo() {
        withoutStore
                .withBean(
                        IdempotencyStore.class,
                        () -> new MemoryIdempotencyStore(
                                new MemoryIdempotencyStore.Options(Duration.ofMinutes(1), 1, 1024), Clock.systemUTC()))
                .run(context -> {
                    context.getBean(IdempotencyStore.class)
                            .tryBegin(IdempotencyKeys.buildKey(null, "other", 1), Duration.ZERO);
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
                    mvc.perform(post("/payments/p-4"))
                            .andExpect(status().isServiceUnavailable())
                            .andExpect(header().string("Retry-After", "5"))
                            .andExpect(jsonPath("$.title").value("Idempotency store full"))
                            .andExpect(jsonPath("$.detail")
                                    .value(org.hamcrest.Matchers.containsString("full of requests in progress")));
                    assertThat(context.getBean(PaymentsController.class).runs()).isZero();
                });
    }

    @Test
    void answersAReplayedFailureWith422Problem() {
        runner.run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            PaymentsController controller = context.getBean(PaymentsController.class);
            try {
                mvc.perform(post("/payments/p-3/decline"));
            } catch (Exception first) {
                assertThat(first).hasRootCauseInstanceOf(Orders.PaymentDeclined.class);
            }
            mvc.perform(post("/payments/p-3/decline"))
                    .andExpect(status().is(422))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
            assertThat(controller.declines()).isEqualTo(1);
        });
    }

    @Test
    void scopesTheKeyToTheAuthenticatedPrincipal() {
        runner.run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            MvcResult alice = mvc.perform(post("/payments/p-5").principal(() -> "alice"))
                    .andExpect(status().isCreated())
                    .andReturn();
            MvcResult bob = mvc.perform(post("/payments/p-5").principal(() -> "bob"))
                    .andExpect(status().isCreated())
                    .andReturn();
            assertThat(bob.getResponse().getHeader("Location"))
                    .isNotEqualTo(alice.getResponse().getHeader("Location"));
            mvc.perform(post("/payments/p-5").principal(() -> "alice"))
                    .andExpect(header().string("Location", alice.getResponse().getHeader("Location")));
            assertThat(context.getBean(PaymentsController.class).runs()).isEqualTo(2);
        });
    }

    @Test
    void sharesTheRecordAcrossPrincipalsOnlyWhenTheMethodSaysSo() {
        runner.run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            mvc.perform(post("/feeds/f-1").principal(() -> "alice")).andExpect(status().isOk());
            mvc.perform(post("/feeds/f-1").principal(() -> "bob")).andExpect(status().isOk());
            assertThat(context.getBean(PaymentsController.class).runs()).isEqualTo(1);
        });
    }

    @Test
    void answersATenantStrictModeRefusesWith400Problem() {
        runner.withPropertyValues("idempotency.strict-tenant=true")
                .withBean(TenantResolver.class, () -> () -> "acme.corp")
                .run(context -> {
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
                    mvc.perform(post("/payments/p-6"))
                            .andExpect(status().isBadRequest())
                            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                            .andExpect(jsonPath("$.title").value("Invalid tenant"))
                            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("acme.corp")));
                    assertThat(context.getBean(PaymentsController.class).runs()).isZero();
                });
    }

    @Test
    void answersAKeyReusedWithAnotherPayloadWith422Problem() {
        runner.run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            mvc.perform(post("/charges/c-1").param("amount", "5")).andExpect(status().isOk());
            mvc.perform(post("/charges/c-1").param("amount", "6"))
                    .andExpect(status().is(422))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(422));
            assertThat(context.getBean(PaymentsController.class).runs()).isEqualTo(1);
        });
    }

    @Test
    void registersTheExceptionHandlerOnlyInServletWebApplications() {
        runner.run(context -> assertThat(context).hasSingleBean(IdempotentExceptionHandler.class));
        AspectContexts.runner().run(context -> assertThat(context).doesNotHaveBean(IdempotentExceptionHandler.class));
    }

    @RestController
    static class PaymentsController {

        private final AtomicInteger runs = new AtomicInteger();
        private final AtomicInteger declines = new AtomicInteger();

        public int runs() {
            return runs.get();
        }

        public int declines() {
            return declines.get();
        }

        @PostMapping("/payments/{id}")
        @Idempotent(scope = "payments", key = "#p0")
        public ResponseEntity<Orders.Order> pay(@PathVariable("id") String id) {
            int run = runs.incrementAndGet();
            return ResponseEntity.created(URI.create("/payments/" + id + "/" + run))
                    .body(new Orders.Order(
                            id + "-" + run, java.math.BigDecimal.ONE, java.time.Instant.EPOCH, java.util.List.of()));
        }

        @PostMapping("/feeds/{id}")
        @Idempotent(scope = "feeds", key = "#p0", perPrincipal = false)
        public String feed(@PathVariable("id") String id) {
            return id + runs.incrementAndGet();
        }

        @PostMapping("/charges/{id}")
        @Idempotent(scope = "charges", key = "#p0", fingerprint = "#p1")
        public String charge(@PathVariable("id") String id, @RequestParam("amount") BigDecimal amount) {
            return id + amount + runs.incrementAndGet();
        }

        @PostMapping("/payments/{id}/decline")
        @Idempotent(scope = "declines", key = "#p0", recordFailures = Orders.PaymentDeclined.class)
        public String decline(@PathVariable("id") String id) {
            declines.incrementAndGet();
            throw new Orders.PaymentDeclined("declined " + id);
        }
    }
}
