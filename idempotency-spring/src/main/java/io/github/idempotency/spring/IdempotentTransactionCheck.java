package io.github.idempotency.spring;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Refuses, at startup, an {@code @Idempotent} method with an asynchronous return type ({@code
 * CompletableFuture}, {@code Mono}) that is also {@code @Transactional}, on the method or its class.
 * Such a transaction commits when the method returns its future, before the value arrives, so the
 * record could follow neither the transaction nor the work; the error says to split the method.
 * Loaded only when spring-tx is on the class path.
 */
public final class IdempotentTransactionCheck implements BeanPostProcessor {

    private static final String MONO = "reactor.core.publisher.Mono";

    private final Map<Class<?>, Boolean> checked = new ConcurrentHashMap<>();

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        Class<?> type = ClassUtils.getUserClass(bean);
        if (checked.putIfAbsent(type, Boolean.TRUE) == null) {
            check(type, beanName);
        }
        return bean;
    }

    private static void check(Class<?> type, String beanName) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            if (!method.isAnnotationPresent(Idempotent.class)) {
                continue;
            }
            Class<?> returnType = method.getReturnType();
            boolean asynchronous = CompletionStage.class.isAssignableFrom(returnType)
                    || returnType.getName().equals(MONO);
            if (asynchronous
                    && (AnnotatedElementUtils.hasAnnotation(method, Transactional.class)
                            || AnnotatedElementUtils.hasAnnotation(type, Transactional.class))) {
                throw new IllegalStateException("@Idempotent method " + type.getName() + "." + method.getName()
                        + " of bean '" + beanName + "' returns "
                        + method.getReturnType().getSimpleName()
                        + " and is @Transactional: the transaction commits when the method returns, before its"
                        + " value arrives, so the idempotency record cannot follow it; keep the transaction in a"
                        + " synchronous method (see docs/EXACTLY-ONCE.md)");
            }
        }
    }
}
