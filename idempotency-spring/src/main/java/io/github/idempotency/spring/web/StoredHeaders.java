package io.github.idempotency.spring.web;

import io.github.idempotency.spring.CredentialHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * The allow-list of stored headers without the credential headers, looked up without regard to
 * case, so that a response's headers are read in one pass rather than once per allowed name.
 * Used by {@code @Idempotent} for a {@code ResponseEntity} and by the WebFlux filter.
 */
public final class StoredHeaders {

    private final List<String> names;
    private final Map<String, Integer> positions;

    private StoredHeaders(List<String> names, Map<String, Integer> positions) {
        this.names = names;
        this.positions = positions;
    }

    /**
     * Builds the lookup of an allow-list.
     *
     * @param allowed the allowed names, in the order they are stored
     * @return the lookup
     */
    public static StoredHeaders of(List<String> allowed) {
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

    /**
     * Picks the allowed headers that have values, in one pass over the headers.
     *
     * @param headers the response's headers
     * @return the allowed headers with their values, named and ordered as in the allow-list
     */
    public Map<String, List<String>> select(HttpHeaders headers) {
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

    /**
     * The allowed names, credential headers left out.
     *
     * @return the names, in the order they are stored
     */
    public List<String> names() {
        return names;
    }
}
