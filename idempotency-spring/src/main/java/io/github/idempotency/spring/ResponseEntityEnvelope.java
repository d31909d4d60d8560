package io.github.idempotency.spring;

import io.github.idempotency.spring.json.JsonCodec;
import io.github.idempotency.spring.web.StoredHeaders;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.ResponseEntity;

/**
 * The stored form of a {@code ResponseEntity}: status, headers and body. Only the headers of an
 * allow-list ({@code idempotency.web.stored-headers}, the one the {@code Idempotency-Key} filter
 * uses) are stored, and never those that carry credentials ({@link CredentialHeaders}): any other
 * header, such as {@code X-Auth-Token}, reaches only the first caller. Loaded only when Spring Web is
 * on the class path.
 *
 * @param status the HTTP status code
 * @param headers the allowed headers, in order
 * @param body the body, {@code null} for none; written and read straight as the declared body type,
 *     with no JSON tree in between
 * @param <B> the body type
 */
record ResponseEntityEnvelope<B>(
        int status,
        Map<String, List<String>> headers,
        @Nullable B body) {

    static boolean isResponseEntity(Type type) {
        return ResponseEntity.class.isAssignableFrom(
                ResolvableType.forType(type).resolve(Object.class));
    }

    static byte[] encode(JsonCodec json, @Nullable Object value, StoredHeaders storedHeaders) {
        if (value == null) {
            return json.write(null);
        }
        ResponseEntity<?> entity = (ResponseEntity<?>) value;
        return json.write(new ResponseEntityEnvelope<>(
                entity.getStatusCode().value(), storedHeaders.select(entity.getHeaders()), entity.getBody()));
    }

    /**
     * Returns a reader of stored envelopes whose body is read as the body type the method declares
     * ({@code Object} when it declares none). Built once per return type: resolving the type and
     * finding the deserializers costs more than reading a small body.
     */
    static JsonCodec.Reader reader(JsonCodec json, Type returnType) {
        ResolvableType declaredBody =
                ResolvableType.forType(returnType).as(ResponseEntity.class).getGeneric(0);
        ResolvableType body =
                declaredBody == ResolvableType.NONE ? ResolvableType.forClass(Object.class) : declaredBody;
        return json.reader(ResolvableType.forClassWithGenerics(ResponseEntityEnvelope.class, body)
                .getType());
    }

    static @Nullable ResponseEntity<?> decode(JsonCodec.Reader reader, byte[] bytes) {
        ResponseEntityEnvelope<?> envelope = (ResponseEntityEnvelope<?>) reader.read(bytes);
        if (envelope == null) {
            return null;
        }
        // straight into the builder's headers: a header map of our own would be copied into them again
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(envelope.status());
        envelope.headers().forEach((name, values) -> builder.header(name, values.toArray(String[]::new)));
        return builder.body(envelope.body());
    }
}
