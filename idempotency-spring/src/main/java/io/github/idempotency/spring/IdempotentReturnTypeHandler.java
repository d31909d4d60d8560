package io.github.idempotency.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/**
 * Protects the methods of one kind of return type, such as {@code CompletableFuture} or Reactor's
 * {@code Mono}: decides when the lease is taken, when the record is settled, and how a replay, a
 * replayed failure or a conflict reaches the caller. The auto-configuration registers one bean per
 * supported type, each only when its library is on the class path; a method whose return type no
 * handler takes is run synchronously, and asynchronous types nobody handles are refused.
 */
public interface IdempotentReturnTypeHandler {

    /**
     * Returns whether this handler protects methods declaring this return type.
     *
     * @param returnType the method's declared (raw) return type
     * @return {@code true} when {@link #handle} should run the method's calls
     */
    boolean canHandleReturnType(Class<?> returnType);

    /**
     * Returns the type of the value that is stored and replayed: for an asynchronous return type,
     * its type argument ({@code Payment} for {@code CompletableFuture<Payment>}); {@code Object} when
     * the declaration leaves it open.
     *
     * @param returnType the method's declared generic return type
     * @return the stored value's type
     */
    ResolvableType resultType(ResolvableType returnType);

    /**
     * Runs one call: begins it, then runs the method and settles the record, replays the stored
     * outcome, or answers the conflict, each the way this return type delivers values and errors.
     *
     * @param call the call, with the shared steps of the protocol
     * @return what the caller gets, of the method's declared return type
     * @throws Throwable what the method throws, when this return type delivers failures by throwing
     */
    @Nullable
    Object handle(IdempotentCall call) throws Throwable;
}
