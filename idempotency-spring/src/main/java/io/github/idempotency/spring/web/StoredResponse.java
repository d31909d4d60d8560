package io.github.idempotency.spring.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response as the filter stores it: the request's fingerprint, the status, the allowed headers in
 * order, and the body bytes.
 *
 * <p>The envelope is binary, so the body costs no encoding overhead against the store's size limit:
 * the magic {@code IKR}, a version byte ({@code 1}), then length-prefixed UTF-8 strings and big-endian
 * integers: fingerprint, status, header count, each header's name and value, body length, body.
 * The servlet and the WebFlux filter write the same envelope, so either replays what the other stored.
 *
 * @param fingerprint the fingerprint of the request that was processed
 * @param status the response status
 * @param headers the stored headers, in order
 * @param body the body bytes
 */
public record StoredResponse(String fingerprint, int status, List<Map.Entry<String, String>> headers, byte[] body) {

    private static final byte[] MAGIC = {'I', 'K', 'R'};
    private static final byte VERSION = 1;

    /**
     * Writes the envelope.
     *
     * @return the envelope's bytes
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            writeString(out, fingerprint);
            out.writeInt(status);
            out.writeInt(headers.size());
            for (Map.Entry<String, String> header : headers) {
                writeString(out, header.getKey());
                writeString(out, header.getValue());
            }
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an envelope written by {@link #encode()}.
     *
     * @throws IllegalArgumentException when the bytes are not an envelope of a known version
     */
    public static StoredResponse decode(byte[] envelope) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(envelope))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            int version = in.read();
            if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION) {
                throw new IllegalArgumentException("not a stored response of version " + VERSION);
            }
            String fingerprint = readString(in);
            int status = in.readInt();
            int count = in.readInt();
            List<Map.Entry<String, String>> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                headers.add(Map.entry(readString(in), readString(in)));
            }
            byte[] body = in.readNBytes(in.readInt());
            return new StoredResponse(fingerprint, status, List.copyOf(headers), body);
        } catch (IOException ex) {
            throw new IllegalArgumentException("truncated stored response", ex);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) {
            throw new IOException("truncated string");
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
