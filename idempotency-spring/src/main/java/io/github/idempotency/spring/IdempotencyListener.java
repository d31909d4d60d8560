package io.github.idempotency.spring;

/**
 * Told of every protected call's outcome, by the {@code @Idempotent} aspect and the {@code
 * Idempotency-Key} filter. The metrics support implements it; declare a bean of your own to add
 * audit or tracing. Called on the caller's thread: keep it fast and never throw.
 */
@FunctionalInterface
public interface IdempotencyListener {

    /**
     * Receives one outcome.
     *
     * @param scope the call's scope ({@code http} for the filter unless configured otherwise)
     * @param outcome what happened
     */
    void onOutcome(String scope, IdempotencyOutcome outcome);
}
