package io.github.idempotency.spring.metrics;

import io.github.idempotency.spring.IdempotencyListener;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts every protected call in {@value #METRIC_NAME}, tagged {@code scope} and {@code outcome}
 * (the lower-case {@link IdempotencyOutcome} name: {@code executed}, {@code replayed}, {@code
 * conflict}, {@code mismatch}, {@code rejected}, {@code store_error}, {@code lease_lost}).
 *
 * <p>Counters are built once per scope and then looked up, so a call costs one map read and an
 * increment. Scopes come from annotations and configuration, so their number stays small.
 */
public final class MicrometerIdempotencyListener implements IdempotencyListener {

    /** The name of the counter. */
    public static final String METRIC_NAME = "idempotency.calls";

    private static final IdempotencyOutcome[] OUTCOMES = IdempotencyOutcome.values();

    private final MeterRegistry registry;

    private final ConcurrentMap<String, Counter[]> countersByScope = new ConcurrentHashMap<>();

    /**
     * Creates a listener that registers its counters in the given registry.
     *
     * @param registry where the counters live
     */
    public MicrometerIdempotencyListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onOutcome(String scope, IdempotencyOutcome outcome) {
        Counter[] counters = countersByScope.get(scope);
        if (counters == null) {
            counters = countersByScope.computeIfAbsent(scope, this::countersFor);
        }
        counters[outcome.ordinal()].increment();
    }

    private Counter[] countersFor(String scope) {
        Counter[] counters = new Counter[OUTCOMES.length];
        for (IdempotencyOutcome outcome : OUTCOMES) {
            counters[outcome.ordinal()] = Counter.builder(METRIC_NAME)
                    .description("Calls protected by idempotency, by scope and outcome")
                    .tag("scope", scope)
                    .tag("outcome", tagValue(outcome))
                    .register(registry);
        }
        return counters;
    }

    /**
     * Returns the tag value of an outcome.
     *
     * @param outcome the outcome
     * @return its lower-case name, such as {@code store_error}
     */
    public static String tagValue(IdempotencyOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
