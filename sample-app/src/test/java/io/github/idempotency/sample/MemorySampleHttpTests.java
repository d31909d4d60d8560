package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The sample as it starts from a fresh clone, without a profile: the in-memory store. */
class MemorySampleHttpTests extends AbstractSampleHttpTests {

    @Autowired
    private ApplicationContext context;

    @Override
    String storeName() {
        return "memory";
    }

    @Test
    void connectsToNoServerWithoutAProfile() {
        assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
        assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
    }
}
