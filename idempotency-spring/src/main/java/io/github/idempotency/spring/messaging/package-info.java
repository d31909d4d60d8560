/**
 * {@code @Idempotent} on message listeners ({@code @RabbitListener}, {@code @KafkaListener}): what a
 * duplicate, a keyless message and a store outage mean to the broker.
 */
@NullMarked
package io.github.idempotency.spring.messaging;

import org.jspecify.annotations.NullMarked;
