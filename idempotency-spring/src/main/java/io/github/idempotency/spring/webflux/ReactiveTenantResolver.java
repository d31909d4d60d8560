package io.github.idempotency.spring.webflux;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Finds the tenant of a WebFlux request, for keys built by the reactive {@code Idempotency-Key}
 * filter: the reactive counterpart of {@link io.github.idempotency.spring.TenantResolver}, which
 * cannot see a request that has no thread of its own. Declare one bean; without it every key is in the
 * default tenant. It is called after Spring Security's web filters, so it may read the request or the
 * authenticated principal. It must not block.
 */
@FunctionalInterface
public interface ReactiveTenantResolver {

    /**
     * Returns the tenant of the request.
     *
     * @param exchange the request
     * @return the tenant; empty for the default tenant; an error answers the request with that error
     */
    Mono<String> resolveTenant(ServerWebExchange exchange);
}
