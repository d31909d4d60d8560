package io.github.idempotency.jdbc;

import io.github.idempotency.core.IdempotencyStoreException;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The databases the JDBC store speaks to, each with its own statements and schema script. Detected
 * from the {@code DataSource}'s metadata unless set explicitly.
 */
public enum JdbcDialect {

    /** PostgreSQL 9.5+ ({@code INSERT ... ON CONFLICT ... RETURNING}). */
    POSTGRESQL("postgresql") {
        @Override
        StoreStatements statements(String table, int sweepBatchSize) {
            return PostgresStatements.create(table, sweepBatchSize);
        }

        @Override
        Instant readInstant(ResultSet rs, String column) throws SQLException {
            return rs.getObject(column, OffsetDateTime.class).toInstant();
        }
    },

    /**
     * MariaDB 10.5+ ({@code INSERT ... ON DUPLICATE KEY UPDATE ... RETURNING}). MySQL has no {@code
     * RETURNING} and is not supported.
     */
    MARIADB("mysql") {
        @Override
        StoreStatements statements(String table, int sweepBatchSize) {
            return MariaDbStatements.create(table, sweepBatchSize);
        }

        @Override
        Instant readInstant(ResultSet rs, String column) throws SQLException {
            // DATETIME(3) holds UTC wall-clock time (UTC_TIMESTAMP), read without any zone conversion
            return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    },

    /** H2 2.x ({@code MERGE} and {@code UPDATE} inside {@code FINAL TABLE}). */
    H2("h2") {
        @Override
        StoreStatements statements(String table, int sweepBatchSize) {
            return H2Statements.create(table, sweepBatchSize);
        }

        @Override
        Instant readInstant(ResultSet rs, String column) throws SQLException {
            return rs.getObject(column, OffsetDateTime.class).toInstant();
        }
    };

    private final String platform;

    JdbcDialect(String platform) {
        this.platform = platform;
    }

    /**
     * Returns the platform name in the schema script's file name, as Spring Boot's SQL
     * initialisation names platforms.
     *
     * @return {@code postgresql}, {@code mysql} or {@code h2}
     */
    public String platform() {
        return platform;
    }

    /**
     * Returns the class path location of the schema script for this database, creating the default
     * table {@code idempotency_record} and its expiry index if absent.
     *
     * @return e.g. {@code io/github/idempotency/jdbc/schema-postgresql.sql}
     */
    public String schemaLocation() {
        return "io/github/idempotency/jdbc/schema-" + platform + ".sql";
    }

    /**
     * Detects the dialect from the database the {@code DataSource} connects to.
     *
     * @param dataSource the data source; one connection is borrowed briefly
     * @return the dialect
     * @throws IdempotencyStoreException when the database cannot be reached
     * @throws IllegalStateException when the database is not one of the supported ones
     */
    public static JdbcDialect detect(DataSource dataSource) {
        String product;
        String version;
        try {
            product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            version = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductVersion);
        } catch (MetaDataAccessException | DataAccessException e) {
            throw new IdempotencyStoreException(
                    "JDBC idempotency store cannot reach its database to detect the dialect: " + e.getMessage(), e);
        }
        return fromProduct(product, version);
    }

    static JdbcDialect fromProduct(String product, String version) {
        String name = product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("h2")) {
            return H2;
        }
        // MySQL's driver reports MariaDB as "MySQL" with a version like 5.5.5-10.11.6-MariaDB
        if (name.contains("mariadb") || version.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return MARIADB;
        }
        throw new IllegalStateException("The JDBC idempotency store supports PostgreSQL, MariaDB 10.5+ and H2, not "
                + product + " " + version + (name.contains("mysql") ? " (MySQL has no INSERT ... RETURNING)" : ""));
    }

    abstract StoreStatements statements(String table, int sweepBatchSize);

    abstract Instant readInstant(ResultSet rs, String column) throws SQLException;
}
