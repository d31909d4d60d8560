package io.github.idempotency.spring.messaging;

import io.github.idempotency.spring.Idempotent;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Refuses, at startup, {@code @Idempotent} on a Kafka batch listener: one key for a whole batch
 * would replay a batch whose records differ on redelivery, and skip records that only a later batch
 * brings. A batch listener is one whose {@code @KafkaListener} says {@code batch = "true"} or whose
 * first parameter is a collection or {@link ConsumerRecords}. Make each record idempotent instead:
 * a record listener, or an {@code @Idempotent} method of another bean called once per record.
 */
public final class IdempotentKafkaBatchListenerCheck implements BeanPostProcessor {

    private final Map<Class<?>, Boolean> checked = new ConcurrentHashMap<>();

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        Class<?> type = ClassUtils.getUserClass(bean);
        if (checked.putIfAbsent(type, Boolean.TRUE) == null) {
            ReflectionUtils.doWithMethods(
                    type, method -> check(method, beanName), IdempotentKafkaBatchListenerCheck::idempotentListener);
        }
        return bean;
    }

    private static boolean idempotentListener(Method method) {
        return method.isAnnotationPresent(Idempotent.class)
                && AnnotatedElementUtils.hasAnnotation(method, KafkaListener.class);
    }

    private static void check(Method method, String beanName) {
        KafkaListener listener = AnnotatedElementUtils.findMergedAnnotation(method, KafkaListener.class);
        Class<?>[] parameters = method.getParameterTypes();
        boolean batch =
                (listener != null && "true".equalsIgnoreCase(listener.batch().trim()))
                        || (parameters.length > 0
                                && (Collection.class.isAssignableFrom(parameters[0])
                                        || ConsumerRecords.class.isAssignableFrom(parameters[0])));
        if (batch) {
            throw new IllegalStateException("@Idempotent on batch listener "
                    + method.getDeclaringClass().getName()
                    + "." + method.getName() + " of bean '" + beanName + "' is not supported: one key cannot stand"
                    + " for a batch whose records may differ on redelivery; listen to single records, or call"
                    + " an @Idempotent method of another bean once per record");
        }
    }
}
