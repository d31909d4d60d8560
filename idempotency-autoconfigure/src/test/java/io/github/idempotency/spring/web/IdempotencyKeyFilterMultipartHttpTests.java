package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Multipart uploads and unreadable bodies through the filter in a real servlet container, which parses
 * the parts itself.
 */
@SpringBootTest(
        classes = IdempotencyKeyFilterMultipartHttpTests.App.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "server.tomcat.connection-timeout=1s")
class IdempotencyKeyFilterMultipartHttpTests {

    private static final String BOUNDARY = "----idempotency-boundary";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Test
    void theHandlerReadsThePartsAndARepeatIsReplayed() throws Exception {
        HttpResponse<String> unprotected = upload(null, "hello");
        HttpResponse<String> first = upload("upload-1", "hello");
        HttpResponse<String> replay = upload("upload-1", "hello");
        HttpResponse<String> otherFile = upload("upload-1", "other");

        assertThat(unprotected.statusCode()).isEqualTo(200);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).endsWith(": a.txt hello, note gift");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(otherFile.statusCode()).isEqualTo(422);
        assertThat(Uploads.executions).hasValue(2);
    }

    @Test
    void aMalformedMultipartBodyIsA400Problem() throws Exception {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "\r\nno closing boundary";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/uploads"))
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .header("Idempotency-Key", "malformed-1")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("unreadable-body");
    }

    @Test
    void aStalledBodyGetsTheStatusItGetsWithoutTheFilter() throws Exception {
        int withoutKey = stalledStatus(null);
        int withKey = stalledStatus("stalled-1");

        assertThat(withKey).isEqualTo(withoutKey).isBetween(400, 499);
    }

    /** Declares ten bytes, sends three and waits for the server's answer. */
    private int stalledStatus(String key) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String head = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 10\r\nConnection: close\r\n"
                    + (key != null ? "Idempotency-Key: " + key + "\r\n" : "") + "\r\nabc";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private HttpResponse<String> upload(String key, String content) throws IOException, InterruptedException {
        String body = String.join(
                "\r\n",
                List.of(
                        "--" + BOUNDARY,
                        "Content-Disposition: form-data; name=\"note\"",
                        "",
                        "gift",
                        "--" + BOUNDARY,
                        "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"",
                        "Content-Type: text/plain",
                        "",
                        content,
                        "--" + BOUNDARY + "--",
                        ""));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/uploads"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Uploads.class)
    static class App {}

    @RestController
    static class Uploads {

        static final AtomicInteger executions = new AtomicInteger();

        @PostMapping("/uploads")
        String upload(@RequestParam("file") MultipartFile file, @RequestParam("note") String note) throws IOException {
            return "upload " + executions.incrementAndGet() + ": " + file.getOriginalFilename() + " "
                    + new String(file.getBytes(), StandardCharsets.UTF_8) + ", note " + note;
        }

        @PostMapping("/echo")
        String echo(@RequestBody String body) {
            return body;
        }
    }
}
