package io.github.idempotency.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing JDBC store table at startup into Spring Boot's "APPLICATION FAILED TO START"
 * report: what is missing, and the property or script that provides it.
 */
class IdempotencyTableMissingFailureAnalyzer extends AbstractFailureAnalyzer<IdempotencyTableMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IdempotencyTableMissingException cause) {
        String description = "The JDBC idempotency store's table '" + cause.tableName()
                + "' is missing or unusable; the database says: " + cause.databaseMessage() + "\n\n"
                + "idempotency.store.jdbc.initialize-schema=" + cause.initializeSchema() + " did not create it"
                + ("embedded".equals(cause.initializeSchema())
                        ? " (embedded creates it only on an embedded database such as H2)"
                        : "")
                + ", and every idempotent call would fail with 503 without it.";
        String action = "Create the table in one of these ways:\n"
                + "\t- set idempotency.store.jdbc.initialize-schema=always to create it at startup (the script creates"
                + " nothing that exists), or\n"
                + "\t- add the script classpath:" + cause.scriptLocation() + " to your migrations (Flyway, Liquibase),"
                + " or\n"
                + "\t- set idempotency.store.jdbc.table-name to the table you created.";
        return new FailureAnalysis(description, action, cause);
    }
}
