package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.redis.RedisIdempotencyStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

class RedisStoreConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class, BootLine.DATA_REDIS));

    @Test
    void createsTheRedisStoreOnTheApplicationsConnectionFactory() {
        contextRunner.withPropertyValues("idempotency.store.type=redis").run(context -> {
            assertThat(context).hasSingleBean(RedisIdempotencyStore.class).hasSingleBean(RedisConnectionFactory.class);
            assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(RedisIdempotencyStore.class);
            assertThat(context.getBean(RedisIdempotencyStore.class).options())
                    .isEqualTo(new RedisIdempotencyStore.Options("idempotency:", Duration.ofSeconds(30), 1024 * 1024));
        });
    }

    @Test
    void bindsTheKeyPrefixLeaseAndResultLimit() {
        contextRunner
                .withPropertyValues(
                        "idempotency.store.type=redis",
                        "idempotency.store.redis.key-prefix=orders:idem:",
                        "idempotency.store.max-result-bytes=64KB",
                        "idempotency.lease=45s")
                .run(context -> assertThat(
                                context.getBean(RedisIdempotencyStore.class).options())
                        .isEqualTo(new RedisIdempotencyStore.Options("orders:idem:", Duration.ofSeconds(45), 65536)));
    }

    @Test
    void backsOffWhenTheApplicationDefinesAStore() {
        contextRunner
                .withPropertyValues("idempotency.store.type=redis")
                .withUserConfiguration(UserStoreConfiguration.class)
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(IdempotencyStore.class)
                            .doesNotHaveBean(RedisIdempotencyStore.class);
                    assertThat(context.getBean(IdempotencyStore.class))
                            .isSameAs(context.getBean(UserStoreConfiguration.class).store);
                });
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(classes = {RedisIdempotencyStore.class, RedisConnectionFactory.class})
    void failsStartupClearlyWithoutTheRedisStoreOrSpringDataRedisOnTheClassPath(Class<?> missing) {
        contextRunner
                .withPropertyValues("idempotency.store.type=redis")
                .withClassLoader(new FilteredClassLoader(missing))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("idempotency.store.type=redis but no IdempotencyStore could be created")
                        .hasMessageContaining("idempotency-redis"));
    }

    @Test
    void isAbsentForAnotherStoreType() {
        contextRunner.run(context -> assertThat(context)
                .doesNotHaveBean(RedisIdempotencyStore.class)
                .hasSingleBean(MemoryIdempotencyStore.class));
    }

    @Test
    void failsStartupWhenRedisIsAskedForWithoutAConnectionFactory() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
                .withPropertyValues("idempotency.store.type=redis")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("idempotency.store.type=redis needs a RedisConnectionFactory bean"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStoreConfiguration {

        final IdempotencyStore store = new MemoryIdempotencyStore();

        @Bean
        IdempotencyStore userIdempotencyStore() {
            return store;
        }
    }
}
