package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.webflux.ReactiveTenantResolver;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The principal and tenant of {@code @Idempotent} {@code Mono} methods in a WebFlux application,
 * found in the request's Reactor context when the {@code Mono} is subscribed, over a real port.
 */
class IdempotentWebFluxCallerTests {

    @Test
    void keysEachPrincipalOfTheExchangeApartAndReplaysToItOnly() {
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(Callers.class, new MemoryIdempotencyStore())) {
            WebTestClient client = WebFluxPayments.client(context);

            assertThat(post(client, "/accounts/a", "X-User", "alice")).isEqualTo("a-1");
            assertThat(post(client, "/accounts/a", "X-User", "bob")).isEqualTo("a-2");
            assertThat(post(client, "/accounts/a", "X-User", "alice")).isEqualTo("a-1");
            assertThat(post(client, "/accounts/a", "X-User", "bob")).isEqualTo("a-2");
            assertThat(context.getBean(Accounts.class).runs()).isEqualTo(2);
        }
    }

    @Test
    void keysEachPrincipalOfTheReactiveSecurityContextApart() {
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(Callers.class, new MemoryIdempotencyStore())) {
            WebTestClient client = WebFluxPayments.client(context);

            assertThat(post(client, "/accounts/s", "X-Authenticated", "carol")).isEqualTo("s-1");
            assertThat(post(client, "/accounts/s", "X-Authenticated", "dave")).isEqualTo("s-2");
            assertThat(post(client, "/accounts/s", "X-Authenticated", "carol")).isEqualTo("s-1");
            assertThat(post(client, "/accounts/s", "X-Authenticated", "dave")).isEqualTo("s-2");
            // the same name by either route is the same caller
            assertThat(post(client, "/accounts/s", "X-User", "dave")).isEqualTo("s-2");
            assertThat(context.getBean(Accounts.class).runs()).isEqualTo(2);
        }
    }

    @Test
    void keysACallWithoutPrincipalAsBeforeAndTakesAnAnonymousOneForNone() {
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(Callers.class, new MemoryIdempotencyStore())) {
            WebTestClient client = WebFluxPayments.client(context);

            assertThat(post(client, "/accounts/n", null, null)).isEqualTo("n-1");
            assertThat(post(client, "/accounts/n", null, null)).isEqualTo("n-1");
            assertThat(post(client, "/accounts/n", "X-Anonymous", "true")).isEqualTo("n-1");
            assertThat(post(client, "/accounts/n", "X-User", "erin")).isEqualTo("n-2");
            assertThat(context.getBean(Accounts.class).runs()).isEqualTo(2);
            // the key without a principal is the one a call made outside any request gets
            assertThat(context.getBean(Accounts.class).open("n").block()).isEqualTo("n-1");
        }
    }

    @Test
    void keysEachTenantOfTheReactiveTenantResolverApart() {
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(Callers.class, new MemoryIdempotencyStore())) {
            WebTestClient client = WebFluxPayments.client(context);

            assertThat(post(client, "/accounts/t", "X-Tenant", "north")).isEqualTo("t-1");
            assertThat(post(client, "/accounts/t", "X-Tenant", "south")).isEqualTo("t-2");
            assertThat(post(client, "/accounts/t", null, null)).isEqualTo("t-3");
            assertThat(post(client, "/accounts/t", "X-Tenant", "north")).isEqualTo("t-1");
            assertThat(post(client, "/accounts/t", "X-Tenant", "south")).isEqualTo("t-2");
            assertThat(post(client, "/accounts/t", null, null)).isEqualTo("t-3");
            assertThat(context.getBean(Accounts.class).runs()).isEqualTo(3);
        }
    }

    @Test
    void refusesATenantOfTheReactiveTenantResolverThatStrictModeRefuses() {
        try (ConfigurableApplicationContext context =
                WebFluxPayments.start(Callers.class, new MemoryIdempotencyStore(), "idempotency.strict-tenant=true")) {
            WebTestClient client = WebFluxPayments.client(context);

            client.post()
                    .uri("/accounts/x")
                    .header("X-Tenant", "acme.corp")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.BAD_REQUEST)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("Invalid tenant")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).contains("acme.corp"));
            assertThat(post(client, "/accounts/x", "X-Tenant", "acme")).isEqualTo("x-1");
            assertThat(context.getBean(Accounts.class).runs()).isEqualTo(1);
        }
    }

    private static @Nullable String post(
            WebTestClient client, String uri, @Nullable String header, @Nullable String value) {
        WebTestClient.RequestBodySpec request = client.post().uri(uri);
        if (header != null) {
            request.header(header, value);
        }
        return request.exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /**
     * Callers named by request headers: {@code X-User} on the exchange, as a custom authentication
     * filter would, {@code X-Authenticated} and {@code X-Anonymous} in Spring Security's reactive
     * context only, as its web filters do; tenants by {@code X-Tenant}.
     */
    @Configuration(proxyBeanMethods = false)
    static class Callers {

        @Bean
        Accounts accounts() {
            return new Accounts();
        }

        @Bean
        @Order(0)
        WebFilter exchangePrincipal() {
            return (exchange, chain) -> {
                String user = exchange.getRequest().getHeaders().getFirst("X-User");
                return chain.filter(
                        (user == null)
                                ? exchange
                                : exchange.mutate()
                                        .principal(Mono.just((Principal) () -> user))
                                        .build());
            };
        }

        @Bean
        @Order(0)
        WebFilter securityContext() {
            return (exchange, chain) -> {
                String user = exchange.getRequest().getHeaders().getFirst("X-Authenticated");
                Authentication authentication = (user != null)
                        ? UsernamePasswordAuthenticationToken.authenticated(user, "n/a", List.of())
                        : (exchange.getRequest().getHeaders().getFirst("X-Anonymous") != null)
                                ? new AnonymousAuthenticationToken(
                                        "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))
                                : null;
                return (authentication == null)
                        ? chain.filter(exchange)
                        : chain.filter(exchange)
                                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
            };
        }

        @Bean
        ReactiveTenantResolver tenantResolver() {
            return exchange ->
                    Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst("X-Tenant"));
        }
    }

    @RestController
    static class Accounts {

        private final AtomicInteger runs = new AtomicInteger();

        @PostMapping("/accounts/{id}")
        @Idempotent(scope = "flux-accounts", key = "#p0")
        public Mono<String> open(@PathVariable("id") String id) {
            return Mono.fromSupplier(() -> id + "-" + runs.incrementAndGet());
        }

        int runs() {
            return runs.get();
        }
    }
}
