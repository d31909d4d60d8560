package io.github.idempotency.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of {@code @Idempotent} message listeners, under {@code idempotency.messaging}. */
@ConfigurationProperties("idempotency.messaging")
public class IdempotencyMessagingProperties {

    /**
     * How long a message waits before it is delivered again when the store cannot be reached or its
     * copy in flight is still running after the conflict wait: RabbitMQ consumers pause this long
     * before the requeue, Kafka's error handler retries after it.
     */
    private Duration retryDelay = Duration.ofSeconds(1);

    public Duration getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(Duration retryDelay) {
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("idempotency.messaging.retry-delay must not be negative");
        }
        this.retryDelay = retryDelay;
    }
}
