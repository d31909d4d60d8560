package io.github.idempotency.spring.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.Idempotent;
import io.github.idempotency.spring.IdempotentAspect;
import io.github.idempotency.spring.IdempotentTransactionCheck;
import io.github.idempotency.spring.IdempotentTransactions;
import io.github.idempotency.spring.SpringTransactions;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Without spring-tx the aspect settles every call at once, as before transactions were known. */
class WithoutSpringTxTests {

    @Test
    void theAspectWorksWithoutTransactionSupport() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class, BootLine.JACKSON, IdempotencyAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.transaction"))
                .withBean(
                        IdempotencyStore.class,
                        () -> new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()))
                .withBean(Receipts.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(IdempotentAspect.class);
                    assertThat(context).doesNotHaveBean(SpringTransactions.class);
                    assertThat(context).doesNotHaveBean(IdempotentTransactions.class);
                    assertThat(context).doesNotHaveBean(IdempotentTransactionCheck.class);
                    Receipts receipts = context.getBean(Receipts.class);

                    String first = receipts.issue("r-1");

                    assertThat(receipts.issue("r-1")).isEqualTo(first);
                    assertThat(context.getBean(IdempotencyStore.class)
                                    .get(IdempotencyKeys.buildKey(null, "receipts", "r-1"))
                                    .orElseThrow()
                                    .state())
                            .isEqualTo(RecordState.COMPLETE);
                });
    }

    /** Issues receipts that differ on every run. */
    public static class Receipts {

        @Idempotent(scope = "receipts", key = "#p0")
        public String issue(String id) {
            return "receipt " + id + " " + UUID.randomUUID();
        }
    }
}
