package io.github.idempotency.spring;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.ObjectReader;
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
    private final Map<Type, Decoder> decoders = new ConcurrentHashMap<>();

    IdempotentResultCodec(JsonMapper mapper, List<String> storedHeaders) {
        this.mapper = mapper;
        this.storedHeaders = List.copyOf(storedHeaders);
    }

    byte[] encode(@Nullable Object value, Type returnType) {
        Decoder decoder = decoder(returnType);
        if (decoder == VOID) {
            return NO_BYTES;
        }
        if (decoder instanceof ResponseEntityDecoder) {
            return ResponseEntityEnvelope.encode(mapper, value, storedHeaders);
        }
        return mapper.writeValueAsBytes(value);
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
            return new ResponseEntityDecoder(ResponseEntityEnvelope.reader(mapper, returnType));
        }
        ObjectReader reader = mapper.readerFor(mapper.constructType(returnType));
        return reader::readValue;
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
    private record ResponseEntityDecoder(ObjectReader reader) implements Decoder {
        @Override
        public @Nullable Object decode(byte[] bytes) {
            return ResponseEntityEnvelope.decode(reader, bytes);
        }
    }
}
