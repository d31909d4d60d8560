package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/**
 * Protects methods that return {@code CompletableFuture} or {@code CompletionStage}. The lease is
 * taken when the method is called and renewed until the future completes; the record is settled
 * with the future's value, or by the failure policy with its failure, before the caller's future
 * completes, so a caller that repeats the call as soon as its value arrives gets the replay.
 *
 * <p>The caller gets a new future: a replay or a replayed failure already completed, a conflict or
 * an unreachable store as its failure. Cancelling it touches neither the method's future nor the
 * record: cancelling a {@code CompletableFuture} does not stop the work behind it, so the key stays
 * taken, and renewed, until that work ends, and is then settled with its real outcome.
 * A conflict wait polls the store from {@link CompletableFuture#delayedExecutor} threads, never
 * blocking the caller; when the wait finds the key free, the method runs on such a thread.
 *
 * <p>A call made inside a transaction is refused with an {@code IllegalStateException} as the
 * future's failure, before any lease is taken: the value arrives after the method returns, when the
 * transaction may have committed or rolled back, so the record could not follow it.
 */
public final class CompletionStageReturnTypeHandler implements IdempotentReturnTypeHandler {

    @Override
    public boolean canHandleReturnType(Class<?> returnType) {
        return returnType == CompletableFuture.class || returnType == CompletionStage.class;
    }

    @Override
    public ResolvableType resultType(ResolvableType returnType) {
        return IdempotentReturnTypes.typeArgument(returnType);
    }

    @Override
    public CompletableFuture<Object> handle(IdempotentCall call) throws Throwable {
        try {
            call.refuseTransaction();
        } catch (IllegalStateException inTransaction) {
            return CompletableFuture.failedFuture(inTransaction);
        }
        return attempt(call, call.backoff());
    }

    private CompletableFuture<Object> attempt(IdempotentCall call, IdempotentCall.Backoff backoff) throws Throwable {
        BeginResult begin;
        try {
            begin = call.begin();
        } catch (RuntimeException storeFailure) {
            return CompletableFuture.failedFuture(storeFailure);
        }
        return switch (begin.outcome()) {
            case ACQUIRED -> run(call, call.lease(begin));
            case REPLAY -> replay(call, begin);
            case CONFLICT -> {
                Duration pause = backoff.next();
                if (pause == null) {
                    yield CompletableFuture.failedFuture(call.conflict(begin));
                }
                Executor later = CompletableFuture.delayedExecutor(pause.toNanos(), TimeUnit.NANOSECONDS);
                yield CompletableFuture.supplyAsync(() -> retry(call, backoff), later)
                        .thenCompose(Function.identity());
            }
        };
    }

    /** A later poll, off the caller's thread: whatever it throws becomes the future's failure. */
    private CompletableFuture<Object> retry(IdempotentCall call, IdempotentCall.Backoff backoff) {
        try {
            return attempt(call, backoff);
        } catch (Throwable failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private static CompletableFuture<Object> run(IdempotentCall call, IdempotentCall.Lease lease) throws Throwable {
        CompletionStage<?> stage;
        try {
            stage = (CompletionStage<?>) call.proceed();
        } catch (Throwable failure) {
            lease.failed(failure);
            throw failure;
        }
        if (stage == null) {
            IllegalStateException failure =
                    new IllegalStateException(call.description() + " returned null instead of a future");
            lease.failed(failure);
            throw failure;
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            // Settle first, so an immediate repeat finds the record; complete the caller's future
            // whatever settling throws, so the caller is never left waiting.
            @Nullable Throwable cause = failure == null ? null : unwrap(failure);
            try {
                if (cause != null) {
                    lease.failed(cause);
                } else {
                    lease.completed(value);
                }
            } finally {
                if (cause != null) {
                    result.completeExceptionally(cause);
                } else {
                    result.complete(value);
                }
            }
        });
        return result;
    }

    private static CompletableFuture<Object> replay(IdempotentCall call, BeginResult begin) {
        try {
            return CompletableFuture.completedFuture(call.replay(begin));
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
