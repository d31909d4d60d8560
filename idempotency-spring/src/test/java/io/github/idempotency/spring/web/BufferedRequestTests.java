package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class BufferedRequestTests {

    private static final String BODY = "{\"item\":\"book\",\"quantity\":1}";

    private static MockHttpServletRequest post(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/orders");
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    /** A request whose declared length says otherwise than its body, as a wrapper that changed the body may leave it. */
    private static HttpServletRequest declaring(long length, HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public long getContentLengthLong() {
                return length;
            }

            @Override
            public int getContentLength() {
                return (int) length;
            }
        };
    }

    private static String bodyOf(BufferedRequest request) throws Exception {
        return new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsReadWholeAndFingerprintedWhole() throws Exception {
        BufferedRequest declaredShort = BufferedRequest.read(declaring(5, post(BODY)), 1024);
        BufferedRequest declaredRight = BufferedRequest.read(post(BODY), 1024);

        assertThat(declaredShort).isNotNull();
        assertThat(bodyOf(declaredShort)).isEqualTo(BODY);
        assertThat(declaredShort.fingerprint()).isEqualTo(declaredRight.fingerprint());
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhateverItsDeclaredLengthSays() throws Exception {
        String large = "x".repeat(300_000);

        assertThat(BufferedRequest.read(declaring(10, post(large)), 200_000)).isNull();
        assertThat(BufferedRequest.read(declaring(-1, post(large)), 200_000)).isNull();
        assertThat(BufferedRequest.read(post(large), 300_000)).isNotNull();
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthIsWhatArrived() throws Exception {
        BufferedRequest declaredLong = BufferedRequest.read(declaring(1_000_000, post(BODY)), 2_000_000);

        assertThat(declaredLong).isNotNull();
        assertThat(bodyOf(declaredLong)).isEqualTo(BODY);
    }
}
