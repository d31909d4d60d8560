package io.github.idempotency.spring.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
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
import org.springframework.web.bind.annotation.RestController;

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

    @PostMapping("/slow")
    String slow() throws InterruptedException {
        int n = executions.incrementAndGet();
        slowEntered.release();
        if (!slowRelease.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        return "slow " + n;
    }

    @PostMapping("/async")
    Callable<ResponseEntity<String>> async() {
        return () -> ResponseEntity.status(HttpStatus.ACCEPTED).body("async " + executions.incrementAndGet());
    }
}
