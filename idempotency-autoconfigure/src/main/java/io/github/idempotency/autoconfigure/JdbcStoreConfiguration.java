package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.jdbc.JdbcDialect;
import io.github.idempotency.jdbc.JdbcIdempotencySchema;
import io.github.idempotency.jdbc.JdbcIdempotencyStore;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The JDBC store on the application's {@code DataSource}, its schema, and its scheduled sweep. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JdbcIdempotencyStore.class, JdbcTemplate.class})
@ConditionalOnProperty(name = "idempotency.store.type", havingValue = "jdbc")
@ConditionalOnMissingBean(IdempotencyStore.class)
class JdbcStoreConfiguration {

    // after Flyway, Liquibase and Boot's SQL initialisation, which may create the table
    @Bean
    @DependsOnDatabaseInitialization
    SchemaInitializer idempotencyJdbcSchemaInitializer(DataSource dataSource, IdempotencyProperties properties) {
        IdempotencyProperties.Jdbc jdbc = properties.getStore().getJdbc();
        return new SchemaInitializer(dataSource, jdbc.getTableName(), jdbc.getInitializeSchema());
    }

    @Bean
    JdbcIdempotencyStore idempotencyStore(
            DataSource dataSource,
            ObjectProvider<JdbcTemplate> jdbcTemplate,
            IdempotencyProperties properties,
            // the table exists before anything can call the store
            SchemaInitializer schemaInitializer) {
        IdempotencyProperties.Store store = properties.getStore();
        return new JdbcIdempotencyStore(
                jdbcTemplate.getIfAvailable(() -> new JdbcTemplate(dataSource)),
                new JdbcIdempotencyStore.Options(
                        store.getJdbc().getTableName(),
                        properties.getLease(),
                        Math.toIntExact(store.getMaxResultBytes().toBytes()),
                        JdbcIdempotencyStore.Options.DEFAULT_SWEEP_BATCH_SIZE,
                        store.getJdbc().getStatementTimeout()));
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotencySweeper idempotencySweeper(IdempotencyStore store, IdempotencyProperties properties) {
        return new IdempotencySweeper(store, properties.getStore().getSweepInterval());
    }

    /**
     * Creates the JDBC store's table from the script shipped for the database, when the mode says so:
     * {@code embedded} only for an embedded database such as H2, {@code always} everywhere, {@code
     * never} not at all. The scripts create nothing that exists already. Then checks the table: a
     * database that answers without it stops startup with {@link IdempotencyTableMissingException};
     * one that does not answer is logged, and the store's calls fail with 503 until it does, so an
     * application may start before its database.
     */
    static class SchemaInitializer implements InitializingBean {

        private static final Log logger = LogFactory.getLog(SchemaInitializer.class);

        private final DataSource dataSource;
        private final String tableName;
        private final DatabaseInitializationMode mode;

        SchemaInitializer(DataSource dataSource, String tableName, DatabaseInitializationMode mode) {
            this.dataSource = dataSource;
            this.tableName = JdbcIdempotencySchema.validateTableName(tableName);
            this.mode = mode;
        }

        @Override
        public void afterPropertiesSet() {
            if (shouldCreate()) {
                JdbcIdempotencySchema.create(dataSource, JdbcDialect.detect(dataSource), tableName);
            }
            checkTable();
        }

        private void checkTable() {
            try {
                JdbcIdempotencySchema.check(dataSource, tableName);
            } catch (BadSqlGrammarException missing) {
                throw new IdempotencyTableMissingException(
                        tableName,
                        mode.name().toLowerCase(Locale.ROOT),
                        JdbcDialect.detect(dataSource).schemaLocation(),
                        String.valueOf(missing.getMostSpecificCause().getMessage()));
            } catch (DataAccessException unreachable) {
                logger.warn("Cannot check the idempotency table '" + tableName + "' at startup: "
                        + unreachable.getMostSpecificCause().getMessage()
                        + "; idempotent calls fail with 503 until the database answers");
            }
        }

        private boolean shouldCreate() {
            return switch (mode) {
                case ALWAYS -> true;
                case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(dataSource);
                case NEVER -> false;
            };
        }
    }
}
