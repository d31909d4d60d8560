package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyConfigurationException;

/**
 * The JDBC store's table is not in the database at startup, and the configuration did not create
 * it: every call would fail. Thrown while the application context starts, so the application does
 * not start; {@link IdempotencyConfigurationFailureAnalyzer} reports what is missing and the
 * property or script that provides it.
 */
public final class IdempotencyTableMissingException extends IdempotencyConfigurationException {

    private final String tableName;
    private final String initializeSchema;
    private final String scriptLocation;
    private final String databaseMessage;

    /**
     * Creates the exception.
     *
     * @param tableName the configured table
     * @param initializeSchema the {@code idempotency.store.jdbc.initialize-schema} value in force
     * @param scriptLocation the class path location of the schema script for the database
     * @param driverMessage what the database answered, in the driver's own words
     */
    IdempotencyTableMissingException(
            String tableName, String initializeSchema, String scriptLocation, String driverMessage) {
        super(description(tableName, initializeSchema, driverMessage), action(scriptLocation));
        this.tableName = tableName;
        this.initializeSchema = initializeSchema;
        this.scriptLocation = scriptLocation;
        this.databaseMessage = driverMessage;
    }

    /**
     * Returns the configured table.
     *
     * @return the table name
     */
    public String tableName() {
        return tableName;
    }

    /**
     * Returns the schema initialisation mode in force.
     *
     * @return {@code embedded}, {@code always} or {@code never}
     */
    public String initializeSchema() {
        return initializeSchema;
    }

    /**
     * Returns what the database answered to the check, in the driver's own words.
     *
     * @return the driver's message
     */
    public String databaseMessage() {
        return databaseMessage;
    }

    /**
     * Returns the class path location of the schema script for the database.
     *
     * @return e.g. {@code io/github/idempotency/jdbc/schema-postgresql.sql}
     */
    public String scriptLocation() {
        return scriptLocation;
    }

    private static String description(String tableName, String initializeSchema, String driverMessage) {
        return "The JDBC idempotency store's table '" + tableName + "' is missing or unusable; the database says: "
                + driverMessage + "\n\n"
                + "idempotency.store.jdbc.initialize-schema=" + initializeSchema + " did not create it"
                + ("embedded".equals(initializeSchema)
                        ? " (embedded creates it only on an embedded database such as H2)"
                        : "")
                + ", and every idempotent call would fail with 503 without it.";
    }

    private static String action(String scriptLocation) {
        return "Create the table in one of these ways:\n"
                + "\t- set idempotency.store.jdbc.initialize-schema=always to create it at startup (the script creates"
                + " nothing that exists), or\n"
                + "\t- add the script classpath:" + scriptLocation + " to your migrations (Flyway, Liquibase), or\n"
                + "\t- set idempotency.store.jdbc.table-name to the table you created.";
    }
}
