package io.github.idempotency.spring.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * A request whose body was read in full up front, so that its fingerprint is known before the
 * handler runs; the handler reads the same bytes again. A form post and a multipart request are left
 * to the container, which parses their bodies into parameters and parts, and are fingerprinted from
 * those; the container keeps the parts, so the handler reads them as usual.
 */
final class BufferedRequest extends HttpServletRequestWrapper {

    private static final int FIRST_READ_BYTES = 64 * 1024;
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final byte[] body;
    private final String fingerprint;

    private BufferedRequest(HttpServletRequest request, byte[] body, String fingerprint) {
        super(request);
        this.body = body;
        this.fingerprint = fingerprint;
    }

    /**
     * Reads the body of a request.
     *
     * @return the buffered request, or {@code null} when the body (a multipart request's parts) is
     *     longer than {@code maxBytes}
     * @throws ServletException when the container cannot parse a multipart request into parts
     * @throws IOException when the body cannot be read (it stopped arriving, or broke off)
     */
    static @Nullable BufferedRequest read(HttpServletRequest request, long maxBytes)
            throws IOException, ServletException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        if (isForm(request)) {
            byte[] parameters = canonicalParameters(request.getParameterMap());
            // the container decoded the parameters: the charset is spent, the media type is enough
            return new BufferedRequest(request, new byte[0], fingerprint(request, mediaType(request), parameters));
        }
        if (isMultipart(request)) {
            return readParts(request, maxBytes);
        }
        byte[] body = readBody(request, maxBytes);
        if (body.length > maxBytes) {
            return null;
        }
        return new BufferedRequest(request, body, fingerprint(request, contentType(request), body));
    }

    /**
     * Reads the body up to one byte over {@code maxBytes}, so that a longer body shows as too long
     * without being read in full. The array starts at the declared length and one byte more (which
     * shows a body longer than declared, as a wrapper that changed the body may leave it), but never
     * above {@value #FIRST_READ_BYTES} bytes before they arrive, and grows as they do: a client that
     * declares a large body and sends nothing holds no more than that.
     */
    private static byte[] readBody(HttpServletRequest request, long maxBytes) throws IOException {
        InputStream in = request.getInputStream();
        int limit = (int) Math.min(maxBytes + 1, MAX_ARRAY_BYTES);
        long declared = request.getContentLengthLong();
        long first = declared >= 0 ? declared + 1 : FIRST_READ_BYTES;
        byte[] body = new byte[(int) Math.min(first, Math.min(FIRST_READ_BYTES, limit))];
        int length = 0;
        while (true) {
            length += in.readNBytes(body, length, body.length - length);
            if (length < body.length || length == limit) {
                return length == body.length ? body : Arrays.copyOf(body, length);
            }
            body = Arrays.copyOf(body, (int) Math.min(2L * body.length, limit));
        }
    }

    /** Whether reading failed because the body stopped arriving, not because it is malformed. */
    static boolean timedOut(IOException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the lower-case hex SHA-256 of the method, the path with its query, the content type and
     * content encoding, and the body.
     */
    String fingerprint() {
        return fingerprint;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new BodyInputStream(new ByteArrayInputStream(body));
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    // The container parses the body into parameters or parts on the same test of the media type.
    private static boolean isForm(HttpServletRequest request) {
        return mediaType(request).equals("application/x-www-form-urlencoded");
    }

    private static boolean isMultipart(HttpServletRequest request) {
        return mediaType(request).startsWith("multipart/");
    }

    /** The request's media type without parameters, lower-cased; empty when it has none. */
    private static String mediaType(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return "";
        }
        int end = contentType.indexOf(';');
        return (end < 0 ? contentType : contentType.substring(0, end)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Fingerprints the parts the container parsed, in order: each one's name, file name, content type
     * and bytes. The container keeps the parts, and reads each one's bytes afresh for every caller.
     */
    private static @Nullable BufferedRequest readParts(HttpServletRequest request, long maxBytes)
            throws IOException, ServletException {
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (IllegalStateException ex) {
            // no multipart configuration, or over the container's own size limits
            throw new ServletException(ex.getMessage(), ex);
        } catch (IOException ex) {
            if (timedOut(ex)) {
                throw ex;
            }
            // a malformed body: the container's FileUploadException is an IOException
            throw new ServletException(ex.getMessage(), ex);
        }
        long size = 0;
        for (Part part : parts) {
            size += part.getSize();
        }
        if (size > maxBytes) {
            return null;
        }
        // the media type only: a client picks a new boundary for every attempt
        MessageDigest sha256 = digest(request, mediaType(request));
        for (Part part : parts) {
            update(sha256, part.getName());
            update(sha256, part.getSubmittedFileName());
            update(sha256, part.getContentType());
            sha256.update(Long.toString(part.getSize()).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) ':');
            try (InputStream in = part.getInputStream()) {
                in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
            }
        }
        return new BufferedRequest(request, new byte[0], HexFormat.of().formatHex(sha256.digest()));
    }

    private static void update(MessageDigest digest, @Nullable String value) {
        // length-prefixed, so that no two different lists of parts give the same bytes
        String text = (value != null) ? value.length() + ":" + value : "-";
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] canonicalParameters(Map<String, String[]> parameters) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, values) -> {
            for (String value : values) {
                text.append(name.length()).append(':').append(name).append('=');
                text.append(value.length()).append(':').append(value).append('&');
            }
        });
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fingerprint(HttpServletRequest request, String contentType, byte[] body) {
        return HexFormat.of().formatHex(digest(request, contentType).digest(body));
    }

    /** The {@code Content-Type} header as sent, without surrounding blanks; empty when there is none. */
    private static String contentType(HttpServletRequest request) {
        String contentType = request.getContentType();
        return (contentType != null) ? contentType.strip() : "";
    }

    private static MessageDigest digest(HttpServletRequest request, String contentType) {
        return RequestFingerprint.start(
                request.getMethod(),
                request.getRequestURI(),
                request.getQueryString(),
                contentType,
                Collections.list(request.getHeaders(HttpHeaders.CONTENT_ENCODING)));
    }

    private static final class BodyInputStream extends ServletInputStream {

        private final InputStream body;

        BodyInputStream(ByteArrayInputStream body) {
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            return body.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return body.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            try {
                return body.available() == 0;
            } catch (IOException ex) {
                return true;
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the body was already read; read it synchronously");
        }
    }
}
