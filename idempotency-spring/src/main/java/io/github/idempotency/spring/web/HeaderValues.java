package io.github.idempotency.spring.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * Reads every value of one header from {@link HttpHeaders} on Spring Framework 6.2 and 7 alike.
 * {@code HttpHeaders.get} and {@code getOrEmpty} take a {@code String} on 7 and an {@code Object} on
 * 6.2 (where {@code HttpHeaders} is a {@code MultiValueMap}), so code built against one fails with
 * {@link NoSuchMethodError} on the other; {@link HttpHeaders#headerSet()} is the same on both.
 */
public final class HeaderValues {

    private HeaderValues() {}

    /**
     * Returns the values of the header, its name compared without regard to case.
     *
     * @param headers the headers
     * @param name the header's name
     * @return its values in order, empty when it is absent
     */
    public static List<String> of(HttpHeaders headers, String name) {
        List<String> values = List.of();
        for (Map.Entry<String, List<String>> header : headers.headerSet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                if (values.isEmpty()) {
                    values = header.getValue();
                } else {
                    values = new ArrayList<>(values);
                    values.addAll(header.getValue());
                }
            }
        }
        return values;
    }
}
