package io.github.idempotency.spring.webflux;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.ForwardingIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Schedulers;

/**
 * A memory store that notes every write made on a thread that must not block: Reactor's non-blocking
 * threads and Reactor Netty's event loops.
 */
final class ThreadCheckingStore extends ForwardingIdempotencyStore {

    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> eventLoopCalls = new CopyOnWriteArrayList<>();

    ThreadCheckingStore() {
        super(new MemoryIdempotencyStore());
    }

    int calls() {
        return calls.get();
    }

    /** The calls made on a non-blocking thread, each as "call on thread". */
    List<String> eventLoopCalls() {
        return eventLoopCalls;
    }

    private void check(String call) {
        calls.incrementAndGet();
        Thread thread = Thread.currentThread();
        if (Schedulers.isInNonBlockingThread() || thread.getName().startsWith("reactor-http")) {
            eventLoopCalls.add(call + " on " + thread.getName());
        }
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        check("tryBegin");
        return super.tryBegin(key, lease);
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        check("touch");
        return super.touch(key, ownerToken, lease);
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        check("complete");
        return super.complete(key, ownerToken, result, retention);
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        check("fail");
        return super.fail(key, ownerToken, code, message, retention);
    }
}
