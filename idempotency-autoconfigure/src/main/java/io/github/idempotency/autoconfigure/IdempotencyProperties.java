package io.github.idempotency.autoconfigure;

import io.github.idempotency.spring.web.KeyFilterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.unit.DataSize;

/** Configuration of idempotency, under the {@code idempotency} prefix. */
@ConfigurationProperties("idempotency")
public class IdempotencyProperties {

    /** Whether idempotency is enabled: the store, the aspect and the HTTP filter. */
    private boolean enabled = true;

    /**
     * How long a caller's lease on a key lasts without a heartbeat. A crashed caller's key becomes
     * free after this long.
     */
    private Duration lease = Duration.ofSeconds(30);

    /** The longest time between two renewals of a running call's lease. At most half the lease. */
    private Duration heartbeat = Duration.ofSeconds(10);

    /** How long a completed result is replayed to duplicates. */
    private Duration retention = Duration.ofHours(24);

    /** How long a recorded failure is replayed to duplicates. */
    private Duration failureRetention = Duration.ofHours(1);

    /**
     * Whether to reject a tenant that key normalisation would change (400 over HTTP), instead of
     * giving it keys of its own.
     */
    private boolean strictTenant = false;

    private final Store store = new Store();

    private final Aspect aspect = new Aspect();

    private final Web web = new Web();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public Duration getFailureRetention() {
        return failureRetention;
    }

    public void setFailureRetention(Duration failureRetention) {
        this.failureRetention = failureRetention;
    }

    public boolean isStrictTenant() {
        return strictTenant;
    }

    public void setStrictTenant(boolean strictTenant) {
        this.strictTenant = strictTenant;
    }

    public Store getStore() {
        return store;
    }

    public Aspect getAspect() {
        return aspect;
    }

    public Web getWeb() {
        return web;
    }

    /**
     * Maps these properties onto the settings of the {@code Idempotency-Key} filters.
     *
     * @return the checked settings
     */
    KeyFilterSettings keyFilterSettings() {
        return KeyFilterSettings.builder()
                .headerName(web.getHeaderName())
                .scope(web.getScope())
                .methods(web.getMethods())
                .paths(web.getPaths())
                .requiredPaths(web.getRequiredPaths())
                .storedHeaders(web.getStoredHeaders())
                .retryableStatuses(web.getRetryableStatuses())
                .replayServerErrors(web.isReplayServerErrors())
                .failOpen(web.isFailOpen())
                .strictTenant(strictTenant)
                .filterOrder(web.getFilterOrder())
                .maxRequestBytes(web.getMaxRequestBytes().toBytes())
                .maxResultBytes(store.getMaxResultBytes().toBytes())
                .lease(lease)
                .heartbeat(heartbeat)
                .retention(retention)
                .failureRetention(failureRetention)
                .bodyTimeout(web.getBodyTimeout())
                .build();
    }

    /** Which store holds the records, and its settings. */
    public static class Store {

        /** Which store to use when the application defines no IdempotencyStore bean. */
        private StoreType type = StoreType.MEMORY;

        /** Largest result a store accepts; a larger one is refused, never silently dropped. */
        private DataSize maxResultBytes = DataSize.ofMegabytes(1);

        /** How often expired records are removed, for stores that do not expire records themselves. */
        private Duration sweepInterval = Duration.ofMinutes(1);

        private final Memory memory = new Memory();

        private final Redis redis = new Redis();

        private final Jdbc jdbc = new Jdbc();

        public StoreType getType() {
            return type;
        }

        public void setType(StoreType type) {
            this.type = type;
        }

        public DataSize getMaxResultBytes() {
            return maxResultBytes;
        }

        public void setMaxResultBytes(DataSize maxResultBytes) {
            this.maxResultBytes = maxResultBytes;
        }

        public Duration getSweepInterval() {
            return sweepInterval;
        }

        public void setSweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
        }

        public Memory getMemory() {
            return memory;
        }

        public Redis getRedis() {
            return redis;
        }

