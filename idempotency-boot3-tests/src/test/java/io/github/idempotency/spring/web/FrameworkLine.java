package io.github.idempotency.spring.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idempotency.spring.json.Jackson2JsonCodec;
import io.github.idempotency.spring.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What the tests of idempotency-spring name that differs between the lines, on Spring Framework 6.2:
 * Jackson 2. idempotency-spring has a class of the same name for Spring Framework 7 and Jackson 3.
 */
final class FrameworkLine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameworkLine() {}

    /** The codec the application's JSON library gives. */
    static JsonCodec jsonCodec() {
        return new Jackson2JsonCodec(JSON);
    }

    /** A JSON object as maps, lists, strings, numbers and booleans. */
    static Map<String, Object> parseJson(byte[] json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
