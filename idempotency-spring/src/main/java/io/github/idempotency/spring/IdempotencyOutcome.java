package io.github.idempotency.spring;

/** What happened to one protected call, as metrics and logs report it. */
public enum IdempotencyOutcome {
    /** The call acquired the lease and ran. */
    EXECUTED,
    /** A stored result or failure was returned; the call did not run. */
    REPLAYED,
    /** Another call with the same key was in flight; this one did not run. */
    CONFLICT,
    /** The key was reused for a different request (HTTP: another method, path or body). */
    MISMATCH,
    /** The call was refused before reaching the store: a missing, malformed or invalid key. */
    REJECTED,
    /** The store failed or could not be reached; the call did not run (unless fail-open). */
    STORE_ERROR,
    /** The call ran but lost its lease before it could record the result. */
    LEASE_LOST
}
