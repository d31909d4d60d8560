package io.github.idempotency.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** The schema scripts shipped for each database, for the default table name or any other. */
public final class JdbcIdempotencySchema {

    /** The table name the scripts and the store use unless told otherwise. */
    public static final String DEFAULT_TABLE_NAME = "idempotency_record";

    private static final Pattern TABLE_NAME =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    private JdbcIdempotencySchema() {}

    /**
     * Checks that a configured table name is a plain identifier, optionally schema-qualified, so that
     * configuration can never inject SQL.
     *
     * @param tableName e.g. {@code idempotency_record} or {@code app.idempotency_record}
     * @return the table name
     * @throws IllegalArgumentException for anything else
     */
    public static String validateTableName(String tableName) {
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("Invalid idempotency table name '" + tableName
                    + "': use letters, digits and underscores (at most 63), optionally prefixed by 'schema.'");
        }
        return tableName;
    }

    /**
     * Returns the schema script of a database for a table: it creates the table and its {@code
     * expires_at} index unless they exist.
     *
     * @param dialect the database
     * @param tableName a valid table name; the index is named {@code <table>_expires_at_idx}
     * @return the SQL script, statements separated by {@code ;}
     * @throws IllegalArgumentException for an invalid table name
     */
    public static String script(JdbcDialect dialect, String tableName) {
        validateTableName(tableName);
        String unqualified = tableName.substring(tableName.indexOf('.') + 1);
        return read(dialect.schemaLocation())
                .replace(DEFAULT_TABLE_NAME + "_expires_at_idx", "\0_expires_at_idx")
                .replace(DEFAULT_TABLE_NAME, tableName)
                .replace("\0", unqualified);
    }

    /**
     * Creates the table and its index in the database unless they exist.
     *
     * @param dataSource the database
     * @param dialect its dialect
     * @param tableName a valid table name
     * @throws IllegalArgumentException for an invalid table name
     * @throws org.springframework.dao.DataAccessException when a statement fails
     */
    public static void create(DataSource dataSource, JdbcDialect dialect, String tableName) {
        byte[] script = script(dialect, tableName).getBytes(StandardCharsets.UTF_8);
        new ResourceDatabasePopulator(new ByteArrayResource(script, "idempotency schema for " + dialect))
                .execute(dataSource);
    }

    /**
     * Checks that the table exists with every column the store uses, by selecting none of its rows.
     *
     * @param dataSource the database; one connection is borrowed briefly
     * @param tableName a valid table name
     * @throws IllegalArgumentException for an invalid table name
     * @throws org.springframework.jdbc.BadSqlGrammarException when the table or a column is missing
     * @throws org.springframework.dao.DataAccessException when the database cannot be reached
     */
    public static void check(DataSource dataSource, String tableName) {
        validateTableName(tableName);
        new JdbcTemplate(dataSource)
                .execute("SELECT " + StoreStatements.COLUMNS + " FROM " + tableName + " WHERE 1 = 0");
    }

    private static String read(String location) {
        try (InputStream in = JdbcIdempotencySchema.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema script " + location);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema script " + location, e);
        }
    }
}
