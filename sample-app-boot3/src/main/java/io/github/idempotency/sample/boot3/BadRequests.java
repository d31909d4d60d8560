package io.github.idempotency.sample.boot3;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Refuses an invalid request body with {@code 400}, before anything is charged or refunded. */
final class BadRequests {

    private BadRequests() {}

    /**
     * Answers {@code 400} with {@code message} unless {@code valid}.
     *
     * @param valid whether the request passes this check
     * @param message what is wrong otherwise
     */
    static void check(boolean valid, String message) {
        if (!valid) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
        }
    }
}
