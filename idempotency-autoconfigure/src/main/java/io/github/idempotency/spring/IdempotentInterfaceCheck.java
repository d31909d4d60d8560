package io.github.idempotency.spring;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Refuses, at startup, a bean that implements an interface method annotated {@code @Idempotent}
 * without carrying the annotation on its own method. The aspect sees only annotations of the bean's
 * class, so such a method would run unprotected, silently; the error names both methods and says to
 * annotate the implementation.
 */
public final class IdempotentInterfaceCheck implements BeanPostProcessor {

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
        for (Class<?> contract : ClassUtils.getAllInterfacesForClassAsSet(type)) {
            for (Method declared : contract.getDeclaredMethods()) {
                if (!declared.isAnnotationPresent(Idempotent.class)) {
                    continue;
                }
                Method implementation = ClassUtils.getMostSpecificMethod(declared, type);
                if (!implementation.isAnnotationPresent(Idempotent.class)) {
                    throw new IllegalStateException("@Idempotent on interface method " + describe(declared)
                            + " is not applied to " + describe(implementation) + " of bean '" + beanName
                            + "': the aspect sees only annotations on the implementation, so the method would"
                            + " run unprotected; put @Idempotent on " + describe(implementation) + " instead");
                }
            }
        }
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
