package io.github.idempotency.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts behind the store, one per call. Each touches only {@code KEYS[1]}, so the store
 * works on Redis Cluster, and reads the time with {@code TIME}, so expiry follows the server's clock.
 */
final class StoreScripts {

    static final RedisScript<List<Object>> TRY_BEGIN = load("try-begin.lua");
    static final RedisScript<List<Object>> TOUCH = load("fence.lua", "touch.lua");
    static final RedisScript<List<Object>> COMPLETE = load("fence.lua", "complete.lua");
    static final RedisScript<List<Object>> FAIL = load("fence.lua", "fail.lua");
    static final RedisScript<List<Object>> GET = load("get.lua");

    private StoreScripts() {}

    /**
     * Joins the named resources into one script, so a call that needs a shared prelude is still a
     * single {@code EVALSHA}. Reading them now fails fast on a missing resource instead of on the
     * first call.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RedisScript<List<Object>> load(String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            source.append(read(name)).append('\n');
        }
        return (RedisScript) RedisScript.of(source.toString(), List.class);
    }

    private static String read(String name) {
        try {
            return new ClassPathResource(name, StoreScripts.class).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read Redis script " + name, ex);
        }
    }
}
