package io.github.idempotency.spring.web;

import io.github.idempotency.autoconfigure.IdempotencyProperties;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.spring.CredentialHeaders;
import io.github.idempotency.spring.IdempotentDurations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The {@code idempotency.web.*} settings as both {@code Idempotency-Key} filters (servlet and
 * WebFlux) apply them, checked once: which requests are handled, where the header is required, which
 * statuses free the key, and which headers are stored.
 */
public final class KeyFilterSettings {

    private final Set<String> methods;
    private final List<PathPattern> paths;
    private final List<PathPattern> requiredPaths;
    private final List<String> storedHeaders;
    private final Set<Integer> retryableStatuses;
    private final boolean replayServerErrors;

    /**
     * Reads and checks the settings.
     *
     * @param properties the settings: {@code idempotency.web.*}, and the lease, heartbeat and
     *     retention settings
     * @throws IllegalArgumentException for a malformed path pattern or a stored header that carries
     *     credentials
     * @throws io.github.idempotency.core.IdempotencyConfigurationException for a lease or heartbeat
     *     that is not positive, a heartbeat over half the lease, or a negative retention
     * @throws io.github.idempotency.core.InvalidScopeException for an invalid {@code web.scope}
     */
    public KeyFilterSettings(IdempotencyProperties properties) {
        IdempotencyProperties.Web web = properties.getWeb();
        this.methods = web.getMethods().stream()
                .map(method -> method.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.paths = parse(web.getPaths());
        this.requiredPaths = parse(web.getRequiredPaths());
        this.storedHeaders = List.copyOf(web.getStoredHeaders());
        for (String header : storedHeaders) {
            if (CredentialHeaders.NAMES.contains(header.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("idempotency.web.stored-headers must not list " + header
                        + ": credentials are never stored or replayed");
            }
        }
        this.retryableStatuses = Set.copyOf(web.getRetryableStatuses());
        this.replayServerErrors = web.isReplayServerErrors();
        IdempotencyKeys.buildKey(null, web.getScope(), "scope-check");
        IdempotentDurations.check(
                "idempotency",
                properties.getLease(),
                properties.getHeartbeat(),
                properties.getRetention(),
                properties.getFailureRetention(),
                Duration.ZERO);
    }

    private static List<PathPattern> parse(List<String> patterns) {
        return patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    /**
     * Returns whether a request is the filter's to handle: a configured method, on a configured or a
     * required path.
     *
     * @param method the request method
     * @param path the path within the application
     * @return {@code true} to handle it
     */
    public boolean handles(String method, PathContainer path) {
        return methods.contains(method) && (matches(paths, path) || requires(path));
    }

    /**
     * Returns whether a request to this path must carry the header.
     *
     * @param path the path within the application
     * @return {@code true} on a path of {@code required-paths}
     */
    public boolean requires(PathContainer path) {
        return matches(requiredPaths, path);
    }

    private static boolean matches(List<PathPattern> patterns, PathContainer path) {
        return patterns.stream().anyMatch(pattern -> pattern.matches(path));
    }

    /**
     * Returns whether a response with this status frees the key instead of being stored.
     *
     * @param status the response status
     * @return {@code true} for a retryable status, and for a server error unless server errors are
     *     replayed
     */
    public boolean retryable(int status) {
        return retryableStatuses.contains(status) || (status >= 500 && !replayServerErrors);
    }

    /**
     * Returns the headers stored with a response, none of them a credential.
     *
     * @return the header names, in order
     */
    public List<String> storedHeaders() {
        return storedHeaders;
    }

    /**
     * Returns the statuses that free the key.
     *
     * @return the configured retryable statuses
     */
    public Set<Integer> retryableStatuses() {
        return retryableStatuses;
    }
}
