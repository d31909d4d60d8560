package io.github.idempotency.spring.web;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.StoreFullException;
import io.github.idempotency.core.TooLargeException;
import io.github.idempotency.spring.CredentialHeaders;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.TenantResolver;
import io.github.idempotency.spring.json.JsonCodec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Answers a repeated request that carries the same {@code Idempotency-Key} header with the stored
 * response of the first, after draft-ietf-httpapi-idempotency-key-header.
 *
 * <p>Only the configured methods and paths are handled; any other request, and one without the
 * header on a path that does not require it, passes through untouched. The key is scoped to the
 * caller: {@code IdempotencyKeys.buildKey(tenant, scope, headerValue, principalName)}, with the tenant
 * from the {@link TenantResolver} and the authenticated principal's name ({@code null} when
 * anonymous) hashed into the key. A repeat after completion gets the stored status, headers and body
 * with {@code Idempotent-Replayed: true}; a repeat while the first runs gets 409; a different request
 * under the same key gets 422; an unreachable store gets 503 unless fail-open is set.
 *
 * <p>The header may be bare or an RFC 8941 sf-string; both name the same key. Only a response whose
 * handler began to run, and whose status is not retryable, is stored; any other frees the key.
 */
public class IdempotencyKeyFilter extends OncePerRequestFilter {

    /** Runs after Spring Security's filter chain (order -100), so the principal is known. */
    public static final int DEFAULT_ORDER = -90;

    /** The header that marks a replayed response. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** The failure code recorded when a finished request's response was too large to store. */
    public static final String RESPONSE_TOO_LARGE = "response_too_large";

    /** The failure code recorded when a finished request's response was streamed, and so not stored. */
    public static final String RESPONSE_STREAMED = "response_streamed";

    /** Headers that carry credentials: never stored, whatever the configuration says. */
    static final Set<String> NEVER_STORED = CredentialHeaders.NAMES;

    private static final Log logger = LogFactory.getLog(IdempotencyKeyFilter.class);

    private final IdempotencyStore store;
    private final @Nullable TenantResolver tenantResolver;
    private final List<IdempotencyListener> listeners;
    private final ProblemWriter problems;
    private final ResponseRecorder recorder;
    private final RecordAnswers answers;
    private final KeyFilterSettings settings;

