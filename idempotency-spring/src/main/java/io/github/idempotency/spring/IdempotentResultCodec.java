package io.github.idempotency.spring;

import io.github.idempotency.spring.json.JsonCodec;
import io.github.idempotency.spring.web.StoredHeaders;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Turns a method's return value into the bytes a store keeps, and back into a value of the
 * method's declared generic return type. {@code void} is stored as no bytes; everything else as
 * JSON written by the application's mapper through a {@link JsonCodec}; a {@code ResponseEntity} as a JSON envelope of status,
 * the allowed headers and body.
 */
final class IdempotentResultCodec {

    private static final boolean RESPONSE_ENTITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.http.ResponseEntity", IdempotentResultCodec.class.getClassLoader());

    private static final byte[] NO_BYTES = new byte[0];

    private final JsonCodec json;
    private final List<String> storedHeaders;
    private final Map<Type, Decoder> decoders = new ConcurrentHashMap<>();

    IdempotentResultCodec(JsonCodec json, List<String> storedHeaders) {
        this.json = json;
        this.storedHeaders = List.copyOf(storedHeaders);
    }

    byte[] encode(@Nullable Object value, Type returnType) {
        Decoder decoder = decoder(returnType);
        if (decoder == VOID) {
            return NO_BYTES;
        }
        if (decoder instanceof ResponseEntityDecoder entity) {
            return ResponseEntityEnvelope.encode(json, value, entity.storedHeaders());
        }
        return json.write(value);
    }

    @Nullable
    Object decode(byte[] bytes, Type returnType) {
        return decoder(returnType).decode(bytes);
    }

    /** What a return type is read with, worked out on its first use and kept: methods are few. */
    private Decoder decoder(Type returnType) {
        Decoder decoder = decoders.get(returnType);
        return decoder != null ? decoder : decoders.computeIfAbsent(returnType, this::newDecoder);
    }

    private Decoder newDecoder(Type returnType) {
        if (isVoid(returnType)) {
            return VOID;
        }
        if (RESPONSE_ENTITY_PRESENT && ResponseEntityEnvelope.isResponseEntity(returnType)) {
            return new ResponseEntityDecoder(
                    ResponseEntityEnvelope.reader(json, returnType), StoredHeaders.of(storedHeaders));
        }
        JsonCodec.Reader reader = json.reader(returnType);
        return reader::read;
    }

    private static boolean isVoid(Type returnType) {
        Class<?> raw = ResolvableType.forType(returnType).resolve(Object.class);
        return raw == void.class || raw == Void.class;
    }

    /** Reads stored bytes as one return type. */
    private interface Decoder {
        @Nullable
        Object decode(byte[] bytes);
    }

    private static final Decoder VOID = bytes -> null;

    /** Loaded only when a method returns a {@code ResponseEntity}, so Spring Web stays optional. */
    private record ResponseEntityDecoder(JsonCodec.Reader reader, StoredHeaders storedHeaders) implements Decoder {
        @Override
        public @Nullable Object decode(byte[] bytes) {
            return ResponseEntityEnvelope.decode(reader, bytes);
        }
    }
}
