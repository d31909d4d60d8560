package io.github.idempotency.spring;

import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The authenticated principal of the servlet request the current thread serves, as Spring MVC
 * exposes it ({@code HttpServletRequest.getUserPrincipal()}, which Spring Security fills in). Works
 * without Spring Web or the servlet API on the class path: there is then never a principal.
 */
final class RequestPrincipal {

    private static final boolean SERVLET_PRESENT = ClassUtils.isPresent(
                    "org.springframework.web.context.request.ServletRequestAttributes",
                    RequestPrincipal.class.getClassLoader())
            && ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", RequestPrincipal.class.getClassLoader());

    private RequestPrincipal() {}

    /**
     * Returns the principal's name.
     *
     * @return the name, or {@code null} outside a servlet request or for an anonymous one
     */
    static @Nullable String name() {
        return SERVLET_PRESENT ? Servlet.name() : null;
    }

    /** Loaded only when the servlet API and Spring Web are present. */
    private static final class Servlet {

        static @Nullable String name() {
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            if (!(attributes instanceof ServletRequestAttributes servlet)) {
                return null;
            }
            Principal principal = servlet.getRequest().getUserPrincipal();
            return principal == null ? null : principal.getName();
        }
    }
}
