package io.github.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.RecordState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * The whole store contract on a real three-master Redis Cluster, through Spring Data Redis's cluster
 * connection: each script's keys lie in one slot, so every call runs on the master that owns it.
 */
class RedisClusterIdempotencyStoreContractTest extends RedisIdempotencyStoreContractTest {

    @Override
    LettuceConnectionFactory connect() {
        TestRedisCluster.require();
        return TestRedisCluster.connectionFactory("idempotency-cluster-contract");
    }

    @Test
    void recordsSpreadOverEveryMasterAndEachAnswersForItsOwn() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = newKey();
            keys.add(key);
            BeginResult begin = store.tryBegin(key, LONG_LEASE);
            assertThat(begin.outcome()).isEqualTo(Outcome.ACQUIRED);
            store.complete(key, begin.ownerToken(), ("result " + i).getBytes(StandardCharsets.UTF_8), RETENTION);
        }

        Map<String, Long> recordsPerMaster = recordsPerMaster();
        assertThat(recordsPerMaster).hasSize(TestRedisCluster.PORTS.size());
        assertThat(recordsPerMaster.values())
                .allSatisfy(count -> assertThat(count).isPositive());
        for (int i = 0; i < keys.size(); i++) {
            IdempotencyRecord record = store.get(keys.get(i)).orElseThrow();
            assertThat(record.state()).isEqualTo(RecordState.COMPLETE);
            assertThat(new String(record.result(), StandardCharsets.UTF_8)).isEqualTo("result " + i);
            assertThat(store.tryBegin(keys.get(i), Duration.ZERO).outcome()).isEqualTo(Outcome.REPLAY);
        }
    }

    /** How many of this test's records each master holds, found by scanning each master alone. */
    private Map<String, Long> recordsPerMaster() {
        ScanOptions options =
                ScanOptions.scanOptions().match(prefix + "*").count(1000).build();
        try (RedisClusterConnection connection = connectionFactory().getClusterConnection()) {
            return TestRedisCluster.masters(connectionFactory()).stream()
                    .collect(Collectors.toMap(RedisClusterNode::asString, master -> {
                        try (Cursor<byte[]> cursor = connection.scan(master, options)) {
                            return cursor.stream().count();
                        }
                    }));
        }
    }
}
