package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.redis.RedisIdempotencyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis store for {@code idempotency.store.type=redis}, on the application's {@link
 * RedisConnectionFactory}. Asking for Redis without a connection factory fails startup with a message
 * that says so: falling back to a store that instances do not share would silently break
 * idempotency.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({RedisIdempotencyStore.class, RedisConnectionFactory.class})
@ConditionalOnProperty(name = "idempotency.store.type", havingValue = "redis")
@ConditionalOnMissingBean(IdempotencyStore.class)
class RedisStoreConfiguration {

    @Bean
    RedisIdempotencyStore idempotencyStore(
            ObjectProvider<RedisConnectionFactory> connectionFactory, IdempotencyProperties properties) {
        RedisConnectionFactory redis = connectionFactory.getIfAvailable();
        if (redis == null) {
            throw new IdempotencyConfigurationException(
                    "idempotency.store.type=redis needs a RedisConnectionFactory bean and there is none.",
                    "Add spring-boot-starter-data-redis and set spring.data.redis.*, or define an"
                            + " IdempotencyStore bean of your own.");
        }
        IdempotencyProperties.Store store = properties.getStore();
        return new RedisIdempotencyStore(
                redis,
                new RedisIdempotencyStore.Options(
                        store.getRedis().getKeyPrefix(),
                        properties.getLease(),
                        Math.toIntExact(store.getMaxResultBytes().toBytes())));
    }
}
