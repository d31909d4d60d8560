package io.github.idempotency.spring.messaging;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.listener.FailedRecordProcessor;

/**
 * Makes every error handler bean of the application ({@code DefaultErrorHandler}, {@code
 * DefaultAfterRollbackProcessor}) refuse to retry a record whose idempotency key cannot be built:
 * retrying would fail the same way. Its back-off is left alone; see {@link
 * IdempotentKafkaErrorHandling#apply} for the rule on store outages.
 */
public final class IdempotentKafkaErrorHandlerPostProcessor implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof FailedRecordProcessor handler) {
            IdempotentKafkaErrorHandling.rejectKeyless(handler);
        }
        return bean;
    }
}
