package io.github.idempotency.autoconfigure;

import io.github.idempotency.autoconfigure.actuate.HealthReading;
import io.github.idempotency.autoconfigure.actuate.IdempotencyStoreHealthIndicator;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests of both Spring Boot lines name that differs between the lines, on Spring Boot 4:
 * auto-configuration classes that moved, the web server, Rabbit's container factory configurer,
 * Jackson and the health API. idempotency-autoconfigure-boot3 has a class of the same name for
 * Spring Boot 3.5.
 */
public final class BootLine {

    /** Spring Boot's Jackson auto-configuration. */
    public static final Class<?> JACKSON = JacksonAutoConfiguration.class;

    /** Spring Boot's Redis auto-configuration (a {@code RedisConnectionFactory} from {@code spring.data.redis.*}). */
    public static final Class<?> DATA_REDIS = DataRedisAutoConfiguration.class;

    /** A {@code DataSource} and a {@code JdbcTemplate}. */
    public static final Class<?>[] JDBC = {DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class};

    /** Spring Boot's SQL script initialisation ({@code spring.sql.init.*}). */
    public static final Class<?> SQL_INITIALIZATION = DataSourceInitializationAutoConfiguration.class;

    /** Spring Boot's metrics: the composite and simple registries. */
    public static final Class<?>[] METRICS = {
        MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class
    };

    /** Spring MVC with its message converters and dispatcher servlet. */
    public static final Class<?>[] WEB_MVC = {
        HttpMessageConvertersAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class
    };

    /** Spring Boot's RabbitMQ auto-configuration. */
    public static final Class<?> RABBIT = RabbitAutoConfiguration.class;

    /** Spring Boot's Kafka auto-configuration. */
    public static final Class<?> KAFKA = KafkaAutoConfiguration.class;

    /** The type whose absence turns Spring Boot's health support off. */
    public static final Class<?> HEALTH_INDICATOR = HealthIndicator.class;

    private BootLine() {}

    /** WebFlux served by Reactor Netty, with Jackson. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        NettyReactiveWebServerAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class,
        WebFluxAutoConfiguration.class,
        ErrorWebFluxAutoConfiguration.class,
        CodecsAutoConfiguration.class,
        JacksonAutoConfiguration.class
    })
    public static class ReactiveWebServer {}

    /**
     * Serves a reactive web application with Reactor Netty, as the WebFlux tests expect; on Spring
     * Boot 4 the auto-configuration picks it already.
     */
    @Configuration(proxyBeanMethods = false)
    public static class ReactorNetty {}

    /** The port of the web server of a running web application. */
    public static int serverPort(ApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Configures a Rabbit listener container factory from the {@code spring.rabbitmq.*} properties. */
    public static void configureRabbit(
            BeanFactory beans, SimpleRabbitListenerContainerFactory factory, ConnectionFactory connectionFactory) {
        beans.getBean(SimpleRabbitListenerContainerFactoryConfigurer.class).configure(factory, connectionFactory);
    }

    /** A JSON object as maps, lists, strings, numbers and booleans. */
    public static Map<String, Object> parseJson(String json) {
        return JsonMapper.shared().readValue(json, new TypeReference<Map<String, Object>>() {});
    }

    /** A JSON object as maps, lists, strings, numbers and booleans. */
    public static Map<String, Object> parseJson(InputStream json) throws IOException {
        return JsonMapper.shared().readValue(json, new TypeReference<Map<String, Object>>() {});
    }

    /** Asks the indicator for the store's health. */
    public static HealthReading health(IdempotencyStoreHealthIndicator indicator) {
        Health health = indicator.health();
        return new HealthReading(health.getStatus().getCode(), health.getDetails());
    }
}
