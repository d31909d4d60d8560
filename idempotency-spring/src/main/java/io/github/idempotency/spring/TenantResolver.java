package io.github.idempotency.spring;

import org.jspecify.annotations.Nullable;

/**
 * Finds the tenant of the current call, for keys built by {@code @Idempotent} and by the {@code
 * Idempotency-Key} filter. Declare one bean; without it every key is in the default tenant. In a web
 * application it is called on the request's thread, after Spring Security's filter chain, so it may
 * read the request (through {@code RequestContextHolder}) or the authenticated principal.
 */
@FunctionalInterface
public interface TenantResolver {

    /**
     * Returns the current tenant.
     *
     * @return the tenant, or {@code null} for the default tenant
     */
    @Nullable
    String resolveTenant();
}
