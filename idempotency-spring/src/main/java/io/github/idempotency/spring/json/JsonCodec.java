package io.github.idempotency.spring.json;

import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Writes values as JSON and reads them back as a given type: the results {@code @Idempotent} stores
 * and the problem details the filters write. One interface over the two Jackson generations: Jackson
 * 3 on Spring Framework 7 (Spring Boot 4), Jackson 2 on Spring Framework 6.2 (Spring Boot 3.5).
 *
 * <p>Implementations are thread-safe.
 */
public interface JsonCodec {

    /**
     * Writes a value as JSON.
     *
     * @param value the value, {@code null} for JSON {@code null}
     * @return the UTF-8 bytes
     * @throws java.io.UncheckedIOException or the mapper's own unchecked exception when the value
     *     cannot be written
     */
    byte[] write(@Nullable Object value);

    /**
     * Returns a reader of JSON as one type, built once and kept: resolving a type and finding its
     * deserializers costs more than reading a small value.
     *
     * @param type the type to read, generic parameters included
     * @return the reader
     */
    Reader reader(Type type);

    /** Reads JSON as the one type it was made for. */
    @FunctionalInterface
    interface Reader {

        /**
         * Reads a value.
         *
         * @param json the UTF-8 bytes
         * @return the value, {@code null} for JSON {@code null}
         */
        @Nullable
        Object read(byte[] json);
    }

    /**
     * Returns a codec on a default mapper of the Jackson found on the class path: Jackson 3 when
     * present, otherwise Jackson 2. Applications with their own mapper wrap it in {@link
     * Jackson3JsonCodec} or {@link Jackson2JsonCodec} instead.
     *
     * @return the codec
     * @throws IllegalStateException when neither Jackson 3 nor Jackson 2 is on the class path
     */
    static JsonCodec detect() {
        ClassLoader loader = JsonCodec.class.getClassLoader();
        if (ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", loader)) {
            return Jackson3JsonCodec.withDefaultMapper();
        }
        if (ClassUtils.isPresent("com.fasterxml.jackson.databind.ObjectMapper", loader)) {
            return Jackson2JsonCodec.withDefaultMapper();
        }
        throw new IllegalStateException("No JSON library for idempotency results: add tools.jackson.core:"
                + "jackson-databind (Jackson 3) or com.fasterxml.jackson.core:jackson-databind (Jackson 2)");
    }
}
