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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * A request whose body was read in full up front, so that its fingerprint is known before the
 * handler runs; the handler reads the same bytes again. A form post and a multipart request are left
 * to the container, which parses their bodies into parameters and parts, and are fingerprinted from
 * those; the container keeps the parts, so the handler reads them as usual.
 */
final class BufferedRequest extends HttpServletRequestWrapper {

    private static final MediaType MULTIPART = new MediaType("multipart", "*");

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
     */
    static @Nullable BufferedRequest read(HttpServletRequest request, long maxBytes)
            throws IOException, ServletException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        if (isForm(request)) {
            byte[] parameters = canonicalParameters(request.getParameterMap());
            return new BufferedRequest(request, new byte[0], fingerprint(request, parameters));
        }
        if (isMultipart(request)) {
            return readParts(request, maxBytes);
        }
        byte[] body = request.getInputStream().readNBytes(Math.toIntExact(Math.min(maxBytes + 1, Integer.MAX_VALUE)));
        if (body.length > maxBytes) {
            return null;
        }
        return new BufferedRequest(request, body, fingerprint(request, body));
    }

    /** Returns the lower-case hex SHA-256 of the method, the path with its query, and the body. */
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

    private static boolean isForm(HttpServletRequest request) {
        return hasContentType(request, MediaType.APPLICATION_FORM_URLENCODED);
    }

    private static boolean isMultipart(HttpServletRequest request) {
        return hasContentType(request, MULTIPART);
    }

    private static boolean hasContentType(HttpServletRequest request, MediaType type) {
        String contentType = request.getContentType();
        try {
            return contentType != null && type.includes(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException ex) {
            return false;
        }
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
        }
        long size = 0;
        for (Part part : parts) {
            size += part.getSize();
        }
        if (size > maxBytes) {
            return null;
        }
        MessageDigest sha256 = digest(request);
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

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        return HexFormat.of().formatHex(digest(request).digest(body));
    }

    /** Starts the fingerprint with the method and the path with its query. */
    private static MessageDigest digest(HttpServletRequest request) {
        String query = request.getQueryString();
        String target = request.getMethod() + ' ' + request.getRequestURI() + (query != null ? "?" + query : "") + '\n';
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(target.getBytes(StandardCharsets.UTF_8));
            return sha256;
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
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
