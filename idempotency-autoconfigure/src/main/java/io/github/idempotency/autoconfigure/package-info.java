/** Spring Boot auto-configuration and {@code idempotency.*} properties. */
@NullMarked
package io.github.idempotency.autoconfigure;

import org.jspecify.annotations.NullMarked;
