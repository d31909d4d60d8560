package io.github.idempotency.autoconfigure;

import io.github.idempotency.core.IdempotencyConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link IdempotencyConfigurationException} found anywhere in a failed startup's causes
 * as Spring Boot's "APPLICATION FAILED TO START", with its description and action, instead of a
 * stack of bean creation failures. Any check that throws the exception, or a subclass, is reported
 * this way; registered in {@code META-INF/spring.factories}.
 */
public final class IdempotencyConfigurationFailureAnalyzer
        extends AbstractFailureAnalyzer<IdempotencyConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IdempotencyConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
