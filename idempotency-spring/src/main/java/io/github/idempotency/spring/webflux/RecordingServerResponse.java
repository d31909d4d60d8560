package io.github.idempotency.spring.webflux;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records a response while it is written, holding no more than {@code limit} body bytes. Up to the
 * limit the bytes are held back from the client, so that a response that fits the store is recorded
 * before it is sent (and before the headers are committed); past it, the held bytes and all that
 * follow go to the client as they come, but for the last buffer, which waits until the response is
 * recorded as too large. Either way the client sees the end of the body only once the record is
 * settled, so that its next request finds it. A streaming media type ({@code
 * text/event-stream}, {@code application/x-ndjson}), and a body written with flushes, is never held or
 * recorded.
 *
 * <p>The recorder is called exactly once: when the body ends, when the response completes without a
 * body, or, for a response the handler never wrote, when {@link #recordUnwritten()} is called.
 */
final class RecordingServerResponse extends ServerHttpResponseDecorator {

    private static final List<MediaType> STREAMING_TYPES =
            List.of(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_NDJSON);

    private final int limit;
    private final Function<RecordingServerResponse, Mono<Void>> recorder;
    private final AtomicBoolean recorded = new AtomicBoolean();
    private @Nullable ByteArrayOutputStream held = new ByteArrayOutputStream();
    private volatile @Nullable DataBuffer pending;
    private long length;
    private boolean streaming;

    /**
     * @param limit the most body bytes recorded and held back
     * @param recorder records the response; called once, before held bytes are sent
     */
    RecordingServerResponse(
            ServerHttpResponse delegate, long limit, Function<RecordingServerResponse, Mono<Void>> recorder) {
        super(delegate);
        this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 8);
        this.recorder = recorder;
    }

    /** The recorded body, or {@code null} when it went over the limit or was streamed. */
    byte @Nullable [] body() {
        return (held != null) ? held.toByteArray() : null;
    }

    /** How many body bytes were written, recorded or not. */
    long length() {
        return length;
    }

    /** Whether the body was streamed, sent as written and not recorded. */
    boolean streaming() {
        return streaming;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (isStreamingType()) {
            streaming = true;
            held = null;
            return super.writeWith(Flux.<DataBuffer>from(body).concatWith(recordFirst()));
        }
        Flux<DataBuffer> recording = Flux.<DataBuffer>from(body)
                .concatMap(this::hold)
                .concatWith(Flux.defer(this::recordAndRelease))
                .doFinally(signal -> releasePending());
        return super.writeWith(recording);
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        // a flush asks for bytes to reach the client as written: nothing may be held
        streaming = true;
        held = null;
        return super.writeAndFlushWith(
                Flux.<Publisher<? extends DataBuffer>>from(body).concatWith(Flux.just(recordFirst())));
    }

    @Override
    public Mono<Void> setComplete() {
        return recordUnwritten().then(super.setComplete());
    }

    /** Records an empty body, unless the response was already recorded. */
    Mono<Void> recordUnwritten() {
        return Mono.defer(() -> recorded.compareAndSet(false, true) ? recorder.apply(this) : Mono.empty());
    }

    /** Records the response before the publisher of its body completes: the client sees the end only then. */
    private Flux<DataBuffer> recordFirst() {
        return recordUnwritten().thenMany(Flux.empty());
    }

    private boolean isStreamingType() {
        MediaType type = getHeaders().getContentType();
        return type != null && STREAMING_TYPES.stream().anyMatch(type::isCompatibleWith);
    }

    private Flux<DataBuffer> hold(DataBuffer buffer) {
        int count = buffer.readableByteCount();
        length += count;
        ByteArrayOutputStream recording = held;
        if (recording == null) {
            // past the limit the last buffer is kept back, so that the client cannot see the end of
            // the body before the response is recorded as too large
            DataBuffer previous = pending;
            pending = buffer;
            return (previous != null) ? Flux.just(previous) : Flux.empty();
        }
        if (recording.size() + count <= limit) {
            byte[] bytes = new byte[count];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            recording.writeBytes(bytes);
            return Flux.empty();
        }
        // over the limit: stop recording, and send what was held and all that follows as it comes
        held = null;
        pending = buffer;
        return Flux.just(bufferFactory().wrap(recording.toByteArray()));
    }

    private Flux<DataBuffer> recordAndRelease() {
        if (!recorded.compareAndSet(false, true)) {
            return releaseHeld();
        }
        return recorder.apply(this).thenMany(Flux.defer(this::releaseHeld));
    }

    private Flux<DataBuffer> releaseHeld() {
        DataBuffer last = pending;
        if (last != null) {
            pending = null;
            return Flux.just(last);
        }
        ByteArrayOutputStream recording = held;
        return (recording == null || recording.size() == 0)
                ? Flux.empty()
                : Flux.just(bufferFactory().wrap(recording.toByteArray()));
    }

    /** Frees a kept-back buffer that was never sent (the body failed, or the client went away). */
    private void releasePending() {
        DataBuffer last = pending;
        pending = null;
        if (last != null) {
            DataBufferUtils.release(last);
        }
    }
}
