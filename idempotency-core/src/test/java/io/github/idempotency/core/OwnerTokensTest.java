package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OwnerTokensTest {

    @Test
    void tokensAreThirtyTwoLowerCaseHexCharacters() {
        assertThat(OwnerTokens.newToken()).hasSize(OwnerTokens.TOKEN_LENGTH).matches("[0-9a-f]{32}");
    }

    @Test
    void tokensNeverRepeatAcrossThreadsOrBufferRefills() {
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        int perThread = 20_000;
        IntStream.range(0, 4).parallel().forEach(thread -> {
            for (int i = 0; i < perThread; i++) {
                tokens.add(OwnerTokens.newToken());
            }
        });
        assertThat(tokens).hasSize(4 * perThread);
    }

    @Test
    void everyHexDigitTurnsUpInEveryPosition() {
        boolean[][] seen = new boolean[OwnerTokens.TOKEN_LENGTH][16];
        for (int i = 0; i < 2_000; i++) {
            String token = OwnerTokens.newToken();
            for (int p = 0; p < token.length(); p++) {
                seen[p][Character.digit(token.charAt(p), 16)] = true;
            }
        }
        for (boolean[] position : seen) {
            assertThat(position).containsOnly(true);
        }
    }
}
