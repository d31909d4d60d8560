package io.github.idempotency.spring;

import java.lang.reflect.Method;
import java.util.List;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Tells message listener methods ({@code @RabbitListener}, {@code @RabbitHandler}, {@code
 * @KafkaListener}, {@code @KafkaHandler}) from other methods, by annotation name, so that neither
 * broker library needs to be on the class path.
 */
final class IdempotentListenerMethods {

    private static final List<String> LISTENER_ANNOTATIONS = List.of(
            "org.springframework.amqp.rabbit.annotation.RabbitListener",
            "org.springframework.amqp.rabbit.annotation.RabbitHandler",
            "org.springframework.kafka.annotation.KafkaListener",
            "org.springframework.kafka.annotation.KafkaHandler");

    private IdempotentListenerMethods() {}

    /** Whether the method is a message listener, declared on it directly or through a meta-annotation. */
    static boolean isListener(Method method) {
        MergedAnnotations annotations = MergedAnnotations.from(method);
        return LISTENER_ANNOTATIONS.stream().anyMatch(annotations::isPresent);
    }
}
