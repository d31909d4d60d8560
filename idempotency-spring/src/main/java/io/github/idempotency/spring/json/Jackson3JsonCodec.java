package io.github.idempotency.spring.json;

import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** A {@link JsonCodec} on a Jackson 3 {@link JsonMapper}, the one Spring Boot 4 configures. */
public final class Jackson3JsonCodec implements JsonCodec {

    private final JsonMapper mapper;

    /**
     * Creates a codec on a mapper.
     *
     * @param mapper the application's mapper: stored results are written as it writes them
     */
    public Jackson3JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    static JsonCodec withDefaultMapper() {
        return new Jackson3JsonCodec(new JsonMapper());
    }

    @Override
    public byte[] write(@Nullable Object value) {
        return mapper.writeValueAsBytes(value);
    }

    @Override
    public Reader reader(Type type) {
        ObjectReader reader = mapper.readerFor(mapper.constructType(type));
        return reader::readValue;
    }
}
