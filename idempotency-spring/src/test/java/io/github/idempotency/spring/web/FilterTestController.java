package io.github.idempotency.spring.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/** Handlers that count their executions, for the filter's tests. */
@RestController
class FilterTestController {

    final AtomicInteger executions = new AtomicInteger();
    final Semaphore slowEntered = new Semaphore(0);
    final CountDownLatch slowRelease = new CountDownLatch(1);

    @PostMapping("/orders")
    ResponseEntity<String> create(@RequestBody(required = false) String body, HttpServletResponse response) {
        int n = executions.incrementAndGet();
        response.addCookie(new Cookie("session", "secret-" + n));
        return ResponseEntity.created(URI.create("/orders/" + n))
                .eTag("\"v" + n + "\"")
                .header("X-Internal-Trace", "trace-" + n)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"execution\":" + n + ",\"received\":\"" + body + "\"}");
    }

    @GetMapping("/orders")
    String list() {
        return "executions=" + executions.incrementAndGet();
    }

    @PostMapping("/status")
    ResponseEntity<String> status(@RequestParam("code") int code) {
        int n = executions.incrementAndGet();
        return ResponseEntity.status(code).body("attempt " + n);
    }

    @PostMapping("/payments/declined")
    String declined() {
        executions.incrementAndGet();
        throw new PaymentDeclinedException();
    }

    @PostMapping("/payments/refused")
    String refused(@RequestParam("code") int code) {
        executions.incrementAndGet();
        throw new ResponseStatusException(HttpStatus.valueOf(code), "card declined");
    }

    @ResponseStatus(HttpStatus.PAYMENT_REQUIRED)
    static final class PaymentDeclinedException extends RuntimeException {}

    @PostMapping("/throw")
    String fail() {
        executions.incrementAndGet();
        throw new IllegalStateException("handler failed");
    }

    @PostMapping("/large")
    String large(@RequestParam("size") int size) {
        executions.incrementAndGet();
        return "x".repeat(size);
    }

    /** Whether the response had reached the client while the handler still ran. */
    volatile boolean committedWhileRunning;

    @PostMapping("/busy")
    ResponseEntity<String> busy() {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", "7")
                .body("busy " + executions.incrementAndGet());
    }

    @PostMapping("/stream")
    void stream(@RequestParam("size") int size, HttpServletResponse response) throws IOException {
        executions.incrementAndGet();
        response.setContentType("text/plain");
        response.getOutputStream().write("x".repeat(size).getBytes(StandardCharsets.US_ASCII));
        response.getOutputStream().flush();
        committedWhileRunning = response.isCommitted();
        response.getOutputStream().write('!');
    }

    @PostMapping("/events")
    void events(HttpServletResponse response) throws IOException {
        int n = executions.incrementAndGet();
        response.setContentType("text/event-stream");
        response.getWriter().write("data: event " + n + "\n\n");
        response.flushBuffer();
        committedWhileRunning = response.isCommitted();
    }

    @PostMapping("/slow")
    String slow() throws InterruptedException {
        int n = executions.incrementAndGet();
        slowEntered.release();
        if (!slowRelease.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        return "slow " + n;
    }

    @PostMapping("/uploads")
    String upload(@RequestParam("file") MultipartFile file) throws IOException {
        return "upload " + executions.incrementAndGet() + ": " + file.getOriginalFilename() + " "
                + new String(file.getBytes(), StandardCharsets.UTF_8);
    }

    @PostMapping("/async")
    Callable<ResponseEntity<String>> async() {
        return () -> ResponseEntity.status(HttpStatus.ACCEPTED).body("async " + executions.incrementAndGet());
    }
}
