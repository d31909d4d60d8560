package io.github.idempotency.autoconfigure;

import io.github.idempotency.spring.json.Jackson3JsonCodec;
import io.github.idempotency.spring.json.JsonCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link JsonCodec} that stores {@code @Idempotent} results and writes problem details: Jackson 3
 * through the application's {@link JsonMapper}, so results are written as the application's
 * controllers write them. Declare a {@code JsonCodec} bean to use another.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        before = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(JsonMapper.class)
public final class IdempotencyJsonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JsonCodec idempotencyJsonCodec(ObjectProvider<JsonMapper> jsonMapper) {
        return new Jackson3JsonCodec(jsonMapper.getIfAvailable(JsonMapper::new));
    }
}
