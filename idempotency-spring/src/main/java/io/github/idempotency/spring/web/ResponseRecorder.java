package io.github.idempotency.spring.web;

import io.github.idempotency.core.IdempotencyStore;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * Runs the handler for a request that holds the lease, with the lease renewed meanwhile, and records
 * its response: stored for replay; or the key freed for a retry (a retryable status, a handler
 * exception, a request whose handler never began to run); or a recorded failure when the response
 * does not fit the store ({@value IdempotencyKeyFilter#RESPONSE_TOO_LARGE}) or was streamed ({@value
 * IdempotencyKeyFilter#RESPONSE_STREAMED}). A {@code sendError} that is stored is answered with a
 * problem body written here, so that the first answer and every replay are the same bytes; any other
 * {@code sendError} is left to the container and frees the key.
 */
final class ResponseRecorder {

    private static final Log logger = LogFactory.getLog(ResponseRecorder.class);

    /**
     * Set by {@link HandlerNotInvokedResolver} on a request whose handler never began to run; kept here,
     * so that the filter runs without Spring MVC on the class path.
     */
    static final String HANDLER_NOT_INVOKED = ResponseRecorder.class.getName() + ".handlerNotInvoked";

    private static final Duration SHUTDOWN_RETRY_AFTER = Duration.ofSeconds(1);

    /** Where a request that went asynchronous keeps its execution until the async dispatch. */
    static final String EXECUTION_ATTRIBUTE = ResponseRecorder.class.getName() + ".execution";

    private final IdempotencyStore store;
    private final IdempotencyHeartbeat heartbeat;
    private final KeyFilterSettings settings;
    private final Consumer<IdempotencyOutcome> outcomes;
    private final ProblemWriter problems;

    ResponseRecorder(
            IdempotencyStore store,
            IdempotencyHeartbeat heartbeat,
            KeyFilterSettings settings,
            Consumer<IdempotencyOutcome> outcomes,
            ProblemWriter problems) {
        this.store = store;
        this.heartbeat = heartbeat;
        this.settings = settings;
        this.outcomes = outcomes;
        this.problems = problems;
    }

    /** Runs the chain for a request whose lease was just acquired. */
    void run(String key, String ownerToken, BufferedRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RecordingResponse recording = new RecordingResponse(
                response,
                settings.maxResultBytes(),
                status -> settings.retryable(status) || handlerNotInvoked(request));
        Execution execution;
        try {
            execution = new Execution(key, ownerToken, request, recording);
        } catch (RejectedExecutionException ex) {
            // the heartbeat is closed (the application is shutting down) and has freed the key: the
            // handler must not run without renewals, and a retry, to another instance, is safe
            outcomes.accept(IdempotencyOutcome.STORE_ERROR);
            logger.warn("Request with idempotency key " + key + " not processed: " + ex.getMessage());
            problems.write(
                    request,
                    response,
                    ProblemWriter.storeUnavailable(
                            "The request was not processed: the service is shutting down. Retry later."),
                    SHUTDOWN_RETRY_AFTER);
            return;
        }
        execution.proceed(request, recording, chain);
    }

    private static boolean handlerNotInvoked(HttpServletRequest request) {
        return request.getAttribute(HANDLER_NOT_INVOKED) != null;
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
        private final RecordingResponse response;
        private final IdempotencyHeartbeat.Beat beat;

        Execution(String key, String ownerToken, BufferedRequest request, RecordingResponse response) {
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
            try {
                record();
            } finally {
                // stored (or known not to be) before the client has it, so a repeat finds the record
                response.release();
            }
        }

        private void record() throws IOException {
            int status = response.getStatus();
            if (handlerNotInvoked(request)) {
                outcomes.accept(IdempotencyOutcome.REJECTED);
                release("not_invoked", "status " + status + " answered before a handler ran");
                logger.debug("Key " + key + " answered " + status + " before a handler ran; not stored, key freed");
                return;
            }
            outcomes.accept(IdempotencyOutcome.EXECUTED);
            if (response.errorSent()) {
                release("error_sent", "status " + status + " rendered by the container's error handling");
                logger.debug("Key " + key + " answered " + status + " through sendError; not stored, key freed");
                return;
            }
            if (response.errorRecorded()) {
                problems.write(request, response, ProblemDetail.forStatus(status), null);
            }
            if (settings.retryable(status)) {
                release("retryable_status", "status " + status);
                logger.info("Key " + key + " answered " + status + "; not stored, key freed for a retry");
                return;
            }
            if (response.streaming()) {
                logger.info("Response of key " + key + " was streamed as " + response.getContentType()
                        + "; duplicates get a 409 instead of a replay");
                failNotStored(
                        IdempotencyKeyFilter.RESPONSE_STREAMED,
                        "response streamed as " + response.getContentType() + " is not stored");
                return;
            }
            byte[] body = response.body();
            if (body == null) {
                tooLarge(response.length() + " body bytes are over the limit of " + settings.maxResultBytes()
                        + " bytes");
                return;
            }
            byte[] envelope = new StoredResponse(request.fingerprint(), status, storedHeaders(), body).encode();
            try {
                if (envelope.length > settings.maxResultBytes()) {
                    throw new TooLargeException(
                            envelope.length + " bytes is over the limit of " + settings.maxResultBytes() + " bytes");
                }
                store.complete(key, ownerToken, envelope, settings.retention());
            } catch (TooLargeException ex) {
                tooLarge(ex.getMessage());
            } catch (LeaseLostException ex) {
                lost(ex);
            } catch (RuntimeException ex) {
                // whatever the store threw, the client still gets the response it was processed for
                outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                logger.error(
                        "Could not store the response of key " + key
                                + "; a duplicate may run again once the lease expires",
                        ex);
            }
        }

        private void tooLarge(String reason) {
            logger.warn("Response of key " + key + " is too large to store (" + reason
                    + "); duplicates get a 409 instead of a replay");
            failNotStored(
                    IdempotencyKeyFilter.RESPONSE_TOO_LARGE,
                    "response of " + response.length() + " body bytes is over the store's limit");
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

        /** Records that the request ran but its response cannot be replayed, for the normal retention. */
        private void failNotStored(String code, String reason) {
            // the fingerprint leads the message, so a different request under this key still gets 422
            String message = request.fingerprint() + " " + reason;
            try {
                store.fail(key, ownerToken, code, message, settings.retention());
            } catch (LeaseLostException ex) {
                lost(ex);
            } catch (RuntimeException ex) {
                outcomes.accept(IdempotencyOutcome.STORE_ERROR);
                logger.error("Could not record that the response of key " + key + " is not stored", ex);
            }
        }

        private void release(String code, String message) {
            try {
                store.fail(key, ownerToken, code, message, Duration.ZERO);
            } catch (LeaseLostException ex) {
                lost(ex);
            } catch (RuntimeException ex) {
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
}
