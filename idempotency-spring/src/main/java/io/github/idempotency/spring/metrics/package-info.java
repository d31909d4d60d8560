/** Micrometer metrics: outcome counters for protected calls and timers for store operations. */
@NullMarked
package io.github.idempotency.spring.metrics;

import org.jspecify.annotations.NullMarked;
