package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyConfigurationException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Refuses, at startup, a bean with an {@code @Idempotent} method that the aspect would never see, so
 * that the method would run unprotected, silently:
 *
 * <ul>
 *   <li>an interface method annotated {@code @Idempotent} whose implementation does not carry the
 *       annotation (the aspect sees only annotations of the bean's class);
 *   <li>an annotated {@code final}, {@code static} or {@code private} method of the bean's class or
 *       its superclasses: Spring's proxies cannot intercept it.
 * </ul>
 *
 * The error is an {@link IdempotencyConfigurationException} that names the method and says what to
 * change.
 */
public final class IdempotentInterfaceCheck implements BeanPostProcessor {

    private final Map<Class<?>, Boolean> checked = new ConcurrentHashMap<>();

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        Class<?> type = ClassUtils.getUserClass(bean);
        if (checked.putIfAbsent(type, Boolean.TRUE) == null) {
            checkInterfaces(type, beanName);
            checkInterceptable(type, beanName);
        }
        return bean;
    }

    private static void checkInterfaces(Class<?> type, String beanName) {
        for (Class<?> contract : ClassUtils.getAllInterfacesForClassAsSet(type)) {
            for (Method declared : contract.getDeclaredMethods()) {
                if (!declared.isAnnotationPresent(Idempotent.class)) {
                    continue;
                }
                Method implementation = ClassUtils.getMostSpecificMethod(declared, type);
                if (!implementation.isAnnotationPresent(Idempotent.class)) {
                    throw new IdempotencyConfigurationException(
                            "@Idempotent on interface method " + describe(declared) + " is not applied to "
                                    + describe(implementation) + " of bean '" + beanName + "': the aspect sees only"
                                    + " annotations on the implementation, so the method would run unprotected.",
                            "Put @Idempotent on " + describe(implementation) + " instead.");
                }
            }
        }
    }

    private static void checkInterceptable(Class<?> type, String beanName) {
        ReflectionUtils.doWithMethods(
                type,
                method -> {
                    String modifier = Modifier.isStatic(method.getModifiers())
                            ? "static"
                            : Modifier.isPrivate(method.getModifiers()) ? "private" : "final";
                    throw new IdempotencyConfigurationException(
                            "@Idempotent on " + modifier + " method " + describe(method) + " of bean '" + beanName
                                    + "' has no effect: Spring's proxies cannot intercept a " + modifier
                                    + " method, so it would run unprotected.",
                            "Make " + describe(method) + " a public, non-final instance method, called through the"
                                    + " bean.");
                },
                method -> method.isAnnotationPresent(Idempotent.class)
                        && (method.getModifiers() & (Modifier.FINAL | Modifier.STATIC | Modifier.PRIVATE)) != 0);
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
