package io.github.idempotency.spring.messaging;

import io.github.idempotency.spring.IdempotencyKeyException;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.jspecify.annotations.Nullable;

/**
 * {@link IdempotentListenerAspect} for {@code @KafkaListener} and {@code @KafkaHandler} methods
 * carrying {@code @Idempotent}. Both kinds of failure pass through unchanged: the container's error
 * handler tells them apart ({@link IdempotentKafkaErrorHandling}), sending a keyless record to its
 * recoverer at once and retrying the others after its back-off.
 */
@Aspect
public class KafkaIdempotentListenerAspect extends IdempotentListenerAspect {

    /**
     * Creates the aspect.
     *
     * @param order its order, outside the {@code @Idempotent} aspect
     */
    public KafkaIdempotentListenerAspect(int order) {
        super(order);
    }

    /**
     * Applies the listener rules to an idempotent Kafka listener method.
     *
     * @param joinPoint the listener call
     * @return the listener's result
     * @throws Throwable see {@link IdempotentListenerAspect#invoke}
     */
    @Around("@annotation(io.github.idempotency.spring.Idempotent)"
            + " && (@annotation(org.springframework.kafka.annotation.KafkaListener)"
            + " || @annotation(org.springframework.kafka.annotation.KafkaHandler))")
    public @Nullable Object aroundListener(ProceedingJoinPoint joinPoint) throws Throwable {
        return invoke(joinPoint);
    }

    @Override
    protected RuntimeException rejected(IdempotencyKeyException failure) {
        return failure;
    }

    @Override
    protected RuntimeException handedBack(RuntimeException failure) {
        return failure;
    }
}
