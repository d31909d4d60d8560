package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.aspectj.lang.ProceedingJoinPoint;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.aspectj.AspectJAroundAdvice;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code @Idempotent} in a plain Spring application, with no Spring Boot: {@link EnableIdempotency}. */
class EnableIdempotencyTests {

    @Test
    void runsOnceAndReplaysToEveryRepeat() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(App.class)) {
            Payments payments = context.getBean(Payments.class);
            String first = payments.charge("order-1", 4200);
            assertThat(payments.charge("order-1", 4200)).isEqualTo(first);
            assertThat(payments.charge("order-2", 4200)).isNotEqualTo(first);
            assertThat(payments.executions()).isEqualTo(2);
        }
    }

    @Test
    void bindsNothingButTheJoinPoint() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(App.class)) {
            Advised payments = (Advised) context.getBean(Payments.class);
            // A bound argument, such as the annotation, is looked up by reflection on every call: it
            // cost more than replaying a stored result.
            assertThat(Arrays.stream(payments.getAdvisors()).map(Advisor::getAdvice))
                    .filteredOn(AspectJAroundAdvice.class::isInstance)
                    .singleElement()
                    .satisfies(advice -> assertThat(((AspectJAroundAdvice) advice)
                                    .getAspectJAdviceMethod()
                                    .getParameterTypes())
                            .containsExactly(ProceedingJoinPoint.class));
        }
    }

    @Test
    void racingDuplicatesRunOnce() throws Exception {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(App.class)) {
            Payments payments = context.getBean(Payments.class);
            int callers = 16;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    Callable<String> call = () -> {
                        start.await();
                        try {
                            return payments.charge("order-race", 100);
                        } catch (IdempotencyConflictException ex) {
                            return "conflict";
                        }
                    };
                    answers.add(pool.submit(call));
                }
                start.countDown();
                for (Future<String> answer : answers) {
                    assertThat(answer.get()).isIn("conflict", "charged order-race 100 #1");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(payments.executions()).isEqualTo(1);
        }
    }

    @Test
    void settlesCallsWithTheirTransaction() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(App.class)) {
            Payments payments = context.getBean(Payments.class);
            TransactionTemplate transactions = new TransactionTemplate(new NoResourceTransactionManager());

            transactions.executeWithoutResult(status -> {
                payments.charge("order-rolled-back", 100);
                status.setRollbackOnly();
            });
            // the rollback freed the key: the retry runs
            assertThat(payments.charge("order-rolled-back", 100)).isEqualTo("charged order-rolled-back 100 #2");

            String committed = transactions.execute(status -> payments.charge("order-committed", 100));
            assertThat(payments.charge("order-committed", 100)).isEqualTo(committed);
            assertThat(payments.executions()).isEqualTo(3);
        }
    }

    @Test
    void refusesAtStartupAMethodTheProxyCannotReach() {
        assertThatThrownBy(() -> new AnnotationConfigApplicationContext(Unreachable.class).close())
                .isInstanceOf(BeanCreationException.class)
                .rootCause()
                .hasMessageContaining("final");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIdempotency
    static class App {

        @Bean
        IdempotencyStore idempotencyStore() {
            return new MemoryIdempotencyStore();
        }

        @Bean
        Payments payments() {
            return new Payments();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIdempotency
    static class Unreachable {

        @Bean
        IdempotencyStore idempotencyStore() {
            return new MemoryIdempotencyStore();
        }

        @Bean
        FinalPayments finalPayments() {
            return new FinalPayments();
        }
    }

    public static class Payments {

        private final AtomicInteger executions = new AtomicInteger();

        public int executions() {
            return executions.get();
        }

        @Idempotent(scope = "payments", key = "#p0 + ':' + #p1")
        public String charge(String orderId, long amountCents) {
            return "charged " + orderId + " " + amountCents + " #" + executions.incrementAndGet();
        }
    }

    public static class FinalPayments {

        @Idempotent(scope = "payments", key = "#p0")
        public final String charge(String orderId) {
            return orderId;
        }
    }

    /** A transaction manager with no resource: enough for transaction synchronization. */
    static final class NoResourceTransactionManager extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {}

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}
    }
}
