package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(IdempotencyStore.class)
@ConditionalOnProperty(name = "idempotency.store.type", havingValue = "memory", matchIfMissing = true)
class MemoryStoreConfiguration {

    @Bean
    MemoryIdempotencyStore idempotencyStore(IdempotencyProperties properties) {
        IdempotencyProperties.Store store = properties.getStore();
        return new MemoryIdempotencyStore(
                new MemoryIdempotencyStore.Options(
                        properties.getLease(),
                        store.getMemory().getMaxEntries(),
                        Math.toIntExact(store.getMaxResultBytes().toBytes()),
                        store.getMemory().getMaxBytes().toBytes()),
                Clock.systemUTC());
    }
}
