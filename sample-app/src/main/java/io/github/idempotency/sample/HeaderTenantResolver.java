package io.github.idempotency.sample;

import io.github.idempotency.spring.TenantResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Takes the tenant from the {@code X-Tenant-Id} request header, so the sample can show two tenants
 * using the same idempotency key without sharing results.
 *
 * <p><strong>Do not copy this into a real service:</strong> any client can send any header, so a
 * client could pick another tenant's keys. A real service takes the tenant from authentication, for
 * example a claim of the authenticated token in Spring Security's {@code SecurityContextHolder}.
 */
@Component
public class HeaderTenantResolver implements TenantResolver {

    /** The request header the sample reads the tenant from. */
    public static final String HEADER = "X-Tenant-Id";

    @Override
    public @Nullable String resolveTenant() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return servlet.getRequest().getHeader(HEADER);
        }
        return null;
    }
}
