package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyRecordTest {

    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final byte[] RESULT = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final String ABC_SHA_256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void computesTheResultHashWhenTheStoreKeptNone() {
        assertThat(complete(null).resultHash()).isEqualTo(ABC_SHA_256);
    }

    @Test
    void returnsTheStoredResultHashAsKept() {
        assertThat(complete("kept").resultHash()).isEqualTo("kept");
    }

    @Test
    void hasNoResultHashWithoutAResult() {
        IdempotencyRecord failed =
                new IdempotencyRecord("k", RecordState.FAILED, null, AT, AT, AT, null, null, "E", "m");

        assertThat(failed.resultHash()).isNull();
    }

    @Test
    void aRecordWithAComputedHashEqualsOneWithTheSameHashStored() {
        IdempotencyRecord computed = complete(null);
        IdempotencyRecord stored = complete(ABC_SHA_256);

        assertThat(computed).isEqualTo(stored).hasSameHashCodeAs(stored);
        assertThat(computed).isNotEqualTo(complete("0".repeat(64)));
    }

    private static IdempotencyRecord complete(String resultHash) {
        return new IdempotencyRecord("k", RecordState.COMPLETE, null, AT, AT, AT, RESULT, resultHash, null, null);
    }
}
