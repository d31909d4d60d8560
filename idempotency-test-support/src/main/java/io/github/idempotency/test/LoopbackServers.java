package io.github.idempotency.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether a test that needs a real server on loopback runs. When the server does not
 * answer, the test is skipped with a message that says so, unless servers are required (the
 * environment variable {@code IDEMPOTENCY_REQUIRE_SERVERS=true} or the system property {@code
 * idempotency.require-servers=true}, as CI sets): then the test fails, so no test hides.
 */
public final class LoopbackServers {

    private LoopbackServers() {}

    /**
     * Skips or fails the calling test unless a server listens on {@code 127.0.0.1:port}.
     *
     * @param name the server's name, for the message
     * @param port its port on loopback
     */
    public static void require(String name, int port) {
        if (answers(port)) {
            return;
        }
        String message = name + " is not running on 127.0.0.1:" + port;
        if (required()) {
            Assertions.fail(message + ", and servers are required (IDEMPOTENCY_REQUIRE_SERVERS=true)");
        }
        Assumptions.abort(message + ": skipping the tests that need it (start it with .ci/start-services)");
    }

    /**
     * Returns whether tests must fail instead of skipping when a server is missing.
     *
     * @return {@code true} in CI
     */
    public static boolean required() {
        String env = System.getenv("IDEMPOTENCY_REQUIRE_SERVERS");
        String property = System.getProperty("idempotency.require-servers");
        return "true".equals(env == null ? null : env.toLowerCase(Locale.ROOT)) || "true".equals(property);
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
