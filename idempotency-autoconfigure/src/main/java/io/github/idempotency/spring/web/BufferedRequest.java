package io.github.idempotency.spring.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * A request whose body was read in full up front, so that its fingerprint is known before the
 * handler runs; the handler reads the same bytes again. A form post is left to the container, which
 * parses its body into parameters, and is fingerprinted from those.
 */
final class BufferedRequest extends HttpServletRequestWrapper {

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
     * @return the buffered request, or {@code null} when the body is longer than {@code maxBytes}
     */
    static @Nullable BufferedRequest read(HttpServletRequest request, long maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        if (isForm(request)) {
            byte[] parameters = canonicalParameters(request.getParameterMap());
            return new BufferedRequest(request, new byte[0], fingerprint(request, parameters));
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
        String contentType = request.getContentType();
        try {
            return contentType != null
                    && MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException ex) {
            return false;
        }
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
        String query = request.getQueryString();
        String target = request.getMethod() + ' ' + request.getRequestURI() + (query != null ? "?" + query : "") + '\n';
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(target.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(body));
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
