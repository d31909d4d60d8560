package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.jdbc.JdbcIdempotencyStore;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import io.github.idempotency.test.LoopbackServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class JdbcStoreConfigurationTests {

    private static final String KEY = "v1:local:orders:" + "ab".repeat(32);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BootLine.JDBC))
            .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @Test
    void createsTheJdbcStoreAndItsTableOnAnEmbeddedDatabase() {
        contextRunner.withPropertyValues("idempotency.store.type=jdbc").run(context -> {
            assertThat(context).hasSingleBean(JdbcIdempotencyStore.class).doesNotHaveBean(MemoryIdempotencyStore.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            assertThat(store.tryBegin(KEY, Duration.ofMinutes(1)).outcome()).isEqualTo(Outcome.ACQUIRED);
            assertThat(rows(context.getBean(DataSource.class), "idempotency_record"))
                    .isEqualTo(1);
        });
    }

    @Test
    void startsWhenMetricsWrapTheStore() {
        contextRunner
                .withConfiguration(AutoConfigurations.of(IdempotencyMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("idempotency.store.type=jdbc")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(IdempotencySweeper.class);
                    assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(MeteredIdempotencyStore.class);
                });
    }

    @Test
    void bindsTheTableName() {
        contextRunner
                .withPropertyValues("idempotency.store.type=jdbc", "idempotency.store.jdbc.table-name=orders_keys")
                .run(context -> {
                    context.getBean(IdempotencyStore.class).tryBegin(KEY, Duration.ofMinutes(1));
                    assertThat(rows(context.getBean(DataSource.class), "orders_keys"))
                            .isEqualTo(1);
                });
    }

    @Test
    void limitsEveryStatementToTheStatementTimeout() {
        contextRunner
                .withPropertyValues("idempotency.store.type=jdbc")
                .run(context -> assertThat(context.getBean(JdbcIdempotencyStore.class)
                                .options()
                                .statementTimeout())
                        .isEqualTo(Duration.ofSeconds(3)));
        contextRunner
                .withPropertyValues("idempotency.store.type=jdbc", "idempotency.store.jdbc.statement-timeout=1s")
                .run(context -> assertThat(context.getBean(JdbcIdempotencyStore.class)
                                .options()
                                .statementTimeout())
                        .isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void startsOnATableThatAnotherInitializerCreatesWhenSchemaInitializationIsOff() {
        // Boot's SQL initialisation with the shipped script stands for a migration tool: the
        // store's check waits for it
        contextRunner
                .withConfiguration(AutoConfigurations.of(BootLine.SQL_INITIALIZATION))
                .withPropertyValues(
                        "idempotency.store.type=jdbc",
                        "idempotency.store.jdbc.initialize-schema=never",
                        "spring.sql.init.mode=always",
                        "spring.sql.init.schema-locations=classpath:io/github/idempotency/jdbc/schema-h2.sql")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(IdempotencyStore.class)
                                    .tryBegin(KEY, Duration.ofMinutes(1))
                                    .outcome())
                            .isEqualTo(Outcome.ACQUIRED);
                });
    }

    @Test
    void refusesToStartWithoutTheTableNamingItThePropertyAndTheScript() {
        contextRunner
                .withPropertyValues("idempotency.store.type=jdbc", "idempotency.store.jdbc.initialize-schema=never")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    IdempotencyTableMissingException missing = findCause(failure);
                    assertThat(missing.getMessage())
                            .contains("'idempotency_record'")
                            .contains("initialize-schema=never");
                    FailureAnalysis analysis = new IdempotencyConfigurationFailureAnalyzer().analyze(failure);
                    assertThat(analysis.getDescription())
                            .contains("'idempotency_record'")
                            .contains("initialize-schema=never did not create it");
                    assertThat(analysis.getAction())
                            .contains("idempotency.store.jdbc.initialize-schema=always")
                            .contains("classpath:io/github/idempotency/jdbc/schema-h2.sql")
                            .contains("idempotency.store.jdbc.table-name");
                });
    }

    @Test
    void refusesToStartOnPostgresqlWhereEmbeddedInitialisationCreatesNoTable() {
        LoopbackServers.require("PostgreSQL", 5432);
        String table = "idempotency_absent_" + Long.toHexString(System.nanoTime());
        contextRunner
                .withBean(
                        DataSource.class,
                        () -> new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""))
                .withPropertyValues("idempotency.store.type=jdbc", "idempotency.store.jdbc.table-name=" + table)
                .run(context -> {
                    assertThat(context).hasFailed();
                    IdempotencyTableMissingException missing = findCause(context.getStartupFailure());
                    assertThat(missing.tableName()).isEqualTo(table);
                    assertThat(missing.initializeSchema()).isEqualTo("embedded");
                    assertThat(missing.description())
                            .contains("'" + table + "'")
                            .contains("embedded creates it only on an embedded database");
                    assertThat(missing.action())
                            .contains("idempotency.store.jdbc.initialize-schema=always")
                            .contains("classpath:io/github/idempotency/jdbc/schema-postgresql.sql");
                });
    }

    @Test
    void registersTheFailureAnalyzerForSpringBoot() {
        // other analyzers need Boot's bean factory to be created; only ours is looked for here
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
                        .load(
                                org.springframework.boot.diagnostics.FailureAnalyzer.class,
                                null,
                                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {})))
                .hasAtLeastOneElementOfType(IdempotencyConfigurationFailureAnalyzer.class);
    }

    @Test
    void rejectsATableNameThatIsNotAnIdentifier() {
        contextRunner
                .withPropertyValues(
                        "idempotency.store.type=jdbc", "idempotency.store.jdbc.table-name=t; DROP TABLE users")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("Invalid idempotency table name"));
    }

    @Test
    void schedulesTheSweepAtTheConfiguredInterval() {
        contextRunner
                .withPropertyValues("idempotency.store.type=jdbc", "idempotency.store.sweep-interval=20ms")
                .run(context -> {
                    IdempotencySweeper sweeper = context.getBean(IdempotencySweeper.class);
                    assertThat(sweeper.isRunning()).isTrue();
                    assertThat(sweeper.interval()).isEqualTo(Duration.ofMillis(20));
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    context.getBean(IdempotencyStore.class).tryBegin(KEY, Duration.ofMillis(1));
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (rows(context.getBean(DataSource.class), "idempotency_record") > 0
                            && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM idempotency_record", Integer.class))
                            .as("the expired record was swept")
                            .isZero();
                    context.stop();
                    assertThat(sweeper.isRunning()).isFalse();
                });
    }

    @Test
    void backsOffForAStoreOfTheApplication() {
        contextRunner
                .withPropertyValues("idempotency.store.type=jdbc")
                .withUserConfiguration(UserStore.class)
                .run(context -> assertThat(context)
                        .hasSingleBean(IdempotencyStore.class)
                        .hasBean("userStore")
                        .doesNotHaveBean(JdbcIdempotencyStore.class)
                        .doesNotHaveBean(IdempotencySweeper.class));
    }

    @Test
    void needsTheJdbcTypeToBeChosen() {
        contextRunner.run(context -> assertThat(context)
                .hasSingleBean(MemoryIdempotencyStore.class)
                .doesNotHaveBean(JdbcIdempotencyStore.class));
    }

    @Test
    void failsStartupClearlyWithoutTheJdbcModule() {
        contextRunner
                .withPropertyValues("idempotency.store.type=jdbc")
                .withClassLoader(new FilteredClassLoader(JdbcIdempotencyStore.class))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("idempotency.store.type=jdbc but no IdempotencyStore could be created")
                        .hasMessageContaining("idempotency-jdbc"));
    }

    private static int rows(DataSource dataSource, String table) {
        Integer count = new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return count == null ? 0 : count;
    }

    private static IdempotencyTableMissingException findCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IdempotencyTableMissingException missing) {
                return missing;
            }
        }
        throw new AssertionError("no IdempotencyTableMissingException in " + failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStore {

        @Bean
        MemoryIdempotencyStore userStore() {
            return new MemoryIdempotencyStore();
        }
    }
}
