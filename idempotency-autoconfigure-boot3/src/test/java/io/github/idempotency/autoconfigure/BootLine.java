package io.github.idempotency.autoconfigure;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idempotency.autoconfigure.actuate.HealthReading;
import io.github.idempotency.autoconfigure.actuate.IdempotencyStoreHealthIndicator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What the tests of both Spring Boot lines name that differs between the lines, on Spring Boot 3.5:
 * auto-configuration classes that moved, the web server, Rabbit's container factory configurer,
 * Jackson and the health API. idempotency-autoconfigure has a class of the same name for Spring
 * Boot 4.
 */
public final class BootLine {

    /** Spring Boot's Jackson auto-configuration. */
    public static final Class<?> JACKSON = JacksonAutoConfiguration.class;

    /** Spring Boot's Redis auto-configuration (a {@code RedisConnectionFactory} from {@code spring.data.redis.*}). */
    public static final Class<?> DATA_REDIS = RedisAutoConfiguration.class;

    /** A {@code DataSource} and a {@code JdbcTemplate}. */
    public static final Class<?>[] JDBC = {DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class};

    /** Spring Boot's SQL script initialisation ({@code spring.sql.init.*}). */
    public static final Class<?> SQL_INITIALIZATION = SqlInitializationAutoConfiguration.class;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    private BootLine() {}

    /** WebFlux served by Reactor Netty, with Jackson. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        ReactiveWebServerFactoryAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class,
        WebFluxAutoConfiguration.class,
        ErrorWebFluxAutoConfiguration.class,
        CodecsAutoConfiguration.class,
        JacksonAutoConfiguration.class
    })
    @Import(ReactorNetty.class)
    public static class ReactiveWebServer {}

    /**
     * Serves a reactive web application with Reactor Netty, as the WebFlux tests expect: Spring Boot
     * 3.5 prefers Tomcat when it is on the class path too.
     */
    @Configuration(proxyBeanMethods = false)
    public static class ReactorNetty {

        @Bean
        NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
            return new NettyReactiveWebServerFactory();
        }
    }

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
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object as maps, lists, strings, numbers and booleans. */
    public static Map<String, Object> parseJson(InputStream json) throws IOException {
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    }

    /** Asks the indicator for the store's health. */
    public static HealthReading health(IdempotencyStoreHealthIndicator indicator) {
        Health health = indicator.health();
        return new HealthReading(health.getStatus().getCode(), health.getDetails());
    }
}
