package io.github.idempotency.redis;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import io.github.idempotency.core.OwnerTokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisElementReader;
import org.springframework.data.redis.serializer.RedisElementWriter;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The store's {@code tryBegin}, {@code complete} and {@code fail} through Spring Data Redis's reactive
 * connection: the same scripts as the blocking calls, sent as {@code EVALSHA} (once {@code EVAL} when
 * the server does not know a script yet), one round trip each. Nothing waits for the reply: the stage
 * completes on the Lettuce thread that receives it, which also reads the reply into the answer.
 *
 * <p>Spring Data Redis opens the shared reactive connection synchronously, on the thread that first
 * asks for it. So until a reply has come back through it, each call is subscribed on Reactor's
 * bounded elastic scheduler, where opening the connection may wait (at most the connect timeout); from
 * then on a call is sent from the calling thread, and the connection, which Lettuce reconnects on its
 * own, is at hand without waiting.
 */
final class ReactiveStoreCalls implements NonBlockingIdempotencyStore {

    private static final RedisElementWriter<byte[]> ARGUMENTS = RedisElementWriter.from(RedisSerializer.byteArray());
    private static final RedisElementReader<byte[]> REPLY = RedisElementReader.from(RedisSerializer.byteArray());

    private final ReactiveRedisTemplate<String, String> redis;
    private final StoreCalls calls;
    private volatile boolean connected;

    ReactiveStoreCalls(ReactiveRedisConnectionFactory connectionFactory, StoreCalls calls) {
        this.redis = new ReactiveRedisTemplate<>(connectionFactory, RedisSerializationContext.string());
        this.calls = calls;
        // reading the scripts and seeding the owner tokens' generators read files, which must not be
        // left to the first call, made on an event loop
        StoreScripts.load();
        OwnerTokens.newToken();
    }

    @Override
    public CompletionStage<BeginResult> tryBeginAsync(String key, Duration lease) {
        return send(() -> calls.tryBegin(key, lease));
    }

    @Override
    public CompletionStage<IdempotencyRecord> completeAsync(
            String key, String ownerToken, byte[] result, Duration retention) {
        return send(() -> calls.complete(key, ownerToken, result, retention));
    }

    @Override
    public CompletionStage<IdempotencyRecord> failAsync(
            String key, String ownerToken, String code, String message, Duration retention) {
        return send(() -> calls.fail(key, ownerToken, code, message, retention));
    }

    private <T> CompletionStage<T> send(Supplier<ScriptCall<T>> prepared) {
        ScriptCall<T> call;
        try {
            call = prepared.get();
        } catch (RuntimeException ex) {
            // an invalid argument: nothing is sent
            return CompletableFuture.failedFuture(ex);
        }
        Mono<Optional<byte[]>> reply = redis.execute(
                        call.script(), List.of(call.redisKey()), call.args(), ARGUMENTS, REPLY)
                .next()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
        if (!connected) {
            // Spring Data Redis opens its shared reactive connection on the subscribing thread, and waits
            // for it: until a reply shows the connection is open, that happens on a thread that may wait
            reply = reply.subscribeOn(Schedulers.boundedElastic()).doOnSuccess(ignored -> connected = true);
        }
        return reply.onErrorMap(DataAccessException.class, call::failed)
                .map(answer -> call.answer(answer.orElse(null)))
                .toFuture();
    }
}
