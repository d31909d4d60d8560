package io.github.idempotency.spring;

import io.github.idempotency.spring.json.JsonCodec;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
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
        HttpHeaders headers = new HttpHeaders();
        envelope.headers().forEach(headers::addAll);
        return ResponseEntity.status(envelope.status()).headers(headers).body(envelope.body());
    }

    /**
     * The allow-list of stored headers without the credential headers, looked up without regard to
     * case, so that a response's headers are read in one pass rather than once per allowed name.
     *
     * @param names the allowed names, in the order they are stored
     * @param positions each name's place in {@code names}, by its lower-case form
     */
    record StoredHeaders(List<String> names, Map<String, Integer> positions) {

        static StoredHeaders of(List<String> allowed) {
            List<String> names = new ArrayList<>();
            Map<String, Integer> positions = new HashMap<>();
            for (String name : allowed) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!CredentialHeaders.NAMES.contains(lower) && !positions.containsKey(lower)) {
                    positions.put(lower, names.size());
                    names.add(name);
                }
            }
            return new StoredHeaders(List.copyOf(names), Map.copyOf(positions));
        }

        /** The allowed headers that have values, named and ordered as in the allow-list. */
        Map<String, List<String>> select(HttpHeaders headers) {
            List<String>[] found = null;
            for (Map.Entry<String, List<String>> header : headers.headerSet()) {
                Integer position = positions.get(header.getKey().toLowerCase(Locale.ROOT));
                if (position == null || header.getValue().isEmpty()) {
                    continue;
                }
                if (found == null) {
                    @SuppressWarnings("unchecked")
                    List<String>[] lists = new List[names.size()];
                    found = lists;
                }
                List<String> values = found[position];
                if (values == null) {
                    found[position] = List.copyOf(header.getValue());
                } else {
                    List<String> merged = new ArrayList<>(values);
                    merged.addAll(header.getValue());
                    found[position] = List.copyOf(merged);
                }
            }
            if (found == null) {
                return Map.of();
            }
            Map<String, List<String>> selected = new LinkedHashMap<>();
            for (int i = 0; i < found.length; i++) {
                if (found[i] != null) {
                    selected.put(names.get(i), found[i]);
                }
            }
            return selected;
        }
    }
}
