package io.github.idempotency.spring;

import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;

/**
 * The advice closest to an {@code @Idempotent} method, inside any {@code @Transactional} advice on
 * it: when a transaction is open there, it settles the call's lease with the method's outcome before
 * that transaction commits, so the JDBC store writes the result through the transaction. The
 * {@link IdempotentAspect}, ordered outside the transaction advice by default, would only see the
 * method return after the commit. Without a transaction, or for a call that is not the one the
 * aspect offered, it does nothing and the aspect settles the call as usual.
 */
final class IdempotentTransactionInterceptor implements MethodInterceptor {

    private static final ThreadLocal<@Nullable Offered> OFFERED = new ThreadLocal<>();

    /** A lease waiting for the innermost advice of its own invocation. */
    private record Offered(
            IdempotentCall.Lease lease,
            Method method,
            @Nullable Object target) {}

    /** Proceeds with the aspect's join point while the lease waits for this interceptor to take it. */
    static @Nullable Object offer(IdempotentCall.Lease lease, ProceedingJoinPoint joinPoint) throws Throwable {
        Offered previous = OFFERED.get();
        OFFERED.set(
                new Offered(lease, ((MethodSignature) joinPoint.getSignature()).getMethod(), joinPoint.getTarget()));
        try {
            return joinPoint.proceed();
        } finally {
            if (previous == null) {
                OFFERED.remove();
            } else {
                OFFERED.set(previous);
            }
        }
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Offered offered = OFFERED.get();
        if (offered == null
                || offered.target() != invocation.getThis()
                || !offered.method().equals(invocation.getMethod())
                || !offered.lease().inTransaction()) {
            return invocation.proceed();
        }
        // taken: a call of the same method from inside this one is another call
        OFFERED.remove();
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable failure) {
            offered.lease().failed(failure);
            throw failure;
        }
        offered.lease().completed(result);
        return result;
    }
}
