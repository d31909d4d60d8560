package io.github.idempotency.spring.messaging;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.autoconfigure.IdempotencyMessagingAutoConfiguration;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.RecordInterceptor;

/** Application contexts of the Kafka listener tests: the auto-configuration and a {@link ListenerProbe}. */
final class KafkaListenerContexts {

    private KafkaListenerContexts() {}

    /**
     * A context for listeners of {@code topic} (as the group of the same name) on the brokers at
     * {@code bootstrapServers}, reading from the earliest offset, whose deliveries the probe counts.
     */
    static ApplicationContextRunner runner(String bootstrapServers, String topic, Duration retryDelay) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        BootLine.JACKSON,
                        BootLine.KAFKA,
                        IdempotencyAutoConfiguration.class,
                        IdempotencyMessagingAutoConfiguration.class))
                .withUserConfiguration(Probes.class)
                .withPropertyValues(
                        "spring.kafka.bootstrap-servers=" + bootstrapServers,
                        "spring.kafka.consumer.auto-offset-reset=earliest",
                        "idempotency.messaging.retry-delay=" + retryDelay.toMillis() + "ms",
                        "test.topic=" + topic,
                        "test.group=" + topic);
    }

    @Configuration(proxyBeanMethods = false)
    static class Probes {

        @Bean
        ListenerProbe listenerProbe() {
            return new ListenerProbe();
        }

        @Bean
        RecordInterceptor<Object, Object> deliveryCounter(ListenerProbe probe) {
            return (record, consumer) -> {
                probe.delivered();
                return record;
            };
        }
    }
}
