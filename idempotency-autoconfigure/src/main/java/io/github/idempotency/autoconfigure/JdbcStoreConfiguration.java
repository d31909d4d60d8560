package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.jdbc.JdbcDialect;
import io.github.idempotency.jdbc.JdbcIdempotencySchema;
import io.github.idempotency.jdbc.JdbcIdempotencyStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The JDBC store on the application's {@code DataSource}, its schema, and its scheduled sweep. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JdbcIdempotencyStore.class, JdbcTemplate.class})
@ConditionalOnProperty(name = "idempotency.store.type", havingValue = "jdbc")
@ConditionalOnMissingBean(IdempotencyStore.class)
class JdbcStoreConfiguration {

    @Bean
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
     * never} not at all. The scripts create nothing that exists already.
     */
    static class SchemaInitializer implements InitializingBean {

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
