package io.github.idempotency.spring.web;

import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.TooLargeException;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotencyOutcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Runs the handler for a request that holds the lease, with the lease renewed meanwhile, and records
 * its response: stored for replay, or the key freed for a retry (5xx unless configured, a response
 * the container renders itself through {@code sendError}, a handler exception), or a recorded
 * {@value IdempotencyKeyFilter#RESPONSE_TOO_LARGE} failure when the response does not fit the store.
 */
final class ResponseRecorder {

    private static final Log logger = LogFactory.getLog(ResponseRecorder.class);

    /** Where a request that went asynchronous keeps its execution until the async dispatch. */
    static final String EXECUTION_ATTRIBUTE = ResponseRecorder.class.getName() + ".execution";

    private final IdempotencyStore store;
    private final IdempotencyHeartbeat heartbeat;
    private final Settings settings;
    private final Consumer<IdempotencyOutcome> outcomes;

    /** What the recorder needs from the configuration. */
    record Settings(
            Duration lease,
            Duration heartbeat,
            Duration retention,
            long maxResultBytes,
            boolean replayServerErrors,
            List<String> storedHeaders) {}

    ResponseRecorder(
            IdempotencyStore store,
            IdempotencyHeartbeat heartbeat,
            Settings settings,
            Consumer<IdempotencyOutcome> outcomes) {
        this.store = store;
        this.heartbeat = heartbeat;
        this.settings = settings;
        this.outcomes = outcomes;
    }

    /** Runs the chain for a request whose lease was just acquired. */
    void run(String key, String ownerToken, BufferedRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Execution execution = new Execution(key, ownerToken, request, new CapturingResponse(response));
        execution.proceed(request, execution.response, chain);
    }

    /** Continues a request on its async dispatch; a request that is not ours passes through. */
    static void resume(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(EXECUTION_ATTRIBUTE) instanceof Execution execution) {
            execution.proceed(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }

    private final class Execution {

        private final String key;
        private final String ownerToken;
        private final BufferedRequest request;
        private final CapturingResponse response;
        private final IdempotencyHeartbeat.Beat beat;

        Execution(String key, String ownerToken, BufferedRequest request, CapturingResponse response) {
            this.key = key;
            this.ownerToken = ownerToken;
            this.request = request;
            this.response = response;
            this.beat = heartbeat.start(store, key, ownerToken, settings.lease(), settings.heartbeat());
        }

        void proceed(HttpServletRequest current, HttpServletResponse currentResponse, FilterChain chain)
                throws IOException, ServletException {
            try {
                chain.doFilter(current, currentResponse);
            } catch (IOException | ServletException | RuntimeException | Error ex) {
                beat.close();
                release("exception", ex.toString());
                outcomes.accept(IdempotencyOutcome.EXECUTED);
                logger.info("Handler failed for key " + key + "; the key is free for a retry: " + ex);
                throw ex;
            }
            if (current.isAsyncStarted()) {
                current.setAttribute(EXECUTION_ATTRIBUTE, this);
                return;
            }
            beat.close();
            record();
            response.copyBodyToResponse();
        }

        private void record() {
            outcomes.accept(IdempotencyOutcome.EXECUTED);
            int status = response.getStatus();
            if (response.errorSent) {
                release("error_sent", "status " + status + " rendered by the container's error handling");
                logger.debug("Key " + key + " answered " + status + " through sendError; not stored, key freed");
                return;
            }
            if (status >= 500 && !settings.replayServerErrors()) {
                release("server_error", "status " + status);
                logger.info("Key " + key + " answered " + status + "; not stored, key freed for a retry");
                return;
            }
            byte[] envelope = new StoredResponse(
                            request.fingerprint(), status, storedHeaders(), response.getContentAsByteArray())
                    .encode();
            try {
                if (envelope.length > settings.maxResultBytes()) {
                    throw new TooLargeException(
                            envelope.length + " bytes is over the limit of " + settings.maxResultBytes() + " bytes");
                }
                store.complete(key, ownerToken, envelope, settings.retention());
            } catch (TooLargeException ex) {
                logger.warn("Response of key " + key + " is too large to store (" + ex.getMessage()
                        + "); duplicates get a 409 instead of a replay");
                failTooLarge(envelope.length);
            } catch (LeaseLostException ex) {
                lost(ex);
            } catch (IdempotencyStoreException ex) {
                outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                logger.error(
                        "Could not store the response of key " + key
                                + "; a duplicate may run again once the lease expires",
                        ex);
            }
        }

        private List<Map.Entry<String, String>> storedHeaders() {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (String name : settings.storedHeaders()) {
                if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                    String contentType = response.getContentType();
                    if (contentType != null) {
                        headers.add(Map.entry(HttpHeaders.CONTENT_TYPE, contentType));
                    }
                    continue;
                }
                for (String value : response.getHeaders(name)) {
                    headers.add(Map.entry(name, value));
                }
            }
            return headers;
        }

        private void failTooLarge(int size) {
            // the fingerprint leads the message, so a different request under this key still gets 422
            String message = request.fingerprint() + " response of " + size + " bytes is over the store's limit";
            try {
                store.fail(key, ownerToken, IdempotencyKeyFilter.RESPONSE_TOO_LARGE, message, settings.retention());
            } catch (LeaseLostException ex) {
                lost(ex);
            } catch (IdempotencyException ex) {
                outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                logger.error("Could not record that the response of key " + key + " is too large", ex);
            }
        }

        private void release(String code, String message) {
            try {
                store.fail(key, ownerToken, code, message, Duration.ZERO);
            } catch (LeaseLostException ex) {
                lost(ex);
            } catch (IdempotencyException ex) {
                outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                logger.warn("Could not free key " + key + "; it is free once its lease expires: " + ex.getMessage());
            }
        }

        private void lost(LeaseLostException ex) {
            outcomes.accept(IdempotencyOutcome.LEASE_LOST);
            logger.warn("Lease of key " + key + " was lost while the request ran (" + ex.reason()
                    + "); its response is not stored and another request may have run");
        }
    }

    /** Captures the response, and notes when the container is left to render it through sendError. */
    private static final class CapturingResponse extends ContentCachingResponseWrapper {

        private boolean errorSent;

        CapturingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            errorSent = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            errorSent = true;
            super.sendError(status, message);
        }
    }
}
