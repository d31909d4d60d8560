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

    /** Does nothing but load the scripts, if that was not done yet: reading them is file I/O. */
    static void load() {}

    /**
     * Joins the named resources into one script, so a call that needs a shared prelude is still a
     * single {@code EVALSHA}. Reading them now, and computing the digest {@code EVALSHA} names them
     * by, fails fast on a missing resource and leaves no work for the first call.
     */
    private static RedisScript<byte[]> load(String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            source.append(read(name)).append('\n');
        }
        RedisScript<byte[]> script = RedisScript.of(source.toString(), byte[].class);
        script.getSha1();
        return script;
    }

    private static String read(String name) {
        try {
            return new ClassPathResource(name, StoreScripts.class).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read Redis script " + name, ex);
        }
    }
}
