package io.github.idempotency.spring;

import java.lang.reflect.Type;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a method's return value into the bytes a store keeps, and back into a value of the
 * method's declared generic return type. {@code void} is stored as no bytes; everything else as
 * JSON written by the application's mapper; a {@code ResponseEntity} as a JSON envelope of status,
 * the allowed headers and body.
 */
final class IdempotentResultCodec {

    private static final boolean RESPONSE_ENTITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.http.ResponseEntity", IdempotentResultCodec.class.getClassLoader());

    private static final byte[] NO_BYTES = new byte[0];

    private final JsonMapper mapper;
    private final List<String> storedHeaders;

    IdempotentResultCodec(JsonMapper mapper, List<String> storedHeaders) {
        this.mapper = mapper;
        this.storedHeaders = List.copyOf(storedHeaders);
    }

    byte[] encode(@Nullable Object value, Type returnType) {
        if (isVoid(returnType)) {
            return NO_BYTES;
        }
        if (RESPONSE_ENTITY_PRESENT && ResponseEntityEnvelope.isResponseEntity(returnType)) {
            return ResponseEntityEnvelope.encode(mapper, value, storedHeaders);
        }
        return mapper.writeValueAsBytes(value);
    }

    @Nullable
    Object decode(byte[] bytes, Type returnType) {
        if (isVoid(returnType)) {
            return null;
        }
        if (RESPONSE_ENTITY_PRESENT && ResponseEntityEnvelope.isResponseEntity(returnType)) {
            return ResponseEntityEnvelope.decode(mapper, bytes, returnType);
        }
        JavaType type = mapper.constructType(returnType);
        return mapper.readValue(bytes, type);
    }

    private static boolean isVoid(Type returnType) {
        Class<?> raw = ResolvableType.forType(returnType).resolve(Object.class);
        return raw == void.class || raw == Void.class;
    }
}
