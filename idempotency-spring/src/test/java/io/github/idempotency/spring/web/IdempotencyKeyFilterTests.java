package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.TenantResolver;
import io.github.idempotency.test.MutableClock;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import jakarta.servlet.ServletException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockPart;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.RequestContextFilter;

class IdempotencyKeyFilterTests {

    private final MutableClock clock = MutableClock.startingAtFixedInstant();
    private final MemoryIdempotencyStore memoryStore =
            new MemoryIdempotencyStore(new MemoryIdempotencyStore.Options(Duration.ofMinutes(5), 10_000, 4096), clock);
    private final IdempotencyHeartbeat heartbeat = new IdempotencyHeartbeat();
    private final FilterTestController controller = new FilterTestController();
    private final List<IdempotencyOutcome> outcomes = new CopyOnWriteArrayList<>();

    /** Reads the tenant from a header; a real service takes it from authentication. */
    private final TenantResolver tenantFromHeader =
            () -> ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                    .getRequest()
                    .getHeader("X-Tenant-Id");

    private MockMvc mvc = mvc(settings -> {});

    @AfterEach
    void stopHeartbeat() {
        controller.slowRelease.countDown();
        heartbeat.close();
    }

    private MockMvc mvc(Consumer<KeyFilterSettings.Builder> configuration) {
        return mvc(memoryStore, configuration);
    }

    private MockMvc mvc(IdempotencyStore store, Consumer<KeyFilterSettings.Builder> configuration) {
        KeyFilterSettings.Builder builder = KeyFilterSettings.builder()
                .requiredPaths(List.of("/required/**", "/orders/required"))
                .maxResultBytes(2048)
                .maxRequestBytes(1024);
        configuration.accept(builder);
        KeyFilterSettings settings = builder.build();
        IdempotencyKeyFilter filter = new IdempotencyKeyFilter(
                store,
                settings,
                tenantFromHeader,
                List.of((scope, outcome) -> {
                    assertThat(scope).isEqualTo(settings.scope());
                    outcomes.add(outcome);
                }),
                FrameworkLine.jsonCodec(),
                heartbeat,
                clock);
        return MockMvcBuilders.standaloneSetup(controller)
                .addFilters(new RequestContextFilter(), filter)
                .build();
    }

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private static MockHttpServletRequestBuilder order(String key, String body) {
        return post("/orders")
                .header("Idempotency-Key", key)
                .contentType("text/plain")
                .content(body);
    }

    private static Map<String, Object> problem(MockHttpServletResponse response) throws Exception {
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        Map<String, Object> problem = FrameworkLine.parseJson(response.getContentAsByteArray());
        assertThat(problem).containsEntry("status", response.getStatus());
        assertThat((String) problem.get("type")).startsWith(KeyFilterProblems.TYPE_BASE);
        assertThat((String) problem.get("title")).isNotBlank();
        return problem;
    }

    /** The detail of the problem the response carries. */
    private static String detail(MockHttpServletResponse response) throws Exception {
        return (String) problem(response).get("detail");
    }

