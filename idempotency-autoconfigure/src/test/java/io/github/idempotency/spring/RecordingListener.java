package io.github.idempotency.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every outcome it is told of, in order. */
class RecordingListener implements IdempotencyListener {

    private final List<IdempotencyOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void onOutcome(String scope, IdempotencyOutcome outcome) {
        outcomes.add(outcome);
    }

    List<IdempotencyOutcome> outcomes() {
        return List.copyOf(outcomes);
    }
}
