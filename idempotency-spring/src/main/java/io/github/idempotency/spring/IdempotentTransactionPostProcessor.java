package io.github.idempotency.spring;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Adds the advice that settles an {@code @Idempotent} call inside its transaction as the last advice
 * of every proxy whose bean has {@code @Idempotent} methods, so it runs inside a {@code
 * Transactional} advice whatever the two advices' order. Beans that are not proxied already are
 * left alone: the {@link IdempotentAspect} proxies every bean it applies to.
 */
public final class IdempotentTransactionPostProcessor extends AbstractAdvisingBeanPostProcessor {

    /** Creates the post-processor. */
    public IdempotentTransactionPostProcessor() {
        this.advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, Idempotent.class, true), new IdempotentTransactionInterceptor());
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof Advised ? super.postProcessAfterInitialization(bean, beanName) : bean;
    }
}
