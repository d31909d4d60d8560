package io.github.idempotency.redis;

import io.github.idempotency.test.LoopbackServers;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The three-master Redis Cluster on loopback that {@code .ci/start-services} starts, on ports 7001,
 * 7002 and 7003. It serves only tests, but each test still works under its own key prefix.
 */
final class TestRedisCluster {

    static final List<Integer> PORTS = List.of(7001, 7002, 7003);

    private TestRedisCluster() {}

    /** Skips or fails the calling test unless all three masters answer and agree the cluster is ok. */
    static void require() {
        LoopbackServers.require(
                "Redis Cluster",
                "127.0.0.1:7001-7003 with three masters and cluster_state:ok",
                TestRedisCluster::ready);
    }

    /**
     * A started connection factory on the cluster, configured as docs/REDIS.md advises: topology
     * refreshed on redirects and lost connections, and every 30 seconds.
     */
    static LettuceConnectionFactory connectionFactory(String clientName) {
        ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .build();
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .clientName(clientName)
                .commandTimeout(Duration.ofSeconds(2))
                .clientOptions(ClusterClientOptions.builder()
                        .topologyRefreshOptions(refresh)
                        .socketOptions(TestRedis.shortConnectTimeout())
                        .build())
                .build();
        RedisClusterConfiguration cluster = new RedisClusterConfiguration(
                PORTS.stream().map(port -> TestRedis.HOST + ":" + port).toList());
        LettuceConnectionFactory factory = new LettuceConnectionFactory(cluster, client);
        factory.afterPropertiesSet();
        return factory;
    }

    /** The masters the cluster reports, each owning a share of the slots. */
    static List<RedisClusterNode> masters(LettuceConnectionFactory factory) {
        try (RedisClusterConnection connection = factory.getClusterConnection()) {
            return StreamSupport.stream(connection.clusterGetNodes().spliterator(), false)
                    .filter(RedisClusterNode::isMaster)
                    .toList();
        }
    }

    private static boolean ready() {
        if (!PORTS.stream().allMatch(LoopbackServers::answers)) {
            return false;
        }
        LettuceConnectionFactory factory = connectionFactory("idempotency-cluster-probe");
        try (RedisClusterConnection connection = factory.getClusterConnection()) {
            return "ok".equals(connection.clusterGetClusterInfo().getState())
                    && masters(factory).size() == PORTS.size();
        } catch (DataAccessException ex) {
            return false;
        } finally {
            factory.destroy();
        }
    }
}
