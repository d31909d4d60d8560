package io.github.idempotency.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.function.BooleanSupplier;
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
        require(name, "127.0.0.1:" + port, () -> answers(port));
    }

    /**
     * Skips or fails the calling test unless {@code available} says the server is ready: for a
     * server that an open port alone does not prove ready, such as a cluster of several nodes that
     * must also agree on their state.
     *
     * @param name the server's name, for the message
     * @param where where it is expected, for the message
     * @param available checks it; a check that cannot reach the server returns {@code false}
     */
    public static void require(String name, String where, BooleanSupplier available) {
        if (available.getAsBoolean()) {
            return;
        }
        String message = name + " is not running on " + where;
        if (required()) {
            Assertions.fail(message + ", and servers are required (IDEMPOTENCY_REQUIRE_SERVERS=true)");
        }
        Assumptions.abort(message + ": skipping the tests that need it (start it with .ci/start-services)");
    }

    /**
     * Returns whether something accepts connections on {@code 127.0.0.1:port} within half a second.
     *
     * @param port the port on loopback
     * @return {@code false} when the connection is refused or times out
     */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
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
}
