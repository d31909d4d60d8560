package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.test.LoopbackServers;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The sample's {@code redis-cluster} profile: the three-master Redis Cluster on 127.0.0.1:7001-7003,
 * with the topology refresh docs/REDIS.md shows, as Spring Boot turns it into Lettuce's options.
 */
@ActiveProfiles("redis-cluster")
@TestPropertySource(properties = {"idempotency.store.redis.key-prefix=sample-app-test:", "idempotency.retention=2m"})
class RedisClusterSampleHttpTests extends AbstractSampleHttpTests {

    private static final List<Integer> PORTS = List.of(7001, 7002, 7003);

    @Autowired
    private LettuceConnectionFactory connectionFactory;

    @BeforeAll
    static void requireCluster() {
        LoopbackServers.require(
                "Redis Cluster", "127.0.0.1:7001-7003", () -> PORTS.stream().allMatch(LoopbackServers::answers));
    }

    @Override
    String storeName() {
        return "redis";
    }

    @Test
    void theClientFollowsTheClusterTopologyAsTheProfileSays() {
        assertThat(connectionFactory.getClusterConfiguration()).isNotNull();
        assertThat(connectionFactory.getClientConfiguration().getClientOptions())
                .containsInstanceOf(ClusterClientOptions.class);
        ClusterTopologyRefreshOptions refresh = ((ClusterClientOptions) connectionFactory
                        .getClientConfiguration()
                        .getClientOptions()
                        .orElseThrow())
                .getTopologyRefreshOptions();

        assertThat(refresh.getAdaptiveRefreshTriggers())
                .as("adaptive refresh is on by default, without a property")
                .containsExactlyInAnyOrder(RefreshTrigger.values());
        assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
        assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(refresh.useDynamicRefreshSources()).isTrue();
    }
}
