package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class RecordingResponseTests {

    private final MockHttpServletResponse client = new MockHttpServletResponse();

    @Test
    void holdsABodyWithinTheLimitUntilReleased() throws Exception {
        RecordingResponse response = new RecordingResponse(client, 10, status -> false);

        response.getOutputStream().write("0123456789".getBytes(StandardCharsets.US_ASCII));
        response.getOutputStream().flush();
        response.flushBuffer();

        assertThat(client.getContentAsByteArray()).isEmpty();
        assertThat(client.isCommitted()).isFalse();
        assertThat(response.body()).asString(StandardCharsets.US_ASCII).isEqualTo("0123456789");
        response.release();
        assertThat(client.getContentAsString()).isEqualTo("0123456789");
    }

    @Test
    void passesEverythingOnAndDropsTheRecordingPastTheLimit() throws Exception {
        RecordingResponse response = new RecordingResponse(client, 10, status -> false);

        response.getWriter().write("0123456789");
        response.getWriter().write("x".repeat(100_000));
        response.getWriter().flush();

        assertThat(client.getContentAsString()).hasSize(100_010).startsWith("0123456789x");
        assertThat(response.body()).isNull();
        assertThat(response.length()).isEqualTo(100_010);
        response.release();
        assertThat(client.getContentAsString()).hasSize(100_010);
    }

    @Test
    void aResetBufferForgetsWhatWasHeld() throws Exception {
        RecordingResponse response = new RecordingResponse(client, 10, status -> false);

        response.getOutputStream().write("draft".getBytes(StandardCharsets.US_ASCII));
        response.resetBuffer();
        response.getOutputStream().write("final".getBytes(StandardCharsets.US_ASCII));
        response.release();

        assertThat(client.getContentAsString()).isEqualTo("final");
        assertThat(response.length()).isEqualTo(5);
    }
}
