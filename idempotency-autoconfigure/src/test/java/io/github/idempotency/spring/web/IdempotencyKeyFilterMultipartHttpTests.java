package io.github.idempotency.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Multipart uploads through the filter in a real servlet container, which parses the parts itself. */
@SpringBootTest(classes = IdempotencyKeyFilterMultipartHttpTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
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
    }
}
