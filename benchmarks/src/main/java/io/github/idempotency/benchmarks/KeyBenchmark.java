package io.github.idempotency.benchmarks;

import io.github.idempotency.core.IdempotencyKeys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building keys from a typical request: five named inputs as a JSON body deserialises them
 * ({@code LinkedHashMap}, {@code ArrayList}), and a few ordered parts.
 *
 * <p>{@link #buildKeyFromMap} uses {@code id} a String, {@code amount} a Long (minor units),
 * {@code currency} "EUR", {@code customer} a String and {@code items} a list of two Strings.
 * {@link #buildKeyFromNestedMap} is the same order with a {@code BigDecimal} amount and two small
 * item maps. {@link #sha256HexOfCanonicalBytes} is the floor under {@link #buildKeyFromMap}: only
 * the SHA-256 of its canonical bytes, in hex.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class KeyBenchmark {

    /** The canonical encoding of {@link #order}, which the key's hash is taken of. */
    static final String ORDER_CANONICAL = "[\"amount\",12999,\"currency\",\"EUR\",\"customer\",\"cus_8Hq2LmX4\","
            + "\"id\",\"ord_2024_000187\",\"items\",[\"sku-1042\",\"sku-2210\"]]";

    private static final HexFormat HEX = HexFormat.of();

    private Map<String, Object> order;
    private Map<String, Object> nestedOrder;
    private byte[] canonical;
    private MessageDigest sha256;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        order = new LinkedHashMap<>();
        order.put("id", "ord_2024_000187");
        order.put("amount", 12999L);
        order.put("currency", "EUR");
        order.put("customer", "cus_8Hq2LmX4");
        order.put("items", new ArrayList<>(List.of("sku-1042", "sku-2210")));

        nestedOrder = new LinkedHashMap<>(order);
        nestedOrder.put("amount", new BigDecimal("129.99"));
        nestedOrder.put("items", new ArrayList<>(List.of(item("sku-1042", 1), item("sku-2210", 2))));

        canonical = ORDER_CANONICAL.getBytes(StandardCharsets.UTF_8);
        sha256 = MessageDigest.getInstance("SHA-256");
        String key = buildKeyFromMap();
        if (!key.endsWith(sha256HexOfCanonicalBytes())) {
            throw new IllegalStateException("ORDER_CANONICAL is not the canonical encoding of the order: " + key);
        }
    }

    private static Map<String, Object> item(String sku, int quantity) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        item.put("quantity", quantity);
        return item;
    }

    @Benchmark
    public String buildKeyFromMap() {
        return IdempotencyKeys.buildKeyFromMap("acme", "create_order", order);
    }

    @Benchmark
    public String buildKeyFromNestedMap() {
        return IdempotencyKeys.buildKeyFromMap("acme", "create_order", nestedOrder);
    }

    @Benchmark
    public String buildKey() {
        return IdempotencyKeys.buildKey("acme", "capture_payment", "pay_2024_000187", 12999L, "EUR");
    }

    @Benchmark
    public String sha256HexOfCanonicalBytes() {
        return HEX.formatHex(sha256.digest(canonical));
    }
}
