package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class IdempotencyConfigurationFailureAnalyzerTests {

    @Test
    void isRegisteredForSpringBootsFailureReport() {
        // Boot's own analyzers need a bean factory to be created; only this one matters here
        SpringFactoriesLoader.FailureHandler skipOthers =
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {});
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, skipOthers))
                .hasAtLeastOneElementOfType(IdempotencyConfigurationFailureAnalyzer.class);
    }

    @Test
    void reportsTheDescriptionAndActionOfAConfigurationMistakeDeepInTheCauses() {
        class TableMissing extends IdempotencyConfigurationException {
            TableMissing() {
                super("Table idempotency_record does not exist.", "Create it, or set initialize-schema.");
            }
        }
        Throwable failure = new BeanCreationException(
                "idempotencyAspect", "failed", new IllegalStateException("wrapped", new TableMissing()));

        FailureAnalysis analysis = new IdempotencyConfigurationFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).isEqualTo("Table idempotency_record does not exist.");
        assertThat(analysis.getAction()).isEqualTo("Create it, or set initialize-schema.");
        assertThat(analysis.getCause()).isInstanceOf(TableMissing.class);
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(new IdempotencyConfigurationFailureAnalyzer().analyze(new IllegalStateException("other")))
                .isNull();
    }
}
