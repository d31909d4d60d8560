package io.github.idempotency.sample.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.json.Jackson2JsonCodec;
import io.github.idempotency.spring.json.JsonCodec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContext;

/** The sample as it starts from a fresh clone, without a profile: the in-memory store. */
class MemoryBoot3SampleHttpTests extends AbstractBoot3SampleHttpTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void runsOnSpringBoot35WithJackson2AndTheMemoryStore() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        assertThat(context.getBean(JsonCodec.class)).isInstanceOf(Jackson2JsonCodec.class);
        assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(MemoryIdempotencyStore.class);
    }
}
