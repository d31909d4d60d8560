package io.github.idempotency.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.spring.Idempotent;
import io.github.idempotency.spring.IdempotentAspect;
import io.github.idempotency.spring.messaging.IdempotentKafkaBatchListenerCheck;
import io.github.idempotency.spring.messaging.IdempotentKafkaErrorHandlerPostProcessor;
import io.github.idempotency.spring.messaging.KafkaIdempotentListenerAspect;
import io.github.idempotency.spring.messaging.RabbitIdempotentListenerAspect;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

class IdempotencyMessagingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    IdempotencyAutoConfiguration.class,
                    IdempotencyMessagingAutoConfiguration.class));

    @Test
    void createsTheListenerAspectsJustOutsideTheIdempotentAspect() {
        runner.withPropertyValues("idempotency.aspect.order=50").run(context -> {
            assertThat(context).hasSingleBean(RabbitIdempotentListenerAspect.class);
            assertThat(context).hasSingleBean(KafkaIdempotentListenerAspect.class);
            assertThat(context.getBean(IdempotentAspect.class).getOrder()).isEqualTo(50);
            assertThat(context.getBean(RabbitIdempotentListenerAspect.class).getOrder())
                    .isEqualTo(49);
            assertThat(context.getBean(KafkaIdempotentListenerAspect.class).getOrder())
                    .isEqualTo(49);
        });
    }

    @Test
    void declaresTheKafkaErrorHandlerWhenTheApplicationHasNone() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DefaultErrorHandler.class);
            assertThat(context).hasSingleBean(IdempotentKafkaErrorHandlerPostProcessor.class);
            assertThat(context).hasSingleBean(IdempotentKafkaBatchListenerCheck.class);
        });
    }

    @Test
    void keepsTheApplicationsOwnKafkaErrorHandler() {
        runner.withBean(CommonErrorHandler.class, CommonLoggingErrorHandler::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(CommonErrorHandler.class);
                    assertThat(context).doesNotHaveBean(DefaultErrorHandler.class);
                });
    }

    @Test
    void backsOffWithoutABrokerLibrary() {
        runner.withClassLoader(new FilteredClassLoader(RabbitListener.class, KafkaListener.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(IdempotentAspect.class);
                    assertThat(context).doesNotHaveBean(RabbitIdempotentListenerAspect.class);
                    assertThat(context).doesNotHaveBean(KafkaIdempotentListenerAspect.class);
                    assertThat(context).doesNotHaveBean(DefaultErrorHandler.class);
                });
    }

    @Test
    void backsOffWhenIdempotencyIsDisabled() {
        runner.withPropertyValues("idempotency.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(RabbitIdempotentListenerAspect.class);
            assertThat(context).doesNotHaveBean(KafkaIdempotentListenerAspect.class);
        });
    }

    @Test
    void refusesAnIdempotentKafkaBatchListenerAtStartup() {
        runner.withBean(BatchListener.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("@Idempotent on batch listener")
                    .hasMessageContaining("BatchListener.onOrders");
        });
    }

    @Test
    void acceptsAnIdempotentKafkaRecordListener() {
        runner.withBean(RecordListener.class).run(context -> assertThat(context).hasNotFailed());
    }

    static class BatchListener {

        @KafkaListener(topics = "orders")
        @Idempotent(scope = "orders", key = "#p0.size()")
        public void onOrders(List<String> orders) {}
    }

    static class RecordListener {

        @KafkaListener(topics = "orders")
        @Idempotent(scope = "orders", key = "#p0")
        public void onOrder(String order) {}
    }
}
