package io.github.idempotency.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts behind the store, one per call. Each touches only {@code KEYS[1]}, so the store
 * works on Redis Cluster, and reads the time with {@code TIME}, so expiry follows the server's clock.
 */
final class StoreScripts {

    static final RedisScript<byte[]> TRY_BEGIN = load("now.lua", "try-begin.lua");
    static final RedisScript<byte[]> TOUCH = load("now.lua", "fence.lua", "touch.lua");
    static final RedisScript<byte[]> FINISH = load("now.lua", "fence.lua", "finish.lua");
    static final RedisScript<byte[]> GET = load("now.lua", "get.lua");

    private StoreScripts() {}

    /**
     * Joins the named resources into one script, so a call that needs a shared prelude is still a
     * single {@code EVALSHA}. Reading them now fails fast on a missing resource instead of on the
     * first call.
     */
    private static RedisScript<byte[]> load(String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            source.append(read(name)).append('\n');
        }
        return RedisScript.of(source.toString(), byte[].class);
    }

    private static String read(String name) {
        try {
            return new ClassPathResource(name, StoreScripts.class).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read Redis script " + name, ex);
        }
    }
}
