package io.github.idempotency.spring.webflux;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.StoreFullException;
import io.github.idempotency.core.TooLargeException;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.IdempotencyListeners;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.json.JsonCodec;
import io.github.idempotency.spring.web.HeaderValues;
import io.github.idempotency.spring.web.IdempotencyKeyHeader;
import io.github.idempotency.spring.web.KeyFilterProblems;
import io.github.idempotency.spring.web.KeyFilterSettings;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The {@code Idempotency-Key} filter for Spring WebFlux: answers a repeated request that carries the
 * same header with the stored response of the first, with the same rules, properties and answers as
 * the servlet {@link io.github.idempotency.spring.web.IdempotencyKeyFilter}.
 *
 * <p>Only the configured methods and paths are handled; any other request, and one without the
 * header on a path that does not require it, passes through untouched. The key is {@code
 * IdempotencyKeys.buildKey(tenant, scope, headerValue, principalName)}, the tenant from the {@link
 * ReactiveTenantResolver} and the principal from {@link ServerWebExchange#getPrincipal()} (where
 * Spring Security puts the authenticated user). The request body is read up to {@code
 * idempotency.web.max-request-bytes} (413 past it) to fingerprint the request, and handed on as read;
 * a body whose next part does not arrive within {@code idempotency.web.body-timeout} gets 408, and the
 * connection is closed.
 *
 * <p>No store call waits on the event loop. A store with {@linkplain IdempotencyStore#nonBlocking()
 * non-blocking calls} (Redis on a reactive connection) gets {@code tryBegin}, {@code complete} and
 * {@code fail} through them, and the request goes on on {@code Schedulers.parallel()} once the store
 * answered, not on the store client's I/O thread. Any other store's calls run on the given bounded
 * scheduler, where the request then goes on. The heartbeat renews leases on its own threads.
 */
public class ReactiveIdempotencyKeyFilter implements WebFilter, Ordered {

    private static final Log logger = LogFactory.getLog(ReactiveIdempotencyKeyFilter.class);
    private static final Duration SHUTDOWN_RETRY_AFTER = Duration.ofSeconds(1);

    private final OffloadedStore store;
    private final @Nullable ReactiveTenantResolver tenantResolver;
    private final IdempotencyListeners listeners;
    private final IdempotencyHeartbeat heartbeat;
    private final ReactiveProblemWriter problems;
    private final ReactiveResponseRecorder recorder;
    private final ReactiveRecordAnswers answers;
    private final KeyFilterSettings settings;

    /**
     * Creates the filter.
     *
     * @param store the store that holds the responses
     * @param scheduler where the store's blocking calls run when it has no non-blocking ones: a bounded
     *     one, such as {@code Schedulers.boundedElastic()}
     * @param settings what the filter handles and how: {@code idempotency.web.*} and the lease,
     *     heartbeat, retention, strict-tenant and max-result-bytes settings
     * @param tenantResolver finds the request's tenant, or {@code null} for the default tenant
     * @param listeners told of every outcome
     * @param json writes problem details
     * @param heartbeat renews the lease while a handler runs
     * @param clock tells how long until an in-flight lease expires, for {@code Retry-After}
     */
    public ReactiveIdempotencyKeyFilter(
            IdempotencyStore store,
            Scheduler scheduler,
            KeyFilterSettings settings,
            @Nullable ReactiveTenantResolver tenantResolver,
            List<IdempotencyListener> listeners,
            JsonCodec json,
            IdempotencyHeartbeat heartbeat,
            Clock clock) {
        this.store = new OffloadedStore(store, scheduler);
        this.tenantResolver = tenantResolver;
        this.heartbeat = heartbeat;
        this.problems = new ReactiveProblemWriter(json);
        this.settings = settings;
        this.listeners = new IdempotencyListeners(listeners);
        this.recorder = new ReactiveResponseRecorder(this.store, settings, this::notify);
        this.answers = new ReactiveRecordAnswers(settings.headerName(), problems, clock, this::notify);
    }

