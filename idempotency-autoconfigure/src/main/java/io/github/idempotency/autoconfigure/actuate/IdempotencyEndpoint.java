package io.github.idempotency.autoconfigure.actuate;

import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.InvalidKeyException;
import io.github.idempotency.core.InvalidScopeException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code idempotency} endpoint: looks up a record by its key, and evicts it. Over HTTP: {@code
 * GET /actuator/idempotency/{key}} and {@code DELETE /actuator/idempotency/{key}}.
 */
@Endpoint(id = "idempotency")
public class IdempotencyEndpoint {

    private final IdempotencyStore store;

    /**
     * Creates the endpoint.
     *
     * @param store the store to read and evict from
     */
    public IdempotencyEndpoint(IdempotencyStore store) {
        this.store = store;
    }

    /**
     * Describes the record of a key, without its stored result.
     *
     * @param key a full key, {@code v1:<tenant>:<scope>:<hash>}
     * @return the description, or {@code null} (404 over HTTP) when the key is absent or expired
     * @throws InvalidEndpointRequestException (400 over HTTP) when the key is not a valid key
     */
    @ReadOperation
    public @Nullable IdempotencyRecordDescriptor record(@Selector String key) {
        try {
            return store.get(key).map(IdempotencyRecordDescriptor::of).orElse(null);
        } catch (InvalidKeyException | InvalidScopeException ex) {
            throw invalid(ex);
        }
    }

    /**
     * Removes the record of a key, whatever its state, so the next call with it runs again. Removing
     * an absent key does nothing.
     *
     * @param key a full key, {@code v1:<tenant>:<scope>:<hash>}
     * @return {@code {"evicted": key}}; over HTTP the answer is 204 without a body
     * @throws InvalidEndpointRequestException (400 over HTTP) when the key is not a valid key
     */
    @DeleteOperation
    public Map<String, String> evict(@Selector String key) {
        try {
            store.delete(key);
            // Not void: a void operation and the web extension's would be two HTTP mappings, not one.
            return Map.of("evicted", key);
        } catch (InvalidKeyException | InvalidScopeException ex) {
            throw invalid(ex);
        }
    }

    private static InvalidEndpointRequestException invalid(IdempotencyException ex) {
        String message = ex.getMessage();
        return new InvalidEndpointRequestException(message, message, ex);
    }
}
