package io.github.idempotency.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

class IdempotencyEndpointTests {

    private final MemoryIdempotencyStore store = new MemoryIdempotencyStore();

    private final IdempotencyEndpoint endpoint = new IdempotencyEndpoint(store);

    @Test
    void describesACompletedRecordBySizeAndHashWithoutItsBytes() {
        String key = key("order-1");
        String owner = store.tryBegin(key, Duration.ofSeconds(30)).ownerToken();
        IdempotencyRecord stored =
                store.complete(key, owner, "{\"paid\":true}".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1));

        IdempotencyRecordDescriptor descriptor = endpoint.record(key);

        assertThat(descriptor).isNotNull();
        assertThat(descriptor.key()).isEqualTo(key);
        assertThat(descriptor.state()).isEqualTo("complete");
        assertThat(descriptor.resultSize()).isEqualTo(13);
        assertThat(descriptor.resultHash()).isEqualTo(stored.resultHash()).hasSize(64);
        assertThat(descriptor.createdAt()).isEqualTo(stored.createdAt());
        assertThat(descriptor.updatedAt()).isEqualTo(stored.updatedAt());
        assertThat(descriptor.expiresAt()).isEqualTo(stored.expiresAt());
        assertThat(descriptor.errorCode()).isNull();
        assertThat(IdempotencyRecordDescriptor.class.getRecordComponents())
                .noneMatch(component -> component.getType() == byte[].class)
                .noneMatch(component -> component.getName().contains("owner"));
    }

    @Test
    void describesAFailureByCodeAndMessage() {
        String key = key("order-2");
        String owner = store.tryBegin(key, Duration.ofSeconds(30)).ownerToken();
        store.fail(key, owner, "declined", "card declined", Duration.ofHours(1));

        IdempotencyRecordDescriptor descriptor = endpoint.record(key);

        assertThat(descriptor).isNotNull();
        assertThat(descriptor.state()).isEqualTo("failed");
        assertThat(descriptor.errorCode()).isEqualTo("declined");
        assertThat(descriptor.errorMessage()).isEqualTo("card declined");
        assertThat(descriptor.resultSize()).isNull();
        assertThat(descriptor.resultHash()).isNull();
    }

    @Test
    void answersNothingForAnAbsentKey() {
        assertThat(endpoint.record(key("never-seen"))).isNull();
    }

    @Test
    void evictsARecordWhateverItsState() {
        String key = key("order-3");
        store.tryBegin(key, Duration.ofSeconds(30));

        assertThat(endpoint.evict(key)).containsEntry("evicted", key);
        assertThat(endpoint.evict(key)).containsEntry("evicted", key);

        assertThat(store.get(key)).isEmpty();
        assertThat(endpoint.record(key)).isNull();
    }

    @Test
    void refusesAnInvalidKeyAsABadRequest() {
        assertThatThrownBy(() -> endpoint.record("v1:acme:payments:not-a-hash"))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessageContaining("not-a-hash");
        assertThatThrownBy(() -> endpoint.evict("order-1"))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .satisfies(ex -> assertThat(((InvalidEndpointRequestException) ex).getReason())
                        .isNotBlank());
    }

    private static String key(String input) {
        return IdempotencyKeys.buildKey("acme", "payments", input);
    }
}
