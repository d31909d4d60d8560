package io.github.idempotency.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.expression.Expression;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.ClassUtils;

/**
 * One {@code @Idempotent} method with its annotation resolved once: parsed expressions, durations
 * with the defaults filled in and checked, whether the key is scoped to the principal, the recorded exception types, the handler of its return
 * type and the type of the value stored and replayed.
 */
record IdempotentMethod(
        String description,
        String scope,
        String keySource,
        Expression key,
        @Nullable String tenantSource,
        @Nullable Expression tenant,
        boolean perPrincipal,
        @Nullable Expression fingerprint,
        Duration lease,
        Duration heartbeat,
        Duration retention,
        Duration failureRetention,
        Duration conflictWait,
        List<Class<? extends Throwable>> recordedExceptions,
        IdempotentReturnTypeHandler handler,
        Type resultType) {

    private static final IdempotentReturnTypeHandler SYNCHRONOUS = new SynchronousReturnTypeHandler();

    static IdempotentMethod resolve(
            Method method,
            Class<?> targetClass,
            Idempotent annotation,
            IdempotentDefaults defaults,
            IdempotentExpressions expressions,
            List<IdempotentReturnTypeHandler> handlers) {
        String description = ClassUtils.getShortName(targetClass) + "." + method.getName() + "("
                + String.join(", ", parameterTypeNames(method)) + ")";
        String where = "@Idempotent on " + description;
        IdempotentReturnTypeHandler handler = handler(where, method.getReturnType(), handlers);
        Duration lease = duration(where, "lease", annotation.lease(), defaults.lease());
        Duration heartbeat = duration(where, "heartbeat", annotation.heartbeat(), defaults.heartbeat());
        Duration retention = duration(where, "retention", annotation.retention(), defaults.retention());
        Duration failureRetention =
                duration(where, "failureRetention", annotation.failureRetention(), defaults.failureRetention());
        // A duplicate message answered with a conflict would be redelivered at once, again and again:
        // a listener waits for the copy in flight, as long as one lease, unless its annotation says.
        Duration conflictWait = duration(
                where,
                "conflictWait",
                annotation.conflictWait(),
                IdempotentListenerMethods.isListener(method) ? lease : defaults.conflictWait());
        IdempotentDurations.check(where, lease, heartbeat, retention, failureRetention, conflictWait);
        List<Class<? extends Throwable>> recorded = new ArrayList<>(List.of(annotation.recordFailures()));
        recorded.addAll(defaults.recordedExceptions());
        String tenantSource = annotation.tenant().isBlank() ? null : annotation.tenant();
        String fingerprintSource = annotation.fingerprint().isBlank() ? null : annotation.fingerprint();
        return new IdempotentMethod(
                description,
                annotation.scope(),
                annotation.key(),
                expressions.parse(method, targetClass, description, "key", annotation.key()),
                tenantSource,
                tenantSource == null
                        ? null
                        : expressions.parse(method, targetClass, description, "tenant", tenantSource),
                annotation.perPrincipal(),
                fingerprintSource == null
                        ? null
                        : expressions.parse(method, targetClass, description, "fingerprint", fingerprintSource),
                lease,
                heartbeat,
                retention,
                failureRetention,
                conflictWait,
                List.copyOf(recorded),
                handler,
                handler.resultType(ResolvableType.forMethodReturnType(method, targetClass))
                        .getType());
    }

    /**
     * The first handler that takes the return type; the synchronous one for plain values. An
     * asynchronous type that no handler takes is refused: stored as a plain value, it would record
     * the future instead of its result.
     */
    private static IdempotentReturnTypeHandler handler(
            String where, Class<?> returnType, List<IdempotentReturnTypeHandler> handlers) {
        for (IdempotentReturnTypeHandler handler : handlers) {
            if (handler.canHandleReturnType(returnType)) {
                return handler;
            }
        }
        if (returnType.getName().equals("reactor.core.publisher.Flux")) {
            throw new IllegalStateException(where + ": a Flux is a stream and has no single result to store and"
                    + " replay; return a Mono (for example flux.collectList()) instead");
        }
        if (Future.class.isAssignableFrom(returnType)
                || CompletionStage.class.isAssignableFrom(returnType)
                || isA(returnType, "org.reactivestreams.Publisher")) {
            throw new IllegalStateException(where + ": asynchronous return type " + returnType.getName()
                    + " is not supported; declare CompletableFuture, CompletionStage or, with Reactor on the"
                    + " class path, Mono");
        }
        return SYNCHRONOUS;
    }

    /** Whether the type implements the named interface, without loading it (it may be absent). */
    private static boolean isA(Class<?> type, String interfaceName) {
        if (type.getName().equals(interfaceName)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isA(implemented, interfaceName)) {
                return true;
            }
        }
        Class<?> superclass = type.getSuperclass();
        return superclass != null && isA(superclass, interfaceName);
    }

    /** Whether a failure of this type is recorded and replayed instead of freeing the key. */
    boolean records(Throwable failure) {
        for (Class<? extends Throwable> type : recordedExceptions) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    /** The recorded exception type a stored failure code names, if this method records it. */
    @Nullable
    Class<? extends Throwable> recordedType(String code) {
        for (Class<? extends Throwable> type : recordedExceptions) {
            if (ReplayedFailureException.codeOf(type).equals(code)) {
                return type;
            }
        }
        return null;
    }

    private static Duration duration(String where, String attribute, String value, Duration fallback) {
        if (value.isBlank()) {
            return fallback;
        }
        try {
            return DurationFormatterUtils.detectAndParse(value.trim());
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(
                    where + ": " + attribute + " '" + value + "' is not a duration (e.g. 30s, PT30S)", ex);
        }
    }

    private static List<String> parameterTypeNames(Method method) {
        List<String> names = new ArrayList<>();
        for (Class<?> type : method.getParameterTypes()) {
            names.add(type.getSimpleName());
        }
        return names;
    }
}
