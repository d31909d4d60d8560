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
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class))
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
