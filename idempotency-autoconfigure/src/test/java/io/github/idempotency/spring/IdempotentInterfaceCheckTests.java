package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotentInterfaceCheckTests {

    private final ApplicationContextRunner runner = AspectContexts.runner();

    @Test
    void refusesAtStartupAFinalMethodTheProxyCannotIntercept() {
        runner.withBean(FinalMethod.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IdempotencyConfigurationException.class)
                        .hasMessageContaining(
                                "@Idempotent on final method " + FinalMethod.class.getName() + ".pay(String)"));
    }

    @Test
    void refusesAtStartupAStaticMethod() {
        runner.withBean(StaticMethod.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IdempotencyConfigurationException.class)
                        .hasMessageContaining(
                                "@Idempotent on static method " + StaticMethod.class.getName() + ".pay(String)"));
    }

    @Test
    void refusesAFinalMethodInheritedFromASuperclass() {
        runner.withBean(InheritsFinalMethod.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                IdempotencyConfigurationException.class,
                                ex -> assertThat(ex.action()).contains("public, non-final instance method"))
                        .hasMessageContaining(FinalMethod.class.getName() + ".pay(String)"));
    }

    static class FinalMethod {

        @Idempotent(scope = "payments", key = "#p0")
        public final String pay(String id) {
            return id;
        }
    }

    static class InheritsFinalMethod extends FinalMethod {}

    static class StaticMethod {

        @Idempotent(scope = "payments", key = "#p0")
        public static String pay(String id) {
            return id;
        }
    }
}