        public Jdbc getJdbc() {
            return jdbc;
        }
    }

    /** The kinds of store the auto-configuration can create. */
    public enum StoreType {
        /** In this process only: for a single instance, development and tests. */
        MEMORY,
        /** Redis, through the application's RedisConnectionFactory. */
        REDIS,
        /** A relational database, through the application's DataSource. */
        JDBC
    }

    /** Settings of the in-memory store. */
    public static class Memory {

        /**
         * Most records the in-memory store holds. When full, expired records are pruned, then the
         * oldest finished records give way; new keys are refused only while requests in progress
         * fill the store.
         */
        private int maxEntries = 200_000;

        /**
         * Most result bytes the in-memory store holds, all records together; the oldest finished
         * records give way past it. At least max-result-bytes.
         */
        private DataSize maxBytes = DataSize.ofMegabytes(64);

        public int getMaxEntries() {
            return maxEntries;
        }

        public void setMaxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        public DataSize getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }
    }

    /** Settings of the Redis store. */
    public static class Redis {

        /** Prefix of every Redis key the store writes. */
        private String keyPrefix = "idempotency:";

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }

    /** Settings of the JDBC store. */
    public static class Jdbc {

        /** Name of the table that holds the records. */
        private String tableName = "idempotency_record";

        /** When to create the table from the schema script shipped for the database. */
        private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

        /**
         * Longest time one store statement may run before the driver cancels it and the call fails
         * as store unavailable; rounded up to whole seconds, zero for no limit. The connection's
         * socket gives up one second later, which bounds a network partition.
         */
        private Duration statementTimeout = Duration.ofSeconds(3);

        public String getTableName() {
            return tableName;
        }

        public void setTableName(String tableName) {
            this.tableName = tableName;
        }

        public DatabaseInitializationMode getInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        public Duration getStatementTimeout() {
            return statementTimeout;
        }

        public void setStatementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
        }
    }

    /** Settings of the {@code @Idempotent} aspect. */
    public static class Aspect {

        /** Order of the aspect among other advice on the same method. */
        private int order = org.springframework.core.Ordered.LOWEST_PRECEDENCE - 100;

        /**
         * Exception types that are recorded and replayed to duplicates, added to those an annotation
         * lists. Any other exception frees the key for a retry.
         */
        private List<Class<? extends Throwable>> recordedExceptions = new ArrayList<>();

        /**
         * How long a duplicate waits for the call in flight to finish and then replays its result.
         * Zero answers a conflict at once.
         */
        private Duration conflictWait = Duration.ZERO;

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public List<Class<? extends Throwable>> getRecordedExceptions() {
            return recordedExceptions;
        }

        public void setRecordedExceptions(List<Class<? extends Throwable>> recordedExceptions) {
            this.recordedExceptions = recordedExceptions;
        }

        public Duration getConflictWait() {
            return conflictWait;
        }

        public void setConflictWait(Duration conflictWait) {
            this.conflictWait = conflictWait;
        }
    }

    /** Settings of the {@code Idempotency-Key} HTTP filter. */
    public static class Web {

        /** Whether the Idempotency-Key filter is registered in a servlet web application. */
        private boolean enabled = true;

        /** Name of the request header that carries the idempotency key. */
        private String headerName = "Idempotency-Key";

        /** HTTP methods the filter protects. */
        private List<String> methods = new ArrayList<>(List.of("POST", "PATCH"));

        /** Path patterns the filter protects when the header is present. */
        private List<String> paths = new ArrayList<>(List.of("/**"));

        /** Path patterns that answer 400 when the header is missing. */
        private List<String> requiredPaths = new ArrayList<>();

        /**
         * Whether a 5xx response whose status is not among the retryable statuses is stored and
         * replayed instead of freeing the key for a retry.
         */
        private boolean replayServerErrors = false;

        /**
         * Response statuses that are never stored: the key is freed so that a retry runs again, and
         * the response (with its Retry-After) reaches the client as sent.
         */
        private List<Integer> retryableStatuses = new ArrayList<>(List.of(408, 425, 429, 503));

        /** Whether to process a request without protection when the store cannot be reached. */
        private boolean failOpen = false;

        /** Order of the filter in the servlet filter chain; the default runs after Spring Security's. */
        private int filterOrder = -90;

        /** Scope of the keys built from the header, kept apart from every @Idempotent scope. */
        private String scope = "http";

        /**
         * Response headers stored and replayed with the status and body, by the filter and for
         * ResponseEntity results of @Idempotent methods. Credentials (Set-Cookie, Authorization and the
         * like) are refused here: they are never stored.
         */
        private List<String> storedHeaders = new ArrayList<>(List.of(
                "Content-Type",
                "Content-Language",
                "Content-Disposition",
                "Location",
                "ETag",
                "Last-Modified",
                "Cache-Control",
                "Expires",
                "Vary"));

        /** Largest request body the filter reads to fingerprint a request; a larger one gets 413. */
        private DataSize maxRequestBytes = DataSize.ofMegabytes(1);

        /**
         * Longest wait for the next part of a request body that the WebFlux filter reads; past it the
         * request gets 408. In a servlet application the container's read timeout bounds the read.
         */
        private Duration bodyTimeout = Duration.ofSeconds(60);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getHeaderName() {
            return headerName;
        }

        public void setHeaderName(String headerName) {
            this.headerName = headerName;
        }

        public List<String> getMethods() {
            return methods;
        }

        public void setMethods(List<String> methods) {
            this.methods = methods;
        }

        public List<String> getPaths() {
            return paths;
        }

        public void setPaths(List<String> paths) {
            this.paths = paths;
        }

        public List<String> getRequiredPaths() {
            return requiredPaths;
        }

        public void setRequiredPaths(List<String> requiredPaths) {
            this.requiredPaths = requiredPaths;
        }

        public boolean isReplayServerErrors() {
            return replayServerErrors;
        }

        public void setReplayServerErrors(boolean replayServerErrors) {
            this.replayServerErrors = replayServerErrors;
        }

        public List<Integer> getRetryableStatuses() {
            return retryableStatuses;
        }

        public void setRetryableStatuses(List<Integer> retryableStatuses) {
            this.retryableStatuses = retryableStatuses;
        }

        public boolean isFailOpen() {
            return failOpen;
        }

        public void setFailOpen(boolean failOpen) {
            this.failOpen = failOpen;
        }

        public int getFilterOrder() {
            return filterOrder;
        }

        public void setFilterOrder(int filterOrder) {
            this.filterOrder = filterOrder;
        }

        public String getScope() {
            return scope;
        }

        public void setScope(String scope) {
            this.scope = scope;
        }

        public List<String> getStoredHeaders() {
            return storedHeaders;
        }

        public void setStoredHeaders(List<String> storedHeaders) {
            this.storedHeaders = storedHeaders;
        }

        public DataSize getMaxRequestBytes() {
            return maxRequestBytes;
        }

        public void setMaxRequestBytes(DataSize maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
        }

        public Duration getBodyTimeout() {
            return bodyTimeout;
        }

        public void setBodyTimeout(Duration bodyTimeout) {
            this.bodyTimeout = bodyTimeout;
        }
    }
}
