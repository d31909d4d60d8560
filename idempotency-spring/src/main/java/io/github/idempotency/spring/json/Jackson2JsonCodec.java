package io.github.idempotency.spring.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JsonCodec} on a Jackson 2 {@link ObjectMapper}, the one Spring Boot 3.5 configures.
 * Jackson's checked exceptions are rethrown as {@link UncheckedIOException}.
 */
public final class Jackson2JsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    /**
     * Creates a codec on a mapper.
     *
     * @param mapper the application's mapper: stored results are written as it writes them
     */
    public Jackson2JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static JsonCodec withDefaultMapper() {
        return new Jackson2JsonCodec(new ObjectMapper().findAndRegisterModules());
    }

    @Override
    public byte[] write(@Nullable Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public Reader reader(Type type) {
        ObjectReader reader = mapper.readerFor(mapper.constructType(type));
        return json -> {
            try {
                return reader.readValue(json);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        };
    }
}
