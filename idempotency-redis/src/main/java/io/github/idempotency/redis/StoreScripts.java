package io.github.idempotency.redis;

import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts behind the store, one per call. Each touches only {@code KEYS[1]}, so the store
 * works on Redis Cluster, and reads the time with {@code TIME}, so expiry follows the server's clock.
 */
final class StoreScripts {

    static final RedisScript<List<Object>> TRY_BEGIN = load("try-begin.lua");
    static final RedisScript<List<Object>> TOUCH = load("touch.lua");
    static final RedisScript<List<Object>> COMPLETE = load("complete.lua");
    static final RedisScript<List<Object>> FAIL = load("fail.lua");
    static final RedisScript<List<Object>> GET = load("get.lua");

    private StoreScripts() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RedisScript<List<Object>> load(String name) {
        RedisScript script = RedisScript.of(new ClassPathResource(name, StoreScripts.class), List.class);
        // Reading the SHA-1 now fails fast on a missing resource instead of on the first call.
        script.getSha1();
        return script;
    }
}
