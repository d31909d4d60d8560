package io.github.idempotency.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code key-vectors.json}, the inputs and keys produced by the Go reference. */
final class KeyVectors {

    private KeyVectors() {}

    record Vector(
            String name,
            String op,
            String tenant,
            String scope,
            JsonNode input,
            String key,
            String error,
            String canonical) {}

    static List<Vector> all() {
        try (InputStream in = KeyVectors.class.getResourceAsStream("/key-vectors.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<Vector> vectors = new ArrayList<>();
            for (JsonNode v : root.get("vectors")) {
                vectors.add(new Vector(
                        v.get("name").asString(),
                        v.get("op").asString(),
                        text(v, "tenant"),
                        text(v, "scope"),
                        v.get("input"),
                        text(v, "key"),
                        text(v, "error"),
                        text(v, "canonical")));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Vector> withOp(String op) {
        return all().stream().filter(v -> v.op().equals(op)).toList();
    }

    private static String text(JsonNode v, String field) {
        JsonNode node = v.get(field);
        return node == null || node.isNull() ? "" : node.asString();
    }

    /** The exception class the reference's error name corresponds to. */
    static Class<? extends IdempotencyException> errorClass(String error) {
        return switch (error) {
            case "invalid_key" -> InvalidKeyException.class;
            case "invalid_scope" -> InvalidScopeException.class;
            case "input_too_big" -> InputTooBigException.class;
            default -> throw new IllegalArgumentException("unknown error in vectors: " + error);
        };
    }

    /** Turns a typed value ({@code {"int": "12"}}, ...) into the Java value to pass. */
    static Object value(JsonNode typed) {
        if (typed.has("float")) {
            // The bits are the value; the text is only for readers.
            return Double.longBitsToDouble(
                    Long.parseUnsignedLong(typed.get("bits").asString(), 16));
        }
        Map.Entry<String, JsonNode> only = typed.properties().iterator().next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "null" -> null;
            case "bool" -> v.asBoolean();
            case "str" -> v.asString();
            case "int" -> {
                BigInteger big = new BigInteger(v.asString());
                yield big.bitLength() < 64 ? (Object) big.longValueExact() : big;
            }
            case "float" ->
                Double.longBitsToDouble(Long.parseUnsignedLong(typed.get("bits").asString(), 16));
            case "bytes" -> HexFormat.of().parseHex(v.asString());
            case "list" -> {
                List<Object> list = new ArrayList<>();
                v.forEach(e -> list.add(value(e)));
                yield list;
            }
            case "map" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                v.properties().forEach(e -> map.put(e.getKey(), value(e.getValue())));
                yield map;
            }
            default -> throw new IllegalArgumentException("unknown typed value " + typed);
        };
    }
}
