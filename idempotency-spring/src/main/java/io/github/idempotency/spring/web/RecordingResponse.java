package io.github.idempotency.spring.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Records a response while it is written, holding no more than {@code limit} body bytes. Up to the
 * limit the bytes are held back from the client, so that a response that fits the store is stored
 * before it is sent; past it, the held bytes and all that follow go straight to the client and the
 * recording is dropped. A streaming media type ({@code text/event-stream}, {@code
 * application/x-ndjson}) is never held or recorded.
 *
 * <p>A {@code sendError} whose response is stored only sets the status (its body is written when the
 * response is recorded); one the predicate leaves to the container is passed on, and noted.
 */
final class RecordingResponse extends HttpServletResponseWrapper {

    private static final List<String> STREAMING_TYPES = List.of("text/event-stream", "application/x-ndjson");

    private final int limit;
    private final IntPredicate leftToContainer;
    private @Nullable ByteArrayOutputStream held = new ByteArrayOutputStream();
    private long length;
    private boolean streaming;
    private boolean errorRecorded;
    private boolean errorSent;
    private @Nullable ServletOutputStream output;
    private @Nullable PrintWriter writer;

    /**
     * @param limit the most body bytes recorded and held back
     * @param leftToContainer the {@code sendError} statuses passed on to the container, not recorded
     */
    RecordingResponse(HttpServletResponse response, long limit, IntPredicate leftToContainer) {
        super(response);
        this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 8);
        this.leftToContainer = leftToContainer;
    }

    /** The recorded body, or {@code null} when it went over the limit or was streamed. */
    byte @Nullable [] body() throws IOException {
        flushWriter();
        return (held != null) ? held.toByteArray() : null;
    }

    /** How many body bytes were written, recorded or not. */
    long length() {
        return length;
    }

    /** Whether the body was of a streaming media type, sent as written and not recorded. */
    boolean streaming() {
        return streaming;
    }

    boolean errorRecorded() {
        return errorRecorded;
    }

    boolean errorSent() {
        return errorSent;
    }

    /** Sends what is held to the client; what is written afterwards goes straight through. */
    void release() throws IOException {
        flushWriter();
        sendHeld();
    }

    // never flushes the writer: it may be the writer's own flush that arrives here
    private void sendHeld() throws IOException {
        ByteArrayOutputStream bytes = held;
        held = null;
        if (bytes != null && bytes.size() > 0) {
            bytes.writeTo(super.getOutputStream());
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = new TeeOutputStream(super.getOutputStream());
        }
        return output;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), getCharacterEncoding()));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        flushWriter();
        if (!holding()) {
            super.flushBuffer();
        }
    }

    /**
     * Whether bytes are held back. A streaming media type ends that before its first byte, so that
     * its headers and events reach the client as they are flushed.
     */
    private boolean holding() {
        if (held != null && held.size() == 0 && isStreamingType()) {
            streaming = true;
            held = null;
        }
        return held != null;
    }

    private void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        forgetHeld();
    }

    @Override
    public void reset() {
        super.reset();
        forgetHeld();
    }

    // after the container's reset succeeded: nothing had reached the client
    private void forgetHeld() {
        if (held != null) {
            held.reset();
            length = 0;
        }
    }

    @Override
    public void sendError(int status) throws IOException {
        if (!recordError(status)) {
            sendErrorToContainer();
            super.sendError(status);
        }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (!recordError(status)) {
            sendErrorToContainer();
            super.sendError(status, message);
        }
    }

    private void sendErrorToContainer() {
        errorSent = true;
        // the container renders the error: nothing written before it reaches the client
        held = null;
    }

    private boolean recordError(int status) {
        if (leftToContainer.test(status)) {
            return false;
        }
        if (isCommitted()) {
            throw new IllegalStateException("Cannot send error " + status + ": the response is committed");
        }
        resetBuffer();
        setStatus(status);
        errorRecorded = true;
        return true;
    }

    @Override
    public boolean isCommitted() {
        // as after a real sendError: whoever sent it expects nothing more to be written
        return errorRecorded || super.isCommitted();
    }

    private boolean isStreamingType() {
        String contentType = getContentType();
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return STREAMING_TYPES.stream().anyMatch(type::startsWith);
    }

    /** Whether to write these bytes to the client now; holds them while they fit the limit. */
    private boolean passOn(byte[] bytes, int offset, int count) throws IOException {
        length += count;
        if (!holding()) {
            return !errorSent;
        }
        if (held.size() + (long) count <= limit) {
            held.write(bytes, offset, count);
            return false;
        }
        // over the limit: the recording is dropped and the response streams from here on
        sendHeld();
        return true;
    }

    private final class TeeOutputStream extends ServletOutputStream {

        private final ServletOutputStream target;

        TeeOutputStream(ServletOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            if (passOn(bytes, offset, count)) {
                target.write(bytes, offset, count);
            }
        }

        @Override
        public void flush() throws IOException {
            // held bytes stay held until the response is recorded
            if (!holding()) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!holding()) {
                target.close();
            }
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }
}