    @Test
    void aRequestArrivingWhileTheApplicationShutsDownGets503AndLeavesTheKeyFree() throws Exception {
        heartbeat.close();

        MockHttpServletResponse response = perform(order("k-shutdown", "tea"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(detail(response)).contains("shutting down");
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(controller.executions).hasValue(0);
        assertThat(memoryStore.get(IdempotencyKeys.buildKey(null, "http", "k-shutdown", null)))
                .isEmpty();
        assertThat(outcomes).containsExactly(IdempotencyOutcome.STORE_ERROR);
    }

    @Test
    void firstRequestRunsTheHandlerAndIsNotMarkedReplayed() throws Exception {
        MockHttpServletResponse first = perform(order("k1", "tea"));

        assertThat(first.getStatus()).isEqualTo(201);
        assertThat(first.getHeader("Location")).isEqualTo("/orders/1");
        assertThat(first.getContentAsString()).isEqualTo("{\"execution\":1,\"received\":\"tea\"}");
        assertThat(first.getHeader("Idempotent-Replayed")).isNull();
        assertThat(controller.executions).hasValue(1);
        assertThat(outcomes).containsExactly(IdempotencyOutcome.EXECUTED);
    }

    @Test
    void replaysStoredResponseByteForByteWithoutRunningTheHandler() throws Exception {
        MockHttpServletResponse first = perform(order("k1", "tea"));
        MockHttpServletResponse replay = perform(order("k1", "tea"));

        assertThat(controller.executions).hasValue(1);
        assertThat(replay.getStatus()).isEqualTo(first.getStatus());
        assertThat(replay.getContentAsByteArray()).isEqualTo(first.getContentAsByteArray());
        for (String header : List.of("Location", "ETag", "Content-Type")) {
            assertThat(replay.getHeader(header)).as(header).isNotNull().isEqualTo(first.getHeader(header));
        }
        assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(outcomes).containsExactly(IdempotencyOutcome.EXECUTED, IdempotencyOutcome.REPLAYED);
    }

    @Test
    void neverStoresOrReplaysCookiesOrHeadersOutsideTheAllowList() throws Exception {
        MockHttpServletResponse first = perform(order("k1", "tea"));
        MockHttpServletResponse replay = perform(order("k1", "tea"));

        assertThat(first.getHeader("Set-Cookie")).contains("secret-1");
        assertThat(first.getHeader("X-Internal-Trace")).isEqualTo("trace-1");
        assertThat(replay.getHeader("Set-Cookie")).isNull();
        assertThat(replay.getCookies()).isEmpty();
        assertThat(replay.getHeader("X-Internal-Trace")).isNull();
    }

    @Test
    void refusesToConfigureCredentialHeadersAsStored() {
        assertThatThrownBy(() -> mvc(p -> p.storedHeaders(List.of("Location", "Set-Cookie"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Set-Cookie");
    }

    @Test
    void answers409WithRetryAfterUntilTheLeaseExpiresWhileTheFirstIsInFlight() throws Exception {
        CompletableFuture<MockHttpServletResponse> first =
                performAsync(post("/slow").header("Idempotency-Key", "slow-1"));
        assertThat(controller.slowEntered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse duplicate = perform(post("/slow").header("Idempotency-Key", "slow-1"));
        clock.advance(Duration.ofMillis(12_500));
        MockHttpServletResponse later = perform(post("/slow").header("Idempotency-Key", "slow-1"));

        assertThat(duplicate.getStatus()).isEqualTo(409);
        assertThat(duplicate.getHeader("Retry-After")).isEqualTo("30");
        assertThat(detail(duplicate)).contains("Idempotency-Key", "slow-1");
        assertThat(later.getHeader("Retry-After")).isEqualTo("18");
        controller.slowRelease.countDown();
        assertThat(first.get().getContentAsString()).isEqualTo("slow 1");
        assertThat(perform(post("/slow").header("Idempotency-Key", "slow-1")).getContentAsString())
                .isEqualTo("slow 1");
        assertThat(controller.executions).hasValue(1);
        assertThat(outcomes).contains(IdempotencyOutcome.CONFLICT);
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverNeverOverwritesTheNewHolder() throws Exception {
        CompletableFuture<MockHttpServletResponse> stalled =
                performAsync(post("/slow").header("Idempotency-Key", "s"));
        assertThat(controller.slowEntered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(31));
        CompletableFuture<MockHttpServletResponse> takeover =
                performAsync(post("/slow").header("Idempotency-Key", "s"));
        assertThat(controller.slowEntered.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        controller.slowRelease.countDown();
        String stalledBody = stalled.get().getContentAsString();
        String takeoverBody = takeover.get().getContentAsString();
        MockHttpServletResponse replay = perform(post("/slow").header("Idempotency-Key", "s"));

        assertThat(stalledBody).isEqualTo("slow 1");
        assertThat(takeoverBody).isEqualTo("slow 2");
        assertThat(replay.getContentAsString()).isEqualTo("slow 2");
        assertThat(outcomes).contains(IdempotencyOutcome.LEASE_LOST);
    }

    private CompletableFuture<MockHttpServletResponse> performAsync(MockHttpServletRequestBuilder request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return perform(request);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    @Test
    void answers422WhenTheKeyIsReusedForADifferentBodyOrPath() throws Exception {
        perform(order("k1", "tea"));

        MockHttpServletResponse otherBody = perform(order("k1", "coffee"));
        MockHttpServletResponse otherPath = perform(
                post("/orders?rush=true").header("Idempotency-Key", "k1").content("tea"));

        assertThat(otherBody.getStatus()).isEqualTo(422);
        assertThat(detail(otherBody)).contains("Idempotency-Key", "'k1'");
        assertThat(otherPath.getStatus()).isEqualTo(422);
        assertThat(controller.executions).hasValue(1);
        assertThat(outcomes)
                .containsExactly(IdempotencyOutcome.EXECUTED, IdempotencyOutcome.MISMATCH, IdempotencyOutcome.MISMATCH);
    }

    @Test
    void answers400NamingTheHeaderWhenItIsMissingOnARequiredPath() throws Exception {
        MockHttpServletResponse response = perform(post("/orders/required").content("tea"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(detail(response)).contains("Idempotency-Key");
        assertThat(outcomes).containsExactly(IdempotencyOutcome.REJECTED);
    }

    @Test
    void passesRequestsWithoutTheHeaderThroughWhereItIsOptional() throws Exception {
        perform(post("/orders").content("tea"));
        MockHttpServletResponse second = perform(post("/orders").content("tea"));

        assertThat(second.getStatus()).isEqualTo(201);
        assertThat(controller.executions).hasValue(2);
        assertThat(outcomes).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "tab\tinside",
                "bell\u0007",
                "caf\u00e9",
                "\u2603",
                "\"unterminated",
                "\"k1\"trailing",
                "\"bad\\escape\"",
                "\"ends\\",
                "\"\""
            })
    void answers400ForAMalformedKey(String key) throws Exception {
        MockHttpServletResponse response = perform(order(key, "tea"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(detail(response)).contains("Idempotency-Key");
        assertThat(controller.executions).hasValue(0);
    }

    @Test
    void acceptsA255CharacterKeyAndRejectsA256CharacterKey() throws Exception {
        assertThat(perform(order("k".repeat(255), "tea")).getStatus()).isEqualTo(201);
        MockHttpServletResponse tooLong = perform(order("k".repeat(256), "tea"));

        assertThat(tooLong.getStatus()).isEqualTo(400);
        assertThat(detail(tooLong)).contains("255");
        assertThat(controller.executions).hasValue(1);
    }

    @Test
    void answers400WhenTheHeaderIsSentTwice() throws Exception {
        MockHttpServletResponse response = perform(post("/orders").header("Idempotency-Key", "a", "b"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(controller.executions).hasValue(0);
    }

    @Test
    void answers503WithRetryAfterWhenTheStoreIsUnreachable() throws Exception {
        mvc = mvc(new UnreachableIdempotencyStore(), settings -> {});

        MockHttpServletResponse response = perform(order("k1", "tea"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(detail(response)).contains("Idempotency-Key", "'k1'");
        assertThat(controller.executions).hasValue(0);
        assertThat(outcomes).containsExactly(IdempotencyOutcome.STORE_ERROR);
    }

    @Test
    void answers503SayingTheStoreIsFullWhenRequestsInProgressFillIt() throws Exception {
        MemoryIdempotencyStore tiny =
                new MemoryIdempotencyStore(new MemoryIdempotencyStore.Options(Duration.ofMinutes(5), 1, 4096), clock);
        tiny.tryBegin(IdempotencyKeys.buildKey("other", "in-flight", 1), Duration.ZERO);
        mvc = mvc(tiny, settings -> {});

        MockHttpServletResponse response = perform(order("k1", "tea"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(detail(response))
                .contains("'k1'", "full of requests in progress")
                .doesNotContain("cannot be");
        assertThat(controller.executions).hasValue(0);
    }

    @Test
    void answers503WhenTheStoreFailsWithAnyOtherExceptionAtTheStart() throws Exception {
        mvc = mvc(failingOn("tryBegin"), settings -> {});

        MockHttpServletResponse response = perform(order("k1", "tea"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(detail(response)).contains("'k1'");
        assertThat(controller.executions).hasValue(0);
        assertThat(outcomes).containsExactly(IdempotencyOutcome.STORE_ERROR);
    }

    @Test
    void sendsTheProcessedResponseWhenTheStoreFailsWithAnyOtherExceptionAfterwards() throws Exception {
        mvc = mvc(failingOn("complete"), settings -> {});

        MockHttpServletResponse response = perform(order("k1", "tea"));

        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).isEqualTo("{\"execution\":1,\"received\":\"tea\"}");
        assertThat(outcomes).containsExactly(IdempotencyOutcome.EXECUTED, IdempotencyOutcome.STORE_ERROR);
    }

    @Test
    void handlerExceptionPropagatesWhenFreeingTheKeyFailsWithAnyOtherException() {
        mvc = mvc(failingOn("fail"), settings -> {});

        assertThatThrownBy(() -> perform(post("/throw").header("Idempotency-Key", "k1")))
                .isInstanceOf(ServletException.class)
                .hasRootCauseMessage("handler failed");
        assertThat(outcomes).contains(IdempotencyOutcome.STORE_ERROR);
    }

    /** The memory store, except that one operation fails with an exception no store is documented to throw. */
    private IdempotencyStore failingOn(String operation) {
        return (IdempotencyStore) Proxy.newProxyInstance(
                IdempotencyStore.class.getClassLoader(),
                new Class<?>[] {IdempotencyStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals(operation)) {
                        throw new IllegalStateException(operation + " failed");
                    }
                    try {
                        return method.invoke(memoryStore, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    @Test
    void processesUnprotectedWhenTheStoreIsUnreachableAndFailOpenIsSet() throws Exception {
        mvc = mvc(new UnreachableIdempotencyStore(), settings -> settings.failOpen(true));

        MockHttpServletResponse response = perform(order("k1", "tea"));

        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getContentAsString()).contains("\"received\":\"tea\"");
        assertThat(controller.executions).hasValue(1);
        assertThat(outcomes).containsExactly(IdempotencyOutcome.STORE_ERROR);
    }

    @Test
    void serverErrorFreesTheKeyForARetry() throws Exception {
        MockHttpServletResponse first = perform(post("/status?code=503").header("Idempotency-Key", "k1"));
        MockHttpServletResponse retry = perform(post("/status?code=503").header("Idempotency-Key", "k1"));

        assertThat(first.getStatus()).isEqualTo(503);
        assertThat(retry.getContentAsString()).isEqualTo("attempt 2");
        assertThat(retry.getHeader("Idempotent-Replayed")).isNull();
    }

    @Test
    void serverErrorIsReplayedWhenConfigured() throws Exception {
        mvc = mvc(settings -> settings.replayServerErrors(true));

        perform(post("/status?code=500").header("Idempotency-Key", "k1"));
        MockHttpServletResponse replay = perform(post("/status?code=500").header("Idempotency-Key", "k1"));

        assertThat(replay.getStatus()).isEqualTo(500);
        assertThat(replay.getContentAsString()).isEqualTo("attempt 1");
        assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void clientErrorIsStoredAndReplayed() throws Exception {
        perform(post("/status?code=404").header("Idempotency-Key", "k1"));
        MockHttpServletResponse replay = perform(post("/status?code=404").header("Idempotency-Key", "k1"));

        assertThat(replay.getStatus()).isEqualTo(404);
        assertThat(replay.getContentAsString()).isEqualTo("attempt 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/payments/declined", "/payments/refused?code=402"})
    void clientErrorSentThroughSendErrorIsStoredAndReplayedAsAProblem(String path) throws Exception {
        MockHttpServletResponse first = perform(post(path).header("Idempotency-Key", "pay-1"));
        MockHttpServletResponse repeat = perform(post(path).header("Idempotency-Key", "pay-1"));

        assertThat(controller.executions).hasValue(1);
        assertThat(first.getStatus()).isEqualTo(402);
        assertThat(first.getContentType()).isEqualTo("application/problem+json");
        assertThat(FrameworkLine.parseJson(first.getContentAsByteArray()))
                .containsEntry("status", 402)
                .containsEntry("title", "Payment Required")
                .containsEntry("instance", path.replaceAll("\\?.*", ""))
                .doesNotContainKey("detail");
        assertThat(repeat.getStatus()).isEqualTo(402);
        assertThat(repeat.getContentType()).isEqualTo("application/problem+json");
        assertThat(repeat.getContentAsByteArray()).isEqualTo(first.getContentAsByteArray());
        assertThat(repeat.getHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void serverErrorSentThroughSendErrorIsLeftToTheContainerAndFreesTheKey() throws Exception {
        MockHttpServletResponse first =
                perform(post("/payments/refused?code=503").header("Idempotency-Key", "pay-1"));
        MockHttpServletResponse retry =
                perform(post("/payments/refused?code=503").header("Idempotency-Key", "pay-1"));

        assertThat(first.getStatus()).isEqualTo(503);
        assertThat(first.getErrorMessage()).isEqualTo("card declined");
        assertThat(retry.getHeader("Idempotent-Replayed")).isNull();
        assertThat(controller.executions).hasValue(2);
    }

    @Test
    void serverErrorSentThroughSendErrorIsReplayedAsAProblemWhenConfigured() throws Exception {
        mvc = mvc(settings -> settings.replayServerErrors(true));

        MockHttpServletResponse first =
                perform(post("/payments/refused?code=500").header("Idempotency-Key", "pay-1"));
        MockHttpServletResponse repeat =
                perform(post("/payments/refused?code=500").header("Idempotency-Key", "pay-1"));

        assertThat(first.getContentType()).isEqualTo("application/problem+json");
        assertThat(FrameworkLine.parseJson(first.getContentAsByteArray())).containsEntry("status", 500);
        assertThat(repeat.getStatus()).isEqualTo(500);
        assertThat(repeat.getContentAsByteArray()).isEqualTo(first.getContentAsByteArray());
        assertThat(controller.executions).hasValue(1);
    }

    @Test
    void handlerExceptionFreesTheKeyAndPropagates() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> perform(post("/throw").header("Idempotency-Key", "k1")))
                    .isInstanceOf(ServletException.class)
                    .hasRootCauseMessage("handler failed");
        }
        assertThat(controller.executions).hasValue(2);
    }

    @Test
    void refusesAnOversizeRequestWith413BeforeRunningTheHandler() throws Exception {
        MockHttpServletResponse response = perform(order("k1", "x".repeat(1025)));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(detail(response)).contains("1024");
        assertThat(controller.executions).hasValue(0);
        assertThat(perform(order("k2", "x".repeat(1024))).getStatus()).isEqualTo(201);
    }

    @Test
    void responseTooLargeToStoreIsSentOnceAndDuplicatesGetAProblemNotASecondExecution() throws Exception {
        MockHttpServletResponse first = perform(post("/large?size=3000").header("Idempotency-Key", "big"));
        MockHttpServletResponse duplicate = perform(post("/large?size=3000").header("Idempotency-Key", "big"));
        MockHttpServletResponse other = perform(post("/large?size=10").header("Idempotency-Key", "big"));

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getContentAsString()).hasSize(3000);
        assertThat(duplicate.getStatus()).isEqualTo(409);
        assertThat(duplicate.getHeader("Retry-After")).isNull();
        assertThat(detail(duplicate)).contains("'big'", "bytes");
        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(controller.executions).hasValue(1);
    }

    @Test
    void leavesMethodsThatAreNotConfiguredAlone() throws Exception {
        perform(get("/orders").header("Idempotency-Key", "k1"));
        MockHttpServletResponse second = perform(get("/orders").header("Idempotency-Key", "k1"));

        assertThat(second.getContentAsString()).isEqualTo("executions=2");
        assertThat(second.getHeader("Idempotent-Replayed")).isNull();
        assertThat(outcomes).isEmpty();
    }

    @Test
    void leavesPathsThatAreNotConfiguredAlone() throws Exception {
        mvc = mvc(settings -> settings.paths(List.of("/payments/**")));

        perform(order("k1", "tea"));
        perform(order("k1", "tea"));

        assertThat(controller.executions).hasValue(2);
    }

    @Test
    void keysAreScopedToThePrincipal() throws Exception {
        MockHttpServletResponse alice = perform(order("k1", "tea").principal(() -> "alice"));
        MockHttpServletResponse bob = perform(order("k1", "tea").principal(() -> "bob"));
        MockHttpServletResponse anonymous = perform(order("k1", "tea"));
        MockHttpServletResponse aliceAgain = perform(order("k1", "tea").principal(() -> "alice"));

        assertThat(controller.executions).hasValue(3);
        assertThat(bob.getContentAsString()).isNotEqualTo(alice.getContentAsString());
        assertThat(anonymous.getHeader("Idempotent-Replayed")).isNull();
        assertThat(aliceAgain.getContentAsByteArray()).isEqualTo(alice.getContentAsByteArray());
    }

    @Test
    void principalNamesThatNormaliseAlikeStayApart() throws Exception {
        perform(order("k1", "tea").principal(() -> "a.b"));
        MockHttpServletResponse other = perform(order("k1", "tea").principal(() -> "ab"));

        assertThat(other.getHeader("Idempotent-Replayed")).isNull();
        assertThat(controller.executions).hasValue(2);
    }

    @Test
    void keysAreScopedToTheTenant() throws Exception {
        perform(order("k1", "tea").header("X-Tenant-Id", "acme"));
        MockHttpServletResponse globex = perform(order("k1", "tea").header("X-Tenant-Id", "globex"));
        MockHttpServletResponse acmeAgain = perform(order("k1", "tea").header("X-Tenant-Id", "acme"));

        assertThat(globex.getHeader("Idempotent-Replayed")).isNull();
        assertThat(acmeAgain.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(controller.executions).hasValue(2);
    }

    @ParameterizedTest
    @CsvSource({"acme, ACME", "acmecorp, acme.corp", "t, té", "local, ÄÖÜ"})
    void tenantsThatNormaliseAlikeNeverShareARecord(String first, String second) throws Exception {
        perform(order("k1", "tea").header("X-Tenant-Id", first));
        MockHttpServletResponse other = perform(order("k1", "tea").header("X-Tenant-Id", second));

        assertThat(other.getHeader("Idempotent-Replayed")).isNull();
        assertThat(controller.executions).hasValue(2);
    }

    @Test
    void aTenantOfNonAsciiLettersDoesNotShareTheRecordsOfNoTenant() throws Exception {
        perform(order("k1", "tea"));
        MockHttpServletResponse other = perform(order("k1", "tea").header("X-Tenant-Id", "ÄÖÜ"));

        assertThat(other.getHeader("Idempotent-Replayed")).isNull();
        assertThat(controller.executions).hasValue(2);
    }

    @Test
    void rejectsATenantThatStrictModeWouldChange() throws Exception {
        mvc = mvc(settings -> settings.strictTenant(true));

        MockHttpServletResponse response = perform(order("k1", "tea").header("X-Tenant-Id", "acme.corp"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(detail(response)).contains("acme.corp");
        assertThat(controller.executions).hasValue(0);
    }

    @Test
    void readsTheKeyFromTheConfiguredHeader() throws Exception {
        mvc = mvc(settings -> settings.headerName("X-Request-Key"));

        perform(post("/orders").header("X-Request-Key", "k1").content("tea"));
        MockHttpServletResponse replay =
                perform(post("/orders").header("X-Request-Key", "k1").content("tea"));

        assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(controller.executions).hasValue(1);
    }

    @Test
    void recordsTheResponseOfAnAsynchronousHandlerWhenItCompletes() throws Exception {
        MvcResult started =
                mvc.perform(post("/async").header("Idempotency-Key", "a1")).andReturn();
        MockHttpServletResponse first =
                mvc.perform(asyncDispatch(started)).andReturn().getResponse();
        MockHttpServletResponse replay = perform(post("/async").header("Idempotency-Key", "a1"));

        assertThat(first.getStatus()).isEqualTo(202);
        assertThat(first.getContentAsString()).isEqualTo("async 1");
        assertThat(replay.getStatus()).isEqualTo(202);
        assertThat(replay.getContentAsString()).isEqualTo("async 1");
        assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void fingerprintsMultipartUploadsByTheirParts() throws Exception {
        MockHttpServletResponse first = perform(upload("u1", "a.txt", "hello"));
        MockHttpServletResponse replay = perform(upload("u1", "a.txt", "hello"));
        MockHttpServletResponse otherBytes = perform(upload("u1", "a.txt", "bye"));
        MockHttpServletResponse otherName = perform(upload("u1", "b.txt", "hello"));

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getContentAsString()).isEqualTo("upload 1: a.txt hello");
        assertThat(replay.getContentAsString()).isEqualTo("upload 1: a.txt hello");
        assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(otherBytes.getStatus()).isEqualTo(422);
        assertThat(otherName.getStatus()).isEqualTo(422);
        assertThat(controller.executions).hasValue(1);
    }

    @Test
    void refusesMultipartPartsOverTheRequestLimitWith413() throws Exception {
        MockHttpServletResponse response = perform(upload("u1", "a.txt", "x".repeat(1025)));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(controller.executions).hasValue(0);
    }

    private static MockMultipartHttpServletRequestBuilder upload(String key, String fileName, String content) {
        // parts, as a servlet container hands them to the filter and the handler alike
        MockMultipartHttpServletRequestBuilder upload = multipart("/uploads")
                .part(new MockPart("file", fileName, content.getBytes(StandardCharsets.UTF_8), MediaType.TEXT_PLAIN));
        upload.header("Idempotency-Key", key); // returns the builder's own type on Spring Framework 7 only
        return upload;
    }

    @Test
    void storesTheFingerprintWithTheResponse() throws Exception {
        perform(order("k1", "tea"));

        String key = io.github.idempotency.core.IdempotencyKeys.buildKey(null, "http", "k1", null);
        IdempotencyRecord record = memoryStore.get(key).orElseThrow();
        StoredResponse stored = StoredResponse.decode(record.result());
        assertThat(stored.status()).isEqualTo(201);
        assertThat(stored.fingerprint()).hasSize(64);
        assertThat(record.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    }

    @Test
    void acceptsTheKeyAsAStructuredFieldStringOrBareAsOneKey() throws Exception {
        MockHttpServletResponse quoted = perform(order("\"k-1\"", "tea"));
        MockHttpServletResponse bare = perform(order("k-1", "tea"));
        MockHttpServletResponse escaped = perform(order("\"a\\\"b\"", "tea"));
        MockHttpServletResponse escapedBare = perform(order("a\"b", "tea"));

        assertThat(quoted.getStatus()).isEqualTo(201);
        assertThat(bare.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(bare.getContentAsByteArray()).isEqualTo(quoted.getContentAsByteArray());
        assertThat(escapedBare.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(escapedBare.getContentAsByteArray()).isEqualTo(escaped.getContentAsByteArray());
        assertThat(controller.executions).hasValue(2);
    }

    @Test
    void answers400NamingTheSyntaxForAnUnterminatedStructuredFieldString() throws Exception {
        MockHttpServletResponse response = perform(order("\"unterminated", "tea"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(detail(response)).contains("RFC 8941", "closing quote");
        assertThat(controller.executions).hasValue(0);
    }

    @Test
    void answers422WhenTheSameBytesComeWithAnotherContentTypeOrEncoding() throws Exception {
        perform(post("/orders")
                .header("Idempotency-Key", "k1")
                .contentType(MediaType.APPLICATION_JSON)
                .content("\"tea\""));

        MockHttpServletResponse asText = perform(post("/orders")
                .header("Idempotency-Key", "k1")
                .contentType(MediaType.TEXT_PLAIN)
                .content("\"tea\""));
        MockHttpServletResponse gzipped = perform(post("/orders")
                .header("Idempotency-Key", "k1")
                .header("Content-Encoding", "gzip")
                .contentType(MediaType.APPLICATION_JSON)
                .content("\"tea\""));
        MockHttpServletResponse same = perform(post("/orders")
                .header("Idempotency-Key", "k1")
                .contentType(MediaType.APPLICATION_JSON)
                .content("\"tea\""));

        assertThat(asText.getStatus()).isEqualTo(422);
        assertThat(gzipped.getStatus()).isEqualTo(422);
        assertThat(same.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(controller.executions).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 429, 503, 502})
    void retryableStatusFreesTheKeyForARetry(int status) throws Exception {
        MockHttpServletResponse first = perform(post("/status?code=" + status).header("Idempotency-Key", "k1"));
        MockHttpServletResponse retry = perform(post("/status?code=" + status).header("Idempotency-Key", "k1"));

        assertThat(first.getStatus()).isEqualTo(status);
        assertThat(retry.getContentAsString()).isEqualTo("attempt 2");
        assertThat(retry.getHeader("Idempotent-Replayed")).isNull();
    }

    @Test
    void tooManyRequestsReachesTheClientWithItsRetryAfterAndIsNotReplayed() throws Exception {
        MockHttpServletResponse first = perform(post("/busy").header("Idempotency-Key", "k1"));
        MockHttpServletResponse retry = perform(post("/busy").header("Idempotency-Key", "k1"));
        MockHttpServletResponse refused =
                perform(post("/payments/refused?code=429").header("Idempotency-Key", "k2"));
        MockHttpServletResponse refusedAgain =
                perform(post("/payments/refused?code=429").header("Idempotency-Key", "k2"));

        assertThat(first.getStatus()).isEqualTo(429);
        assertThat(first.getHeader("Retry-After")).isEqualTo("7");
        assertThat(retry.getContentAsString()).isEqualTo("busy 2");
        assertThat(retry.getHeader("Retry-After")).isEqualTo("7");
        assertThat(refused.getErrorMessage()).isEqualTo("card declined");
        assertThat(refusedAgain.getHeader("Idempotent-Replayed")).isNull();
        assertThat(controller.executions).hasValue(4);
    }

    @Test
    void retryableStatusesAreConfigurable() throws Exception {
        mvc = mvc(settings -> settings.retryableStatuses(List.of(404)));

        perform(post("/status?code=404").header("Idempotency-Key", "k1"));
        MockHttpServletResponse notFoundAgain = perform(post("/status?code=404").header("Idempotency-Key", "k1"));
        perform(post("/status?code=429").header("Idempotency-Key", "k2"));
        MockHttpServletResponse busyAgain = perform(post("/status?code=429").header("Idempotency-Key", "k2"));

        assertThat(notFoundAgain.getContentAsString()).isEqualTo("attempt 2");
        assertThat(busyAgain.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(busyAgain.getContentAsString()).isEqualTo("attempt 3");
    }

    @Test
    void streamsAResponseOverTheStoreLimitWhileTheHandlerRunsAndDuplicatesGetAProblem() throws Exception {
        MockHttpServletResponse first = perform(post("/stream?size=3000").header("Idempotency-Key", "big"));
        MockHttpServletResponse duplicate = perform(post("/stream?size=3000").header("Idempotency-Key", "big"));

        assertThat(controller.committedWhileRunning).isTrue();
        assertThat(first.getContentAsString()).hasSize(3001).endsWith("x!");
        assertThat(duplicate.getStatus()).isEqualTo(409);
        assertThat(detail(duplicate)).contains("3001 body bytes");
        assertThat(controller.executions).hasValue(1);
    }

    @Test
    void holdsAResponseThatFitsTheStoreUntilItIsStored() throws Exception {
        MockHttpServletResponse first = perform(post("/stream?size=100").header("Idempotency-Key", "small"));
        MockHttpServletResponse replay = perform(post("/stream?size=100").header("Idempotency-Key", "small"));

        assertThat(controller.committedWhileRunning).isFalse();
        assertThat(first.getContentAsString()).hasSize(101);
        assertThat(replay.getContentAsByteArray()).isEqualTo(first.getContentAsByteArray());
        assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void passesAnEventStreamThroughAndNeverReplaysIt() throws Exception {
        MockHttpServletResponse first = perform(post("/events").header("Idempotency-Key", "sse"));
        MockHttpServletResponse duplicate = perform(post("/events").header("Idempotency-Key", "sse"));

        assertThat(controller.committedWhileRunning).isTrue();
        assertThat(first.getContentAsString()).isEqualTo("data: event 1\n\n");
        assertThat(duplicate.getStatus()).isEqualTo(409);
        assertThat(detail(duplicate)).contains("text/event-stream");
        assertThat(controller.executions).hasValue(1);
    }
}
