/**
 * JSON for stored results and problem details, over Jackson 3 or Jackson 2: {@link
 * io.github.idempotency.spring.json.JsonCodec}.
 */
@NullMarked
package io.github.idempotency.spring.json;

import org.jspecify.annotations.NullMarked;
