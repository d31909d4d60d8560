package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.core.IdempotencyStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Imported after every store configuration: when none of them could create the store the
 * configured {@code idempotency.store.type} names (its module or client library is not on the class
 * path), startup fails with a message that says what to add, instead of a bare "no bean" error or,
 * worse, a store the instances do not share.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(IdempotencyStore.class)
class MissingStoreConfiguration {

    @Bean
    IdempotencyStore idempotencyStore(IdempotencyProperties properties) {
        IdempotencyProperties.StoreType type = properties.getStore().getType();
        String module = switch (type) {
            case REDIS -> "io.github.idempotency:idempotency-redis and spring-boot-starter-data-redis";
            case JDBC -> "io.github.idempotency:idempotency-jdbc and spring-boot-starter-jdbc";
            case MEMORY -> "io.github.idempotency:idempotency-core";
        };
        String name = type.name().toLowerCase(java.util.Locale.ROOT);
        throw new IdempotencyConfigurationException(
                "idempotency.store.type=" + name + " but no IdempotencyStore could be created: " + module
                        + " is not on the class path.",
                "Add it to the class path, set idempotency.store.type to a store that is, or define"
                        + " an IdempotencyStore bean of your own.");
    }
}
