/** The {@code Idempotency-Key} HTTP filter: replays a stored response to every repeat of a request. */
@NullMarked
package io.github.idempotency.spring.web;

import org.jspecify.annotations.NullMarked;
