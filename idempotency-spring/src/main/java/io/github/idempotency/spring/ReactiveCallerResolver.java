package io.github.idempotency.spring;

import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Finds who makes a {@code @Idempotent} call that returns a {@code Mono}, when the {@code Mono} is
 * subscribed: the subscriber's Reactor context, not the calling thread, tells a reactive request's
 * tenant and principal. What it finds takes the place of what was found on the calling thread; where
 * it finds nothing, that stands. Loaded only when Reactor is on the class path.
 */
public interface ReactiveCallerResolver {

    /** Finds nothing: every call keeps the tenant and principal found on the calling thread. */
    ReactiveCallerResolver NONE = new ReactiveCallerResolver() {

        @Override
        public Mono<Optional<String>> tenant() {
            return Mono.empty();
        }

        @Override
        public Mono<String> principal() {
            return Mono.empty();
        }
    };

    /**
     * Returns the tenant of the subscriber, for a call whose annotation names no tenant.
     *
     * @return the tenant, or {@code Optional.empty()} for the default tenant; an empty {@code Mono}
     *     when the context says nothing of the tenant; an error fails the call before its lease is taken
     */
    Mono<Optional<String>> tenant();

    /**
     * Returns the name of the subscriber's authenticated principal, for a call scoped to the
     * principal when the calling thread had none.
     *
     * @return the name; empty when no one is authenticated
     */
    Mono<String> principal();
}
