package io.github.idempotency.test;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class LoopbackServersTest {

    private static final String REQUIRE_PROPERTY = "idempotency.require-servers";

    @Test
    void aReadyServerLetsTheTestRun() {
        assertThatNoException().isThrownBy(() -> LoopbackServers.require("Test cluster", "127.0.0.1:1-3", () -> true));
    }

    @Test
    void aServerThatIsNotReadySkipsTheTestNamingItUnlessServersAreRequired() {
        Class<? extends Throwable> expected =
                LoopbackServers.required() ? AssertionFailedError.class : TestAbortedException.class;

        assertThatThrownBy(() -> LoopbackServers.require("Test cluster", "127.0.0.1:1-3", () -> false))
                .isInstanceOf(expected)
                .hasMessageStartingWith("Test cluster is not running on 127.0.0.1:1-3");
    }

    @Test
    void aServerThatIsNotReadyFailsTheTestWhenServersAreRequired() {
        String before = System.getProperty(REQUIRE_PROPERTY);
        System.setProperty(REQUIRE_PROPERTY, "true");
        try {
            assertThatThrownBy(() -> LoopbackServers.require("Test cluster", "127.0.0.1:1-3", () -> false))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("servers are required");
        } finally {
            if (before == null) {
                System.clearProperty(REQUIRE_PROPERTY);
            } else {
                System.setProperty(REQUIRE_PROPERTY, before);
            }
        }
    }

    @Test
    void aPortAnswersOnlyWhileSomethingListensOnIt() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThatNoException().isThrownBy(() -> LoopbackServers.require("Test server", port));
        }
        assertThatThrownBy(() -> LoopbackServers.require("Test server", port))
                .hasMessageStartingWith("Test server is not running on 127.0.0.1:" + port);
    }
}
