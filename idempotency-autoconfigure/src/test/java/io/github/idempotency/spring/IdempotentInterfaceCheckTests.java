package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotentInterfaceCheckTests {

    private final ApplicationContextRunner runner = AspectContexts.runner();

    @Test
    void refusesAtStartupAFinalMethodTheProxyCannotIntercept() {
        assertRefused(FinalMethod.class, "@Idempotent on final method " + FinalMethod.class.getName() + ".pay(String)");
    }

    @Test
    void refusesAtStartupAStaticMethod() {
        assertRefused(
                StaticMethod.class, "@Idempotent on static method " + StaticMethod.class.getName() + ".pay(String)");
    }

    @Test
    void refusesAFinalMethodInheritedFromASuperclass() {
        assertRefused(InheritsFinalMethod.class, FinalMethod.class.getName() + ".pay(String)");
    }

    private void assertRefused(Class<?> bean, String description) {
        runner.withBean(bean)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOfSatisfying(
                                IdempotencyConfigurationException.class,
                                ex -> assertThat(ex.action()).contains("public, non-final instance method"))
                        .hasMessageContaining(description));
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
