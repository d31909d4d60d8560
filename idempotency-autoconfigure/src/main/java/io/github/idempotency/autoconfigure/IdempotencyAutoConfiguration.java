package io.github.idempotency.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** Auto-configuration of the idempotency store and the {@code @Idempotent} aspect. */
@AutoConfiguration(
        afterName = {
            // Spring Boot 4
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
            // Spring Boot 3.5
            "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
@Import({
    RedisStoreConfiguration.class,
    JdbcStoreConfiguration.class,
    MemoryStoreConfiguration.class,
    MissingStoreConfiguration.class,
    IdempotentAspectConfiguration.class
})
public final class IdempotencyAutoConfiguration {}
