package io.github.idempotency.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idempotency.spring.json.Jackson2JsonCodec;
import io.github.idempotency.spring.json.JsonCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link JsonCodec} that stores {@code @Idempotent} results and writes problem details: Jackson 2
 * through the application's {@link ObjectMapper}, so results are written as the application's
 * controllers write them. Declare a {@code JsonCodec} bean to use another.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
        before = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(ObjectMapper.class)
public final class IdempotencyJsonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JsonCodec idempotencyJsonCodec(ObjectProvider<ObjectMapper> objectMapper) {
        return new Jackson2JsonCodec(objectMapper.getIfAvailable(() -> new ObjectMapper().findAndRegisterModules()));
    }
}
