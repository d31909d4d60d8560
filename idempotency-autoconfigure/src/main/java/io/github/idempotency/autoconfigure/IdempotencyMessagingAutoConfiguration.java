package io.github.idempotency.autoconfigure;

import io.github.idempotency.spring.IdempotentAspect;
import io.github.idempotency.spring.messaging.IdempotentKafkaBatchListenerCheck;
import io.github.idempotency.spring.messaging.IdempotentKafkaErrorHandlerPostProcessor;
import io.github.idempotency.spring.messaging.IdempotentKafkaErrorHandling;
import io.github.idempotency.spring.messaging.KafkaIdempotentListenerAspect;
import io.github.idempotency.spring.messaging.RabbitIdempotentListenerAspect;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * {@code @Idempotent} on {@code @RabbitListener} and {@code @KafkaListener} methods: the aspect that
 * tells the broker what to do with duplicates, keyless messages and store outages, for each broker
 * library on the class path; for Kafka also the error handler rules and the refusal of batch
 * listeners.
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@ConditionalOnBean(IdempotentAspect.class)
@EnableConfigurationProperties(IdempotencyMessagingProperties.class)
public final class IdempotencyMessagingAutoConfiguration {

    /** Just outside the {@code @Idempotent} aspect, so that it sees what that aspect answers. */
    static int outside(IdempotentAspect aspect) {
        int order = aspect.getOrder();
        return order == Integer.MIN_VALUE ? order : order - 1;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.amqp.rabbit.annotation.RabbitListener")
    static class RabbitListenerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RabbitIdempotentListenerAspect rabbitIdempotentListenerAspect(
                IdempotentAspect aspect, IdempotencyMessagingProperties properties) {
            return new RabbitIdempotentListenerAspect(outside(aspect), properties.getRetryDelay());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.kafka.annotation.KafkaListener")
    static class KafkaListenerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KafkaIdempotentListenerAspect kafkaIdempotentListenerAspect(IdempotentAspect aspect) {
            return new KafkaIdempotentListenerAspect(outside(aspect));
        }

        /** The container's default handler, plus the idempotency rules; Boot's container factory uses it. */
        @Bean
        @ConditionalOnMissingBean(CommonErrorHandler.class)
        DefaultErrorHandler idempotencyKafkaErrorHandler(IdempotencyMessagingProperties properties) {
            return IdempotentKafkaErrorHandling.apply(new DefaultErrorHandler(), properties.getRetryDelay());
        }

        // Static, so that declaring a post-processor does not create this configuration early.
        @Bean
        @ConditionalOnMissingBean
        static IdempotentKafkaErrorHandlerPostProcessor idempotentKafkaErrorHandlerPostProcessor() {
            return new IdempotentKafkaErrorHandlerPostProcessor();
        }

        @Bean
        @ConditionalOnMissingBean
        static IdempotentKafkaBatchListenerCheck idempotentKafkaBatchListenerCheck() {
            return new IdempotentKafkaBatchListenerCheck();
        }
    }
}
