package io.github.idempotency.spring;

import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Tells every listener of an outcome; one that throws is logged and never fails the call. */
final class IdempotencyListeners {

    private static final Log logger = LogFactory.getLog(IdempotencyListeners.class);

    private final List<IdempotencyListener> listeners;

    IdempotencyListeners(List<IdempotencyListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void notify(String scope, IdempotencyOutcome outcome) {
        for (IdempotencyListener listener : listeners) {
            try {
                listener.onOutcome(scope, outcome);
            } catch (RuntimeException ex) {
                logger.warn("Idempotency listener " + listener + " failed on " + outcome + " in scope " + scope, ex);
            }
        }
    }
}
