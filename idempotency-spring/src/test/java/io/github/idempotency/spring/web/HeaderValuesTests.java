package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class HeaderValuesTests {

    @Test
    void readsEveryValueInOrderWhateverTheCaseOfTheName() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Idempotency-Key", "k1");
        headers.add("idempotency-key", "k2");
        headers.add("Location", "/orders/1");

        assertThat(HeaderValues.of(headers, "IDEMPOTENCY-KEY")).containsExactly("k1", "k2");
        assertThat(HeaderValues.of(headers, "location")).containsExactly("/orders/1");
    }

    @Test
    void isEmptyForAnAbsentHeader() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Location", "/orders/1");

        assertThat(HeaderValues.of(headers, "Idempotency-Key")).isEmpty();
        assertThat(HeaderValues.of(new HttpHeaders(), "Location")).isEmpty();
    }

    @Test
    void readsReadOnlyHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Content-Encoding", "gzip");

        assertThat(HeaderValues.of(HttpHeaders.readOnlyHttpHeaders(headers), "content-encoding"))
                .containsExactly("gzip");
    }
}