    /** Returns {@code idempotency.web.filter-order}: by default after Spring Security's web filters. */
    @Override
    public int getOrder() {
        return settings.filterOrder();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        PathContainer path = request.getPath().pathWithinApplication();
        if (!settings.handles(request.getMethod().name(), path)) {
            return chain.filter(exchange);
        }
        boolean required = settings.requires(path);
        List<String> values = HeaderValues.of(request.getHeaders(), settings.headerName());
        if (values.isEmpty()) {
            return required
                    ? reject(
                            exchange,
                            400,
                            "missing-key",
                            "Idempotency key required",
                            "This request requires the " + settings.headerName() + " header.")
                    : chain.filter(exchange);
        }
        String malformed = IdempotencyKeyHeader.malformation(values);
        if (malformed != null) {
            return rejectInvalidKey(exchange, "The " + settings.headerName() + " header " + malformed + ".");
        }
        // "abc" (the draft's sf-string) and abc (as Stripe sends it) are one key
        String value = IdempotencyKeyHeader.key(values.get(0));
        return caller(exchange).flatMap(caller -> {
            String key;
            try {
                key = buildKey(caller, value);
            } catch (IdempotencyException ex) {
                return rejectInvalidKey(
                        exchange,
                        "No key can be built from the " + settings.headerName() + " header '" + value + "': "
                                + ex.getMessage());
            }
            return readBody(exchange, value, body -> begin(exchange, chain, key, value, body));
        });
    }

    /** The tenant and the principal's name, each empty when there is none. */
    private record Caller(Optional<String> tenant, Optional<String> principal) {}

    private Mono<Caller> caller(ServerWebExchange exchange) {
        Mono<Optional<String>> tenant = (tenantResolver != null)
                ? tenantResolver.resolveTenant(exchange).map(Optional::of).defaultIfEmpty(Optional.empty())
                : Mono.just(Optional.empty());
        Mono<Optional<String>> principal = exchange.getPrincipal()
                .map(Principal::getName)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
        return Mono.zip(tenant, principal, Caller::new);
    }

    private String buildKey(Caller caller, String value) {
        String tenant = caller.tenant().orElse(null);
        // strict: refused (400) unless normal; otherwise a key tenant no other raw tenant shares
        tenant =
                settings.strictTenant() ? IdempotencyKeys.strictTenant(tenant) : IdempotencyKeys.distinctTenant(tenant);
        return IdempotencyKeys.buildKey(
                tenant, settings.scope(), value, caller.principal().orElse(null));
    }

    /**
     * Reads the body up to the limit and goes on with it; a larger body gets 413, one that stops
     * arriving 408 (as a servlet container answers), a broken one 400.
     */
    private Mono<Void> readBody(ServerWebExchange exchange, String value, Function<byte[], Mono<Void>> next) {
        long maxBytes = settings.maxRequestBytes();
        if (exchange.getRequest().getHeaders().getContentLength() > maxBytes) {
            return tooLarge(exchange, maxBytes);
        }
        Mono<Object> read = DataBufferUtils.join(exchange.getRequest().getBody().timeout(settings.bodyTimeout()), (int)
                        Math.min(maxBytes, Integer.MAX_VALUE - 8))
                .map(ReactiveIdempotencyKeyFilter::bytes)
                .cast(Object.class)
                .defaultIfEmpty(new byte[0])
                .onErrorResume(Mono::just);
        return read.flatMap(result -> {
            if (result instanceof byte[] body) {
                return next.apply(body);
            }
            if (result instanceof DataBufferLimitException) {
                return tooLarge(exchange, maxBytes);
            }
            if (result instanceof TimeoutException) {
                // the rest of the body may still come: the connection is of no further use
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                return reject(
                        exchange,
                        408,
                        "request-timeout",
                        "Request body timed out",
                        "The body of the request with " + settings.headerName() + " '" + value
                                + "' did not arrive in time: nothing came for "
                                + settings.bodyTimeout().toMillis()
                                + " ms.");
            }
            return reject(
                    exchange,
                    400,
                    "unreadable-body",
                    "Unreadable request body",
                    "The body of the request with " + settings.headerName() + " '" + value + "' could not be read: "
                            + ((Throwable) result).getMessage());
        });
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange, long maxBytes) {
        return reject(
                exchange,
                413,
                "request-too-large",
                "Request too large",
                "The request body is over the " + maxBytes + "-byte limit for requests with an " + settings.headerName()
                        + " header.");
    }

