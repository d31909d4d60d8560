/** The {@code @Idempotent} annotation, the aspect that applies it, and what callers see of it. */
@NullMarked
package io.github.idempotency.spring;

import org.jspecify.annotations.NullMarked;
