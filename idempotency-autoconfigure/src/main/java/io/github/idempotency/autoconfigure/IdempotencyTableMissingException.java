package io.github.idempotency.autoconfigure;

/**
 * The JDBC store's table is not in the database at startup, and the configuration did not create
 * it: every call would fail. Thrown while the application context starts, so the application does
 * not start; {@code IdempotencyTableMissingFailureAnalyzer} tells what to do.
 */
public final class IdempotencyTableMissingException extends IllegalStateException {

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
        super("The idempotency table '" + tableName + "' is missing or unusable (the database says: " + driverMessage
                + "), and idempotency.store.jdbc.initialize-schema=" + initializeSchema
                + " did not create it. Set idempotency.store.jdbc.initialize-schema=always, or run the script "
                + scriptLocation + " in your migrations.");
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
}
