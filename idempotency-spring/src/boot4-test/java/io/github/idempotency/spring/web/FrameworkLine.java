package io.github.idempotency.spring.web;

import io.github.idempotency.spring.json.Jackson3JsonCodec;
import io.github.idempotency.spring.json.JsonCodec;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests of idempotency-spring name that differs between the lines, on Spring Framework 7:
 * Jackson 3. idempotency-boot3-tests has a class of the same name for Spring Framework 6.2 and
 * Jackson 2.
 */
final class FrameworkLine {

    private FrameworkLine() {}

    /** The codec the application's JSON library gives. */
    static JsonCodec jsonCodec() {
        return new Jackson3JsonCodec(JsonMapper.shared());
    }

    /** A JSON object as maps, lists, strings, numbers and booleans. */
    static Map<String, Object> parseJson(byte[] json) {
        return JsonMapper.shared().readValue(json, new TypeReference<Map<String, Object>>() {});
    }
}
