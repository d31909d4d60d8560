package io.github.idempotency.spring.messaging;

import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.spring.IdempotencyConflictException;
import io.github.idempotency.spring.IdempotencyKeyException;
import io.github.idempotency.spring.ReplayedFailureException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Turns what the {@code @Idempotent} aspect answers a listener method into what the broker should
 * do with the message. It runs just outside that aspect, so both run inside any transaction around
 * the listener.
 *
 * <ul>
 *   <li>a replayed result: the listener returns it and the message is acknowledged;
 *   <li>a replayed failure (the first copy failed with a recorded exception): logged once and
 *       acknowledged, since running it again would fail the same way;
 *   <li>a key that cannot be built: logged and rejected by {@link #rejected}, never retried;
 *   <li>the store unreachable, or a copy still in flight after the conflict wait: handed back to the
 *       broker by {@link #handedBack} for a later redelivery, never acknowledged unprotected.
 * </ul>
 *
 * Anything else, the listener's own exceptions included, passes through unchanged.
 */
public abstract class IdempotentListenerAspect implements Ordered {

    private static final Log logger = LogFactory.getLog(IdempotentListenerAspect.class);

    private final int order;

    /**
     * Creates the aspect.
     *
     * @param order its order; must be lower (outside) than the {@code @Idempotent} aspect's
     */
    protected IdempotentListenerAspect(int order) {
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    /**
     * Runs the listener method through the {@code @Idempotent} aspect and translates its answers.
     *
     * @param joinPoint the listener call
     * @return the method's result, the replayed result, or {@code null} for a replayed failure
     * @throws Throwable what the method throws; {@link #rejected} or {@link #handedBack} exceptions
     */
    protected @Nullable Object invoke(ProceedingJoinPoint joinPoint) throws Throwable {
        try {
            return joinPoint.proceed();
        } catch (ReplayedFailureException ex) {
            logger.info("Duplicate message for idempotency key " + ex.key() + " (scope " + ex.scope()
                    + ") replays the recorded failure " + ex.code() + "; acknowledged without running "
                    + joinPoint.getSignature().toShortString());
            return null;
        } catch (IdempotencyKeyException ex) {
            logger.warn("Message rejected to the dead-letter destination, not retried: its idempotency key"
                    + " cannot be built: " + ex.getMessage());
            throw rejected(ex);
        } catch (IdempotencyConflictException ex) {
            logger.warn("Message for idempotency key " + ex.key() + " is still in flight after the conflict"
                    + " wait; handed back to the broker for a later redelivery");
            throw handedBack(ex);
        } catch (IdempotencyStoreException ex) {
            // The store already logged the key; the message must not be acknowledged unprotected.
            throw handedBack(ex);
        }
    }

    /**
     * Returns what to throw for a message whose key cannot be built, so that the container rejects
     * it to the dead-letter destination instead of retrying it.
     *
     * @param failure why the key cannot be built
     * @return the exception to throw
     */
    protected abstract RuntimeException rejected(IdempotencyKeyException failure);

    /**
     * Returns what to throw for a message to be redelivered later (store unreachable, copy still in
     * flight), after any pause that keeps the redelivery from becoming a hot loop.
     *
     * @param failure why the message cannot be handled now
     * @return the exception to throw, a retryable failure for the container
     */
    protected abstract RuntimeException handedBack(RuntimeException failure);
}
