package io.github.idempotency.spring.metrics;

import io.github.idempotency.core.IdempotencyStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Replaces every {@link IdempotencyStore} bean with a {@link MeteredIdempotencyStore} around it, so
 * the aspect, the filter, the endpoint and the application's own code are all timed.
 *
 * <p>The registry is looked up only when the first store bean is initialised, so declaring this
 * post-processor does not create the registry early. Without a registry the store is left as it
 * is.
 */
public final class MeteredIdempotencyStorePostProcessor implements BeanPostProcessor {

    private final ObjectProvider<MeterRegistry> registry;

    /**
     * Creates the post-processor.
     *
     * @param registry resolves the registry when the first store needs it
     */
    public MeteredIdempotencyStorePostProcessor(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof IdempotencyStore store && !(bean instanceof MeteredIdempotencyStore)) {
            MeterRegistry meterRegistry = registry.getIfUnique();
            if (meterRegistry != null) {
                return new MeteredIdempotencyStore(store, meterRegistry);
            }
        }
        return bean;
    }
}
