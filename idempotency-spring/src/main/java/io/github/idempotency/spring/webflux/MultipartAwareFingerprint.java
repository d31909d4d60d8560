package io.github.idempotency.spring.webflux;

import io.github.idempotency.spring.web.HeaderValues;
import io.github.idempotency.spring.web.RequestFingerprint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The {@link RequestFingerprint} of a WebFlux request whose body was read in full. A multipart body
 * is fingerprinted without its boundary, which a client picks anew for every attempt: the media type
 * alone stands for the {@code Content-Type}, and each boundary delimiter in the body is replaced by a
 * fixed one, so that a retry of the same parts is the same request.
 */
final class MultipartAwareFingerprint {

    private MultipartAwareFingerprint() {}

    static String of(ServerHttpRequest request, byte[] body) {
        HttpHeaders headers = request.getHeaders();
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        contentType = (contentType != null) ? contentType.strip() : "";
        MediaType mediaType = headers.getContentType();
        String boundary = (mediaType != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(mediaType))
                ? mediaType.getParameter("boundary")
                : null;
        if (boundary != null) {
            contentType = MediaType.MULTIPART_FORM_DATA_VALUE;
            body = withoutDelimiter(body, ("--" + unquote(boundary)).getBytes(StandardCharsets.ISO_8859_1));
        }
        return RequestFingerprint.of(
                request.getMethod().name(),
                request.getURI().getRawPath(),
                request.getURI().getRawQuery(),
                contentType,
                HeaderValues.of(headers, HttpHeaders.CONTENT_ENCODING),
                body);
    }

    private static String unquote(String value) {
        return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static byte[] withoutDelimiter(byte[] body, byte[] delimiter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            if (body.length - i >= delimiter.length
                    && Arrays.equals(body, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                out.write('-');
                out.write('-');
                i += delimiter.length;
            } else {
                out.write(body[i++]);
            }
        }
        return out.toByteArray();
    }
}
