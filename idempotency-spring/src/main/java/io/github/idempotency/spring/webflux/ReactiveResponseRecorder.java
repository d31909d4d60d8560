package io.github.idempotency.spring.webflux;

import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.TooLargeException;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.web.IdempotencyKeyFilter;
import io.github.idempotency.spring.web.KeyFilterSettings;
import io.github.idempotency.spring.web.StoredHeaders;
import io.github.idempotency.spring.web.StoredResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs the rest of the chain for a request that holds the lease, with the lease renewed meanwhile,
 * and records its response: stored for replay; or the key freed for a retry (a retryable status, an
 * error out of the handler); or a recorded failure when the response does not fit the store ({@value
 * IdempotencyKeyFilter#RESPONSE_TOO_LARGE}) or was streamed ({@value
 * IdempotencyKeyFilter#RESPONSE_STREAMED}).
 *
 * <p>A request cancelled before its response is recorded (the client went away) keeps its record in
 * flight: its work may still run, on another thread or in the store, so the key is not freed; the
 * renewals stop and the lease runs out as a crashed instance's would.
 */
final class ReactiveResponseRecorder {

    private static final Log logger = LogFactory.getLog(ReactiveResponseRecorder.class);

    private final OffloadedStore store;
    private final KeyFilterSettings settings;
    private final StoredHeaders storedHeaders;
    private final Consumer<IdempotencyOutcome> outcomes;

    ReactiveResponseRecorder(OffloadedStore store, KeyFilterSettings settings, Consumer<IdempotencyOutcome> outcomes) {
        this.store = store;
        this.settings = settings;
        this.storedHeaders = StoredHeaders.of(settings.storedHeaders());
        this.outcomes = outcomes;
    }

    /**
     * Runs the chain for a request whose lease was just acquired.
     *
     * @param request the request, its body already read
     * @param fingerprint the request's fingerprint
     * @param beat the running heartbeat of the lease; closed when the response is recorded
     */
    Mono<Void> run(
            String key,
            String ownerToken,
            IdempotencyHeartbeat.Beat beat,
            ServerWebExchange exchange,
            ServerHttpRequest request,
            String fingerprint,
            WebFilterChain chain) {
        Execution execution = new Execution(key, ownerToken, beat, fingerprint);
        RecordingServerResponse response =
                new RecordingServerResponse(exchange.getResponse(), settings.maxResultBytes(), execution::record);
        ServerWebExchange recorded = new BodyExchange(
                exchange.mutate().request(request).response(response).build());
        return chain.filter(recorded)
                .then(response.recordUnwritten())
                .onErrorResume(ex -> execution.failed(ex).then(Mono.error(ex)))
                .doOnCancel(execution::cancelled);
    }

    private final class Execution {

        private final String key;
        private final String ownerToken;
        private final IdempotencyHeartbeat.Beat beat;
        private final String fingerprint;
        private final AtomicBoolean settled = new AtomicBoolean();

        Execution(String key, String ownerToken, IdempotencyHeartbeat.Beat beat, String fingerprint) {
            this.key = key;
            this.ownerToken = ownerToken;
            this.beat = beat;
            this.fingerprint = fingerprint;
        }

        Mono<Void> record(RecordingServerResponse response) {
            if (!settle()) {
                return Mono.empty();
            }
            outcomes.accept(IdempotencyOutcome.EXECUTED);
            HttpStatusCode code = response.getStatusCode();
            int status = (code != null) ? code.value() : 200;
            if (settings.retryable(status)) {
                logger.info("Key " + key + " answered " + status + "; not stored, key freed for a retry");
                return release("retryable_status", "status " + status);
            }
            if (response.streaming()) {
                logger.info("Response of key " + key + " was streamed as "
                        + response.getHeaders().getContentType() + "; duplicates get a 409 instead of a replay");
                return failNotStored(
                        IdempotencyKeyFilter.RESPONSE_STREAMED,
                        "response streamed as " + response.getHeaders().getContentType() + " is not stored");
            }
            byte[] body = response.body();
            if (body == null) {
                return tooLarge(
                        response,
                        response.length() + " body bytes are over the limit of " + settings.maxResultBytes()
                                + " bytes");
            }
            byte[] envelope = new StoredResponse(fingerprint, status, storedHeaders(response), body).encode();
            if (envelope.length > settings.maxResultBytes()) {
                return tooLarge(
                        response,
                        envelope.length + " bytes is over the limit of " + settings.maxResultBytes() + " bytes");
            }
            return store.complete(key, ownerToken, envelope, settings.retention())
                    .onErrorResume(TooLargeException.class, ex -> tooLarge(response, ex.getMessage()))
                    .onErrorResume(LeaseLostException.class, this::lost)
                    .onErrorResume(ex -> {
                        // whatever the store threw, the client still gets the response it was processed for
                        outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                        logger.error(
                                "Could not store the response of key " + key
                                        + "; a duplicate may run again once the lease expires",
                                ex);
                        return Mono.empty();
                    });
        }

        /** The handler, or the writing of its response, failed: the key is free for a retry. */
        Mono<Void> failed(Throwable ex) {
            if (!settle()) {
                return Mono.empty();
            }
            outcomes.accept(IdempotencyOutcome.EXECUTED);
            logger.info("Handler failed for key " + key + "; the key is free for a retry: " + ex);
            return release("exception", ex.toString());
        }

        void cancelled() {
            if (settle()) {
                logger.info("Request with key " + key + " was cancelled (the client went away) while it ran; the"
                        + " key stays in flight until its lease runs out, as its work may still run");
            }
        }

        /** Claims the one settling of the record, and stops the renewals. */
        private boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            beat.close();
            return true;
        }

        private Mono<Void> tooLarge(RecordingServerResponse response, String reason) {
            logger.warn("Response of key " + key + " is too large to store (" + reason
                    + "); duplicates get a 409 instead of a replay");
            return failNotStored(
                    IdempotencyKeyFilter.RESPONSE_TOO_LARGE,
                    "response of " + response.length() + " body bytes is over the store's limit");
        }

        private List<Map.Entry<String, String>> storedHeaders(RecordingServerResponse response) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            storedHeaders.select(response.getHeaders()).forEach((name, values) -> {
                for (String value : values) {
                    headers.add(Map.entry(name, value));
                }
            });
            return headers;
        }

        /** Records that the request ran but its response cannot be replayed, for the normal retention. */
        private Mono<Void> failNotStored(String code, String reason) {
            // the fingerprint leads the message, so a different request under this key still gets 422
            return store.fail(key, ownerToken, code, fingerprint + " " + reason, settings.retention())
                    .onErrorResume(LeaseLostException.class, this::lost)
                    .onErrorResume(ex -> {
                        outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                        logger.error("Could not record that the response of key " + key + " is not stored", ex);
                        return Mono.empty();
                    });
        }

        private Mono<Void> release(String code, String message) {
            return store.fail(key, ownerToken, code, message, Duration.ZERO)
                    .onErrorResume(LeaseLostException.class, this::lost)
                    .onErrorResume(ex -> {
                        outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                        logger.warn("Could not free key " + key + "; it is free once its lease expires: "
                                + ex.getMessage());
                        return Mono.empty();
                    });
        }

        private Mono<Void> lost(LeaseLostException ex) {
            outcomes.accept(IdempotencyOutcome.LEASE_LOST);
            logger.warn("Lease of key " + key + " was lost while the request ran (" + ex.reason()
                    + "); its response is not stored and another request may have run");
            return Mono.empty();
        }
    }
}
