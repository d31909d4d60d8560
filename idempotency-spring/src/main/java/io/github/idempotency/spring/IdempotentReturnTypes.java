package io.github.idempotency.spring;

import org.springframework.core.ResolvableType;

/** Reads the value type out of an asynchronous return type. */
final class IdempotentReturnTypes {

    private IdempotentReturnTypes() {}

    /**
     * The type argument of a declared {@code Future<T>}-like return type with a single parameter, as
     * declared (so {@code List<Order>} keeps its element type); {@code Object} when it is raw.
     */
    static ResolvableType typeArgument(ResolvableType returnType) {
        ResolvableType argument = returnType.getGeneric(0);
        return argument == ResolvableType.NONE ? ResolvableType.forClass(Object.class) : argument;
    }
}
