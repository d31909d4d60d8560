package io.github.idempotency.spring.webflux;

import io.github.idempotency.spring.ReactiveCallerResolver;
import java.security.Principal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Finds the caller of a {@code @Idempotent} method that returns a {@code Mono} in a WebFlux
 * application, in the subscriber's Reactor context. The principal is the authentication of Spring
 * Security's {@link ReactiveSecurityContextHolder} when Spring Security is on the class path, else
 * (or when that holds none) the principal of the request's exchange ({@link
 * ServerWebExchange#getPrincipal()}); an anonymous authentication is no principal, as on the servlet
 * side. The tenant is the {@link ReactiveTenantResolver}'s for the request's exchange. The exchange
 * is the one {@link ServerWebExchangeContextFilter} put in the context; outside a request, and
 * without a tenant resolver, nothing is found and the call keeps what its calling thread found.
 */
public final class WebFluxCallerResolver implements ReactiveCallerResolver {

    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.core.context.ReactiveSecurityContextHolder",
            WebFluxCallerResolver.class.getClassLoader());

    private final @Nullable ReactiveTenantResolver tenantResolver;

    /**
     * Creates the resolver.
     *
     * @param tenantResolver finds the tenant of a request, or {@code null} to leave tenants as the
     *     calling thread found them
     */
    public WebFluxCallerResolver(@Nullable ReactiveTenantResolver tenantResolver) {
        this.tenantResolver = tenantResolver;
    }

    @Override
    public Mono<Optional<String>> tenant() {
        ReactiveTenantResolver resolver = tenantResolver;
        if (resolver == null) {
            return Mono.empty();
        }
        return Mono.deferContextual(context -> exchange(context)
                .map(exchange ->
                        resolver.resolveTenant(exchange).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .orElseGet(Mono::empty));
    }

    @Override
    public Mono<String> principal() {
        Mono<Principal> ofExchange = Mono.deferContextual(context ->
                exchange(context).map(ServerWebExchange::getPrincipal).orElseGet(Mono::empty));
        Mono<Principal> principal = SECURITY_PRESENT ? Security.principal().switchIfEmpty(ofExchange) : ofExchange;
        return principal
                .filter(found -> !SECURITY_PRESENT || Security.isAuthenticated(found))
                .map(Principal::getName);
    }

    private static Optional<ServerWebExchange> exchange(ContextView context) {
        return ServerWebExchangeContextFilter.getExchange(context);
    }

    /** Loaded only when Spring Security is on the class path. */
    private static final class Security {

        private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

        static Mono<Principal> principal() {
            return ReactiveSecurityContextHolder.getContext()
                    .mapNotNull(SecurityContext::getAuthentication)
                    .filter(TRUST::isAuthenticated)
                    .cast(Principal.class);
        }

        static boolean isAuthenticated(Principal principal) {
            return !(principal instanceof Authentication authentication) || TRUST.isAuthenticated(authentication);
        }
    }
}
