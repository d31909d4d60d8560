package io.github.idempotency.autoconfigure.actuate;

import java.util.Map;

/**
 * What a health indicator reported, in terms both Spring Boot lines share.
 *
 * @param status the status code, such as {@code UP} or {@code DOWN}
 * @param details the details
 */
public record HealthReading(String status, Map<String, Object> details) {}
