package io.github.idempotency.autoconfigure.actuate;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code idempotency} endpoint over HTTP: 200 with the record, 404 for an absent key, 204 after
 * an eviction, and 400 with a body that says why a key is invalid (Spring Boot's error page would
 * hide the reason by default).
 */
@EndpointWebExtension(endpoint = IdempotencyEndpoint.class)
public class IdempotencyEndpointWebExtension {

    private final IdempotencyEndpoint endpoint;

    /**
     * Creates the extension.
     *
     * @param endpoint the endpoint that does the work
     */
    public IdempotencyEndpointWebExtension(IdempotencyEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Describes the record of a key, without its stored result.
     *
     * @param key a full key, {@code v1:<tenant>:<scope>:<hash>}
     * @return 200 with the description, 404 when the key is absent or expired, 400 when it is invalid
     */
    @ReadOperation
    public WebEndpointResponse<Object> record(@Selector String key) {
        try {
            IdempotencyRecordDescriptor record = endpoint.record(key);
            return (record != null)
                    ? new WebEndpointResponse<>(record)
                    : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        } catch (InvalidEndpointRequestException ex) {
            return badRequest(ex);
        }
    }

    /**
     * Removes the record of a key, whatever its state; removing an absent key succeeds too.
     *
     * @param key a full key, {@code v1:<tenant>:<scope>:<hash>}
     * @return 204, or 400 when the key is invalid
     */
    @DeleteOperation
    public WebEndpointResponse<Object> evict(@Selector String key) {
        try {
            endpoint.evict(key);
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
        } catch (InvalidEndpointRequestException ex) {
            return badRequest(ex);
        }
    }

    private static WebEndpointResponse<Object> badRequest(InvalidEndpointRequestException ex) {
        int status = WebEndpointResponse.STATUS_BAD_REQUEST;
        return new WebEndpointResponse<>(
                Map.of("status", status, "error", "Bad Request", "message", ex.getReason()), status);
    }
}
