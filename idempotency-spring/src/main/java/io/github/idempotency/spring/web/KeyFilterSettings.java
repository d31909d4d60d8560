package io.github.idempotency.spring.web;

import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.spring.CredentialHeaders;
import io.github.idempotency.spring.IdempotentDefaults;
import io.github.idempotency.spring.IdempotentDurations;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What both {@code Idempotency-Key} filters (servlet and WebFlux) do, checked once when built:
 * which requests are handled, where the header is required, which statuses free the key, which
 * headers are stored, and the lease, heartbeat, retention and size bounds. Built with {@link
 * #builder()}, whose defaults are those of the {@code idempotency.web.*} properties; Spring Boot's
 * auto-configuration maps those properties onto it.
 */
public final class KeyFilterSettings {

    private final String headerName;
    private final String scope;
    private final Set<String> methods;
    private final List<PathPattern> paths;
    private final List<PathPattern> requiredPaths;
    private final List<String> storedHeaders;
    private final Set<Integer> retryableStatuses;
    private final boolean replayServerErrors;
    private final boolean failOpen;
    private final boolean strictTenant;
    private final int filterOrder;
    private final long maxRequestBytes;
    private final long maxResultBytes;
    private final Duration lease;
    private final Duration heartbeat;
    private final Duration retention;
    private final Duration bodyTimeout;

    private KeyFilterSettings(Builder builder) {
        this.headerName = builder.headerName;
        this.scope = builder.scope;
        this.methods = builder.methods.stream()
                .map(method -> method.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.paths = parse(builder.paths);
        this.requiredPaths = parse(builder.requiredPaths);
        this.storedHeaders = List.copyOf(builder.storedHeaders);
        for (String header : storedHeaders) {
            if (CredentialHeaders.contains(header)) {
                throw new IllegalArgumentException("idempotency.web.stored-headers must not list " + header
                        + ": credentials are never stored or replayed");
            }
        }
        this.retryableStatuses = Set.copyOf(builder.retryableStatuses);
        this.replayServerErrors = builder.replayServerErrors;
        this.failOpen = builder.failOpen;
        this.strictTenant = builder.strictTenant;
        this.filterOrder = builder.filterOrder;
        this.maxRequestBytes = builder.maxRequestBytes;
        this.maxResultBytes = builder.maxResultBytes;
        this.lease = builder.lease;
        this.heartbeat = builder.heartbeat;
        this.retention = builder.retention;
        this.bodyTimeout = builder.bodyTimeout;
        if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IdempotencyConfigurationException(
                    "idempotency.web.body-timeout is " + bodyTimeout + "; it must be positive.",
                    "Set idempotency.web.body-timeout to how long a request body may pause, for example 60s.");
        }
        IdempotencyKeys.buildKey(null, scope, "scope-check");
        IdempotentDurations.check("idempotency", lease, heartbeat, retention, builder.failureRetention, Duration.ZERO);
    }

    /**
     * Starts settings with the defaults of the {@code idempotency.web.*} properties.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
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

    /** @return the request header that carries the key */
    public String headerName() {
        return headerName;
    }

    /** @return the scope of the filter's keys */
    public String scope() {
        return scope;
    }

    /** @return the headers stored with a response, in order, none of them a credential */
    public List<String> storedHeaders() {
        return storedHeaders;
    }

    /** @return the statuses that free the key */
    public Set<Integer> retryableStatuses() {
        return retryableStatuses;
    }

    /** @return whether 5xx responses are stored and replayed instead of freeing the key */
    public boolean replayServerErrors() {
        return replayServerErrors;
    }

    /** @return whether a request runs unprotected, logged, while the store cannot be reached */
    public boolean failOpen() {
        return failOpen;
    }

    /** @return whether a tenant that normalisation would change is rejected with 400 */
    public boolean strictTenant() {
        return strictTenant;
    }

    /** @return the order of the filter among the application's filters */
    public int filterOrder() {
        return filterOrder;
    }

    /** @return the largest request body, in bytes, read to fingerprint a request (413 past it) */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /** @return the largest response, in bytes, that is stored */
    public long maxResultBytes() {
        return maxResultBytes;
    }

    /** @return how long a lease lasts without a heartbeat */
    public Duration lease() {
        return lease;
    }

    /** @return how often a running request renews its lease */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** @return how long a response is replayed */
    public Duration retention() {
        return retention;
    }

    /**
     * @return the longest pause in a request body before the reactive filter answers 408; the servlet
     *     filter leaves this to the container's read timeout
     */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** Builds {@link KeyFilterSettings}; each setter names the property it stands for. */
    public static final class Builder {

        private String headerName = "Idempotency-Key";
        private String scope = "http";
        private Collection<String> methods = List.of("POST", "PATCH");
        private List<String> paths = List.of("/**");
        private List<String> requiredPaths = List.of();
        private List<String> storedHeaders = IdempotentDefaults.STANDARD_STORED_HEADERS;
        private Collection<Integer> retryableStatuses = List.of(408, 425, 429, 503);
        private boolean replayServerErrors;
        private boolean failOpen;
        private boolean strictTenant;
        private int filterOrder = -90;
        private long maxRequestBytes = 1024 * 1024;
        private long maxResultBytes = 1024 * 1024;
        private Duration lease = Duration.ofSeconds(30);
        private Duration heartbeat = Duration.ofSeconds(10);
        private Duration retention = Duration.ofHours(24);
        private Duration failureRetention = Duration.ofHours(1);
        private Duration bodyTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /** @param headerName {@code idempotency.web.header-name} @return this builder */
        public Builder headerName(String headerName) {
            this.headerName = headerName;
            return this;
        }

        /** @param scope {@code idempotency.web.scope} @return this builder */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /** @param methods {@code idempotency.web.methods} @return this builder */
        public Builder methods(Collection<String> methods) {
            this.methods = List.copyOf(methods);
            return this;
        }

        /** @param paths {@code idempotency.web.paths} @return this builder */
        public Builder paths(List<String> paths) {
            this.paths = List.copyOf(paths);
            return this;
        }

        /** @param requiredPaths {@code idempotency.web.required-paths} @return this builder */
        public Builder requiredPaths(List<String> requiredPaths) {
            this.requiredPaths = List.copyOf(requiredPaths);
            return this;
        }

        /** @param storedHeaders {@code idempotency.web.stored-headers} @return this builder */
        public Builder storedHeaders(List<String> storedHeaders) {
            this.storedHeaders = List.copyOf(storedHeaders);
            return this;
        }

        /** @param retryableStatuses {@code idempotency.web.retryable-statuses} @return this builder */
        public Builder retryableStatuses(Collection<Integer> retryableStatuses) {
            this.retryableStatuses = List.copyOf(retryableStatuses);
            return this;
        }

        /** @param replayServerErrors {@code idempotency.web.replay-server-errors} @return this builder */
        public Builder replayServerErrors(boolean replayServerErrors) {
            this.replayServerErrors = replayServerErrors;
            return this;
        }

        /** @param failOpen {@code idempotency.web.fail-open} @return this builder */
        public Builder failOpen(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        /** @param strictTenant {@code idempotency.strict-tenant} @return this builder */
        public Builder strictTenant(boolean strictTenant) {
            this.strictTenant = strictTenant;
            return this;
        }

        /** @param filterOrder {@code idempotency.web.filter-order} @return this builder */
        public Builder filterOrder(int filterOrder) {
            this.filterOrder = filterOrder;
            return this;
        }

        /** @param maxRequestBytes {@code idempotency.web.max-request-bytes} @return this builder */
        public Builder maxRequestBytes(long maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** @param maxResultBytes {@code idempotency.store.max-result-bytes} @return this builder */
        public Builder maxResultBytes(long maxResultBytes) {
            this.maxResultBytes = maxResultBytes;
            return this;
        }

        /** @param lease {@code idempotency.lease} @return this builder */
        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        /** @param heartbeat {@code idempotency.heartbeat} @return this builder */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        /** @param retention {@code idempotency.retention} @return this builder */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /** @param failureRetention {@code idempotency.failure-retention} @return this builder */
        public Builder failureRetention(Duration failureRetention) {
            this.failureRetention = failureRetention;
            return this;
        }

        /** @param bodyTimeout {@code idempotency.web.body-timeout} @return this builder */
        public Builder bodyTimeout(Duration bodyTimeout) {
            this.bodyTimeout = bodyTimeout;
            return this;
        }

        /**
         * Checks and builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException for a malformed path pattern or a stored header that carries
         *     credentials
         * @throws IdempotencyConfigurationException for a lease, heartbeat or body timeout that is not
         *     positive, a heartbeat over half the lease, or a negative retention
         * @throws io.github.idempotency.core.InvalidScopeException for an invalid scope
         */
        public KeyFilterSettings build() {
            return new KeyFilterSettings(this);
        }
    }
}