    private Mono<Void> begin(ServerWebExchange exchange, WebFilterChain chain, String key, String value, byte[] body) {
        ServerHttpRequest request = exchange.getRequest();
        String fingerprint = MultipartAwareFingerprint.of(request, body);
        ServerHttpRequest replayable = new BodyRequest(request, body);
        Mono<Object> begun =
                store.tryBegin(key, settings.lease()).cast(Object.class).onErrorResume(Mono::just);
        return begun.flatMap(result -> {
            if (!(result instanceof BeginResult begin)) {
                return storeFailed(exchange, chain, replayable, key, value, (Throwable) result);
            }
            return switch (begin.outcome()) {
                case ACQUIRED -> run(exchange, chain, replayable, key, begin.ownerToken(), fingerprint);
                case REPLAY -> answers.replay(exchange, fingerprint, begin.record(), value);
                case CONFLICT -> answers.conflict(exchange, begin.record(), value);
            };
        });
    }

    private Mono<Void> run(
            ServerWebExchange exchange,
            WebFilterChain chain,
            ServerHttpRequest request,
            String key,
            String ownerToken,
            String fingerprint) {
        IdempotencyHeartbeat.Beat beat;
        try {
            // adds the call to the running set; it reaches the store only when the heartbeat is closed
            beat = heartbeat.isClosed()
                    ? null
                    : heartbeat.start(store.store(), key, ownerToken, settings.lease(), settings.heartbeat());
        } catch (RejectedExecutionException ex) {
            beat = null; // closed meanwhile; start released the lease
        }
        if (beat == null) {
            // the application is shutting down: the handler must not run without renewals; a retry, to
            // another instance, is safe once the key is free
            notify(IdempotencyOutcome.STORE_ERROR);
            logger.warn("Request with idempotency key " + key + " not processed: the application is shutting down");
            return store.fail(key, ownerToken, "shutdown", "the application was shutting down", Duration.ZERO)
                    .onErrorResume(ex -> Mono.empty())
                    .then(problems.write(
                            exchange,
                            KeyFilterProblems.storeUnavailable(
                                    "The request was not processed: the service is shutting down. Retry later."),
                            SHUTDOWN_RETRY_AFTER));
        }
        return recorder.run(key, ownerToken, beat, exchange, request, fingerprint, chain);
    }

    private Mono<Void> storeFailed(
            ServerWebExchange exchange,
            WebFilterChain chain,
            ServerHttpRequest request,
            String key,
            String value,
            Throwable ex) {
        // whatever failed in the store, and a bounded store that is full, cannot protect the request any
        // more than an unreachable store
        notify(IdempotencyOutcome.STORE_ERROR);
        if (settings.failOpen()) {
            logger.warn("Idempotency store unreachable, processing key " + key + " (" + settings.headerName() + " '"
                    + value + "') WITHOUT protection (fail-open): " + ex.getMessage());
            return chain.filter(
                    new BodyExchange(exchange.mutate().request(request).build()));
        }
        if (ex instanceof StoreFullException) {
            logger.warn("Idempotency store full for key " + key + ": " + ex.getMessage());
        } else if (ex instanceof IdempotencyStoreException || ex instanceof TooLargeException) {
            logger.warn("Idempotency store unreachable for key " + key + ": " + ex.getMessage());
        } else {
            logger.error("Idempotency store failed for key " + key, ex);
        }
        return problems.write(
                exchange,
                KeyFilterProblems.storeFailed(settings.headerName(), value, ex instanceof StoreFullException),
                KeyFilterProblems.STORE_RETRY_AFTER);
    }

    private Mono<Void> rejectInvalidKey(ServerWebExchange exchange, String detail) {
        return reject(exchange, 400, "invalid-key", "Invalid idempotency key", detail);
    }

    private Mono<Void> reject(ServerWebExchange exchange, int status, String type, String title, String detail) {
        notify(IdempotencyOutcome.REJECTED);
        logger.debug("Rejected " + exchange.getRequest().getMethod() + " "
                + exchange.getRequest().getURI().getRawPath() + ": " + detail);
        return problems.write(exchange, KeyFilterProblems.problem(status, type, title, detail), null);
    }

    private void notify(IdempotencyOutcome outcome) {
        listeners.notify(settings.scope(), outcome);
    }

    /** The request with the body that was read to fingerprint it, handed on to the handler as read. */
    private static final class BodyRequest extends ServerHttpRequestDecorator {

        private final byte[] body;

        BodyRequest(ServerHttpRequest delegate, byte[] body) {
            super(delegate);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return (body.length == 0)
                    ? Flux.empty()
                    : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }
}
