package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The first call with this key failed with a recorded exception, and the failure is replayed
 * instead of running the method again. {@link #code()} names the original exception's class (see
 * {@link #codeOf}) and {@link #failureMessage()} is its message.
 */
public class ReplayedFailureException extends IdempotencyException {

    /** The longest code a store keeps. */
    private static final int MAX_CODE_LENGTH = 64;

    private final String key;
    private final String scope;
    private final String code;
    private final String failureMessage;
    private final @Nullable Class<? extends Throwable> failureType;

    /**
     * Creates the exception.
     *
     * @param key the key whose failure is replayed
     * @param scope the call's scope
     * @param code the recorded failure code, {@link #codeOf} the original exception's class
     * @param failureMessage the recorded message, possibly empty
     * @param failureType the recorded exception type, when it is one this method records
     */
    public ReplayedFailureException(
            String key,
            String scope,
            String code,
            String failureMessage,
            @Nullable Class<? extends Throwable> failureType) {
        super("replayed failure for key " + key + ": " + code
                + (failureMessage.isEmpty() ? "" : ": " + failureMessage));
        this.key = key;
        this.scope = scope;
        this.code = code;
        this.failureMessage = failureMessage;
        this.failureType = failureType;
    }

    /**
     * Returns the key whose failure is replayed.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns the call's scope.
     *
     * @return the scope
     */
    public String scope() {
        return scope;
    }

    /**
     * Returns the failure code recorded for an exception type: its class name when that fits the 64
     * characters a store keeps; otherwise the name with its packages cut to their initials, as much
     * of its end as fits, and a hash of the full name appended ({@code c.e.p.PaymentDeclinedByIssuerException#1a2b3c4d}),
     * so two long names never share a code.
     *
     * @param type the exception type
     * @return the code, at most 64 characters
     */
    public static String codeOf(Class<? extends Throwable> type) {
        String name = type.getName();
        if (name.length() <= MAX_CODE_LENGTH) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String suffix = String.format("#%08x", crc.getValue());
        int lastDot = name.lastIndexOf('.');
        StringBuilder shortName = new StringBuilder();
        for (String segment : name.substring(0, Math.max(lastDot, 0)).split("\\.")) {
            if (!segment.isEmpty()) {
                shortName.append(segment.charAt(0)).append('.');
            }
        }
        shortName.append(name.substring(lastDot + 1));
        int room = MAX_CODE_LENGTH - suffix.length();
        String kept = shortName.substring(Math.max(0, shortName.length() - room));
        return kept.replaceFirst("^[.$]+", "") + suffix;
    }

    /**
     * Returns the recorded failure code: {@link #codeOf} the class of the exception the first call
     * threw, its class name unless that is over 64 characters.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the recorded message of the exception the first call threw (cut to 512 characters by
     * the store).
     *
     * @return the message, empty when there was none
     */
    public String failureMessage() {
        return failureMessage;
    }

    /**
     * Returns the type of the exception the first call threw, when it is one of the types this
     * method records.
     *
     * @return the type, or {@code null} when the code names no recorded type
     */
    public @Nullable Class<? extends Throwable> failureType() {
        return failureType;
    }
}
