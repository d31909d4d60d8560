package io.github.idempotency.spring.messaging;

import io.github.idempotency.spring.IdempotencyKeyException;
import java.time.Duration;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;

/**
 * {@link IdempotentListenerAspect} for {@code @RabbitListener} and {@code @RabbitHandler} methods
 * carrying {@code @Idempotent}: a keyless message is rejected with {@link
 * AmqpRejectAndDontRequeueException} (dead-lettered when the queue has a dead-letter exchange,
 * dropped otherwise); a message handed back is requeued by the container after the consumer paused
 * for the retry delay, since RabbitMQ redelivers a requeued message at once.
 */
@Aspect
public class RabbitIdempotentListenerAspect extends IdempotentListenerAspect {

    private final Duration retryDelay;

    /**
     * Creates the aspect.
     *
     * @param order its order, outside the {@code @Idempotent} aspect
     * @param retryDelay how long the consumer pauses before a message is requeued; zero for none
     */
    public RabbitIdempotentListenerAspect(int order, Duration retryDelay) {
        super(order);
        this.retryDelay = retryDelay;
    }

    /**
     * Applies the listener rules to an idempotent Rabbit listener method.
     *
     * @param joinPoint the listener call
     * @return the listener's result
     * @throws Throwable see {@link IdempotentListenerAspect#invoke}
     */
    @Around("@annotation(io.github.idempotency.spring.Idempotent)"
            + " && (@annotation(org.springframework.amqp.rabbit.annotation.RabbitListener)"
            + " || @annotation(org.springframework.amqp.rabbit.annotation.RabbitHandler))")
    public @Nullable Object aroundListener(ProceedingJoinPoint joinPoint) throws Throwable {
        return invoke(joinPoint);
    }

    @Override
    protected RuntimeException rejected(IdempotencyKeyException failure) {
        return new AmqpRejectAndDontRequeueException(failure.getMessage(), failure);
    }

    @Override
    protected RuntimeException handedBack(RuntimeException failure) {
        try {
            Thread.sleep(retryDelay.toMillis());
        } catch (InterruptedException ex) {
            // The container is stopping: requeue at once.
            Thread.currentThread().interrupt();
        }
        return failure;
    }
}
