package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyConfigurationException;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.IdempotencyHeartbeat;
import io.github.idempotency.spring.IdempotentAspect;
import io.github.idempotency.spring.IdempotentExceptionHandler;
import io.github.idempotency.spring.TenantResolver;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

class IdempotencyAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class, BootLine.JACKSON, IdempotencyAutoConfiguration.class));

    @Test
    void bindsDefaults() {
        runner.run(context -> {
            IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
            assertThat(properties.isEnabled()).isTrue();
            assertThat(properties.getLease()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getHeartbeat()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.getRetention()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.getFailureRetention()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.isStrictTenant()).isFalse();
            assertThat(properties.getStore().getType()).isEqualTo(IdempotencyProperties.StoreType.MEMORY);
            assertThat(properties.getStore().getMaxResultBytes()).isEqualTo(DataSize.ofMegabytes(1));
            assertThat(properties.getStore().getMemory().getMaxEntries()).isEqualTo(200_000);
            assertThat(properties.getAspect().getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE - 100);
            assertThat(properties.getAspect().getRecordedExceptions()).isEmpty();
            assertThat(properties.getAspect().getConflictWait()).isZero();
            assertThat(context.getBean(IdempotentAspect.class).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE - 100);
        });
    }

    @Test
    void boundsTheMemoryStoreInResultBytes() {
        runner.run(context -> assertThat(
                        context.getBean(MemoryIdempotencyStore.class).usage().maxBytes())
                .isEqualTo(DataSize.ofMegabytes(64).toBytes()));
        runner.withPropertyValues("idempotency.store.memory.max-bytes=8MB")
                .run(context -> assertThat(context.getBean(MemoryIdempotencyStore.class)
                                .usage()
                                .maxBytes())
                        .isEqualTo(DataSize.ofMegabytes(8).toBytes()));
    }

    @Test
    void bindsOverrides() {
        runner.withPropertyValues(
                        "idempotency.lease=2m",
                        "idempotency.heartbeat=20s",
                        "idempotency.retention=7d",
                        "idempotency.failure-retention=0",
                        "idempotency.strict-tenant=true",
                        "idempotency.store.max-result-bytes=64KB",
                        "idempotency.store.memory.max-entries=1000",
                        "idempotency.aspect.order=5",
                        "idempotency.aspect.recorded-exceptions=java.lang.IllegalArgumentException",
                        "idempotency.aspect.conflict-wait=3s")
                .run(context -> {
                    IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
                    assertThat(properties.getLease()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(properties.getHeartbeat()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(properties.getRetention()).isEqualTo(Duration.ofDays(7));
                    assertThat(properties.getFailureRetention()).isZero();
                    assertThat(properties.isStrictTenant()).isTrue();
                    assertThat(properties.getStore().getMaxResultBytes()).isEqualTo(DataSize.ofKilobytes(64));
                    assertThat(properties.getStore().getMemory().getMaxEntries())
                            .isEqualTo(1000);
                    assertThat(properties.getAspect().getRecordedExceptions())
                            .containsExactly(IllegalArgumentException.class);
                    assertThat(properties.getAspect().getConflictWait()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(context.getBean(IdempotentAspect.class).getOrder())
                            .isEqualTo(5);
                });
    }

    @Test
    void createsTheMemoryStoreTheAspectAndTheHeartbeatByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MemoryIdempotencyStore.class);
            assertThat(context).hasSingleBean(IdempotentAspect.class);
            assertThat(context).hasSingleBean(IdempotencyHeartbeat.class);
            assertThat(context).doesNotHaveBean(IdempotentExceptionHandler.class);
        });
        runner.withPropertyValues("idempotency.store.type=memory")
                .run(context -> assertThat(context).hasSingleBean(MemoryIdempotencyStore.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesAStore() {
        MemoryIdempotencyStore own = new MemoryIdempotencyStore();
        runner.withBean("ownStore", IdempotencyStore.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(IdempotencyStore.class);
            assertThat(context.getBean(IdempotencyStore.class)).isSameAs(own);
            assertThat(context).hasSingleBean(IdempotentAspect.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesTheAspect() {
        runner.withBean("ownAspect", IdempotentAspect.class, () -> org.mockito.Mockito.mock(IdempotentAspect.class))
                .run(context ->
                        assertThat(context).getBeanNames(IdempotentAspect.class).containsExactly("ownAspect"));
    }

    @Test
    void turnsEverythingOffWhenDisabled() {
        runner.withPropertyValues("idempotency.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(IdempotencyProperties.class);
            assertThat(context).doesNotHaveBean(IdempotencyStore.class);
            assertThat(context).doesNotHaveBean(IdempotentAspect.class);
            assertThat(context).doesNotHaveBean(IdempotencyHeartbeat.class);
        });
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
                .withPropertyValues("idempotency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(IdempotentExceptionHandler.class));
    }

    @Test
    void leavesTheAspectOutWithoutAspectJ() {
        runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run(context -> {
            assertThat(context).hasSingleBean(IdempotencyStore.class);
            assertThat(context).doesNotHaveBean(IdempotentAspect.class);
            assertThat(context).doesNotHaveBean(IdempotencyHeartbeat.class);
        });
    }

    @Test
    void registersTheExceptionHandlerInServletWebApplications() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(IdempotentExceptionHandler.class));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
                .run(context -> assertThat(context).doesNotHaveBean(IdempotentExceptionHandler.class));
    }

    @Test
    void refusesToStartWhenTheHeartbeatIsOverHalfTheLease() {
        runner.withPropertyValues("idempotency.lease=30s", "idempotency.heartbeat=16s")
                .run(context -> {
                    assertThat(context)
                            .getFailure()
                            .rootCause()
                            .isInstanceOf(IdempotencyConfigurationException.class)
                            .hasMessageContaining("heartbeat (PT16S) must be positive and at most half the lease");
                    FailureAnalysis analysis =
                            new IdempotencyConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("at most half the lease (PT30S)");
                    assertThat(analysis.getAction()).contains("at most PT15S");
                });
        runner.withPropertyValues("idempotency.lease=30s", "idempotency.heartbeat=15s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void stopsTheHeartbeatWithTheContext() {
        runner.run(context -> {
            IdempotencyHeartbeat heartbeat = context.getBean(IdempotencyHeartbeat.class);
            context.close();
            assertThat(heartbeat.isClosed()).isTrue();
        });
    }

    @Test
    void refusesToStartWithTwoTenantResolversRatherThanIgnoringBoth() {
        runner.withBean("tenantA", TenantResolver.class, () -> () -> "a")
                .withBean("tenantB", TenantResolver.class, () -> () -> "b")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(NoUniqueBeanDefinitionException.class)
                        .hasMessageContaining("TenantResolver"));
    }
}
