package io.github.idempotency.spring;

import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Tells every listener of an outcome; one that throws is logged and never fails the call. */
public final class IdempotencyListeners {

    private static final Log logger = LogFactory.getLog(IdempotencyListeners.class);

    private final List<IdempotencyListener> listeners;

    /**
     * Creates the notifier.
     *
     * @param listeners the listeners, told in this order
     */
    public IdempotencyListeners(List<IdempotencyListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Tells every listener; a listener that throws is logged, and the others are still told.
     *
     * @param scope the scope of the key
     * @param outcome what happened
     */
    public void notify(String scope, IdempotencyOutcome outcome) {
        for (IdempotencyListener listener : listeners) {
            try {
                listener.onOutcome(scope, outcome);
            } catch (RuntimeException ex) {
                logger.warn("Idempotency listener " + listener + " failed on " + outcome + " in scope " + scope, ex);
            }
        }
    }
}
