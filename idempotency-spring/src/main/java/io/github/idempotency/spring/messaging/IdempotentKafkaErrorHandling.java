package io.github.idempotency.spring.messaging;

import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.spring.IdempotencyConflictException;
import io.github.idempotency.spring.IdempotencyKeyException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.FailedRecordProcessor;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The rules an error handler of idempotent Kafka listeners follows: a record whose key cannot be
 * built goes to the recoverer at once (the dead-letter topic, with a {@code
 * DeadLetterPublishingRecoverer}); a record that met an unreachable store, or whose copy was still in
 * flight after the conflict wait, is retried after a fixed delay for as long as that lasts, never
 * handed to the recoverer: its offset is not committed until it has run or been replayed.
 */
public final class IdempotentKafkaErrorHandling {

    private IdempotentKafkaErrorHandling() {}

    /**
     * Applies both rules to a handler, replacing any back-off function it had.
     *
     * @param handler a {@code DefaultErrorHandler} or {@code DefaultAfterRollbackProcessor}
     * @param retryDelay the pause before each new attempt at a record handed back
     * @param <T> the handler's type
     * @return the handler
     */
    public static <T extends FailedRecordProcessor> T apply(T handler, Duration retryDelay) {
        rejectKeyless(handler);
        BackOff retryWithoutEnd = new FixedBackOff(retryDelay.toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
        handler.setBackOffFunction((record, failure) -> handedBack(failure) ? retryWithoutEnd : null);
        return handler;
    }

    /**
     * Makes a record whose key cannot be built ({@link IdempotencyKeyException}) not retryable.
     *
     * @param handler the handler
     */
    public static void rejectKeyless(FailedRecordProcessor handler) {
        handler.addNotRetryableExceptions(IdempotencyKeyException.class);
    }

    /** Whether the listener handed the record back: the store is down or its copy is in flight. */
    private static boolean handedBack(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IdempotencyStoreException || cause instanceof IdempotencyConflictException) {
                return true;
            }
        }
        return false;
    }
}