    /**
     * Creates the filter.
     *
     * @param store the store that holds the responses
     * @param settings what the filter handles and how: {@code idempotency.web.*} and the lease,
     *     heartbeat, retention, strict-tenant and max-result-bytes settings
     * @param tenantResolver finds the caller's tenant, or {@code null} for the default tenant
     * @param listeners told of every outcome
     * @param json writes problem details
     * @param heartbeat renews the lease while a handler runs
     * @param clock tells how long until an in-flight lease expires, for {@code Retry-After}
     */
    public IdempotencyKeyFilter(
            IdempotencyStore store,
            KeyFilterSettings settings,
            @Nullable TenantResolver tenantResolver,
            List<IdempotencyListener> listeners,
            JsonCodec json,
            IdempotencyHeartbeat heartbeat,
            Clock clock) {
        this.store = store;
        this.tenantResolver = tenantResolver;
        this.listeners = List.copyOf(listeners);
        this.problems = new ProblemWriter(json);
        this.settings = settings;
        this.recorder = new ResponseRecorder(store, heartbeat, settings, this::notify, problems);
        this.answers = new RecordAnswers(settings.headerName(), problems, clock, this::notify);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !settings.handles(
                request.getMethod(), ServletRequestPathUtils.parse(request).pathWithinApplication());
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // a handler that went asynchronous finishes on the async dispatch: record its response there
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            ResponseRecorder.resume(request, response, chain);
            return;
        }
        List<String> values = Collections.list(request.getHeaders(settings.headerName()));
        if (values.isEmpty()) {
            if (isRequired(request)) {
                reject(
                        request,
                        response,
                        400,
                        "missing-key",
                        "Idempotency key required",
                        "This request requires the " + settings.headerName() + " header.");
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        String malformed = IdempotencyKeyHeader.malformation(values);
        if (malformed != null) {
            rejectInvalidKey(request, response, "The " + settings.headerName() + " header " + malformed + ".");
            return;
        }
        // "abc" (the draft's sf-string) and abc (as Stripe sends it) are one key
        String value = IdempotencyKeyHeader.key(values.get(0));
        String key;
        try {
            key = buildKey(request, value);
        } catch (IdempotencyException ex) {
            rejectInvalidKey(
                    request,
                    response,
                    "No key can be built from the " + settings.headerName() + " header '" + value + "': "
                            + ex.getMessage());
            return;
        }
        long maxRequestBytes = settings.maxRequestBytes();
        BufferedRequest buffered;
        try {
            buffered = BufferedRequest.read(request, maxRequestBytes);
        } catch (ServletException ex) {
            reject(
                    request,
                    response,
                    400,
                    "unreadable-body",
                    "Unreadable request body",
                    "The multipart body of the request with " + settings.headerName() + " '" + value
                            + "' cannot be read: " + ex.getMessage());
            return;
        } catch (IOException ex) {
            rejectUnreadBody(request, response, value, ex);
            return;
        }
        if (buffered == null) {
            reject(
                    request,
                    response,
                    413,
                    "request-too-large",
                    "Request too large",
                    "The request body is over the " + maxRequestBytes + "-byte limit for requests with an "
                            + settings.headerName() + " header.");
            return;
        }
        BeginResult begin;
        try {
            begin = store.tryBegin(key, settings.lease());
        } catch (RuntimeException ex) {
            // whatever failed in the store, and a bounded store that is full, cannot protect the request
            // any more than an unreachable store
            notify(IdempotencyOutcome.STORE_ERROR);
            if (settings.failOpen()) {
                logger.warn("Idempotency store unreachable, processing key " + key + " (" + settings.headerName() + " '"
                        + value + "') WITHOUT protection (fail-open): " + ex.getMessage());
                chain.doFilter(buffered, response);
                return;
            }
            if (ex instanceof StoreFullException) {
                logger.warn("Idempotency store full for key " + key + ": " + ex.getMessage());
            } else if (ex instanceof IdempotencyStoreException || ex instanceof TooLargeException) {
                logger.warn("Idempotency store unreachable for key " + key + ": " + ex.getMessage());
            } else {
                logger.error("Idempotency store failed for key " + key, ex);
            }
            problems.write(
                    request,
                    response,
                    KeyFilterProblems.storeFailed(settings.headerName(), value, ex instanceof StoreFullException),
                    KeyFilterProblems.STORE_RETRY_AFTER);
            return;
        }
        switch (begin.outcome()) {
            case ACQUIRED -> recorder.run(key, begin.ownerToken(), buffered, response, chain);
            case REPLAY -> answers.replay(buffered, response, begin.record(), value);
            case CONFLICT -> answers.conflict(buffered, response, begin.record(), value);
        }
    }

    private boolean isRequired(HttpServletRequest request) {
        return settings.requires(ServletRequestPathUtils.parse(request).pathWithinApplication());
    }

    private String buildKey(HttpServletRequest request, String value) {
        String tenant = (tenantResolver != null) ? tenantResolver.resolveTenant() : null;
        // strict: refused (400) unless normal; otherwise a key tenant no other raw tenant shares
        tenant =
                settings.strictTenant() ? IdempotencyKeys.strictTenant(tenant) : IdempotencyKeys.distinctTenant(tenant);
        Principal principal = request.getUserPrincipal();
        return IdempotencyKeys.buildKey(
                tenant, settings.scope(), value, (principal != null) ? principal.getName() : null);
    }

    /**
     * Answers a body that stopped arriving (408) or broke off (400) with the status the container gives
     * when a handler's read fails; a container that has already answered keeps its answer.
     */
    private void rejectUnreadBody(
            HttpServletRequest request, HttpServletResponse response, String value, IOException ex) throws IOException {
        boolean timedOut = BufferedRequest.timedOut(ex);
        if (response.isCommitted()) {
            // the container answered the failed read itself (Tomcat: sendError 408 or 400), as it does
            // when a handler's read fails: its answer stands
            notify(IdempotencyOutcome.REJECTED);
            logger.debug("Request with " + settings.headerName() + " '" + value + "' answered by the container: " + ex);
            return;
        }
        String detail = "The body of the request with " + settings.headerName() + " '" + value + "' "
                + (timedOut ? "did not arrive in time" : "could not be read") + ": " + ex.getMessage();
        if (timedOut) {
            reject(request, response, 408, "request-timeout", "Request body timed out", detail);
        } else {
            reject(request, response, 400, "unreadable-body", "Unreadable request body", detail);
        }
    }

    private void rejectInvalidKey(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        reject(request, response, 400, "invalid-key", "Invalid idempotency key", detail);
    }

    private void reject(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String type,
            String title,
            String detail)
            throws IOException {
        notify(IdempotencyOutcome.REJECTED);
        logger.debug("Rejected " + request.getMethod() + " " + request.getRequestURI() + ": " + detail);
        problems.write(request, response, ProblemWriter.problem(status, type, title, detail), null);
    }

    private void notify(IdempotencyOutcome outcome) {
        for (IdempotencyListener listener : listeners) {
            try {
                listener.onOutcome(settings.scope(), outcome);
            } catch (RuntimeException ex) {
                logger.warn("Idempotency listener " + listener + " failed", ex);
            }
        }
    }
}
