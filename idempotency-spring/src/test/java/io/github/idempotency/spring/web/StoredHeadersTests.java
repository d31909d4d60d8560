package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class StoredHeadersTests {

    private final StoredHeaders allowed =
            StoredHeaders.of(List.of("Location", "ETag", "Set-Cookie", "location", "X-Run"));

    @Test
    void keepsTheAllowedHeadersInTheAllowListsOrderAndSpelling() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("x-run", "7");
        headers.add("X-Auth-Token", "secret");
        headers.add("LOCATION", "/orders/1");
        headers.add("etag", "\"a\"");

        assertThat(allowed.select(headers))
                .containsExactly(
                        entry("Location", List.of("/orders/1")),
                        entry("ETag", List.of("\"a\"")),
                        entry("X-Run", List.of("7")));
    }

    @Test
    void neverKeepsCredentialHeadersEvenWhenAllowed() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Set-Cookie", "session=1");

        assertThat(allowed.names()).doesNotContain("Set-Cookie");
        assertThat(allowed.select(headers)).isEmpty();
    }

    @Test
    void keepsEveryValueOfARepeatedHeaderAndSkipsEmptyOnes() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("ETag", "\"a\"");
        headers.add("ETag", "\"b\"");
        headers.put("Location", List.of());

        assertThat(allowed.select(headers)).containsExactly(entry("ETag", List.of("\"a\"", "\"b\"")));
    }

    private static Map.Entry<String, List<String>> entry(String name, List<String> values) {
        return Map.entry(name, values);
    }
}
