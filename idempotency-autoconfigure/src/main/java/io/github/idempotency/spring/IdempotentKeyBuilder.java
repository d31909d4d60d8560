package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyKeys;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds the key of one {@code @Idempotent} call from its arguments, tenant and scope. */
final class IdempotentKeyBuilder {

    private final IdempotentExpressions expressions;
    private final @Nullable TenantResolver tenantResolver;
    private final boolean strictTenant;

    IdempotentKeyBuilder(
            IdempotentExpressions expressions, @Nullable TenantResolver tenantResolver, boolean strictTenant) {
        this.expressions = expressions;
        this.tenantResolver = tenantResolver;
        this.strictTenant = strictTenant;
    }

    /**
     * Returns the call's key.
     *
     * @throws IdempotencyKeyException when an expression fails or gives {@code null}, or the tenant,
     *     scope or inputs are invalid
     */
    String build(IdempotentMethod idempotent, Method method, @Nullable Object[] args) {
        Object input = expressions.evaluate(idempotent.key(), "key", idempotent.description(), method, args);
        if (input == null) {
            throw new IdempotencyKeyException(
                    "@Idempotent key expression '" + idempotent.keySource() + "' on " + idempotent.description()
                            + " gave null: a call without a key would run unprotected",
                    null);
        }
        String tenant = tenant(idempotent, method, args);
        try {
            if (strictTenant) {
                tenant = IdempotencyKeys.strictTenant(tenant);
            }
            if (input instanceof Map<?, ?> map) {
                return IdempotencyKeys.buildKeyFromMap(tenant, idempotent.scope(), namedInputs(idempotent, map));
            }
            return IdempotencyKeys.buildKey(tenant, idempotent.scope(), input);
        } catch (IdempotencyException ex) {
            throw new IdempotencyKeyException(
                    "@Idempotent on " + idempotent.description() + " (key '" + idempotent.keySource() + "'): "
                            + ex.getMessage(),
                    ex);
        }
    }

    private @Nullable String tenant(IdempotentMethod idempotent, Method method, @Nullable Object[] args) {
        if (idempotent.tenant() != null) {
            Object tenant = expressions.evaluate(idempotent.tenant(), "tenant", idempotent.description(), method, args);
            return tenant == null ? null : tenant.toString();
        }
        return tenantResolver == null ? null : tenantResolver.resolveTenant();
    }

    private static Map<String, @Nullable Object> namedInputs(IdempotentMethod idempotent, Map<?, ?> map) {
        Map<String, @Nullable Object> inputs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new IdempotencyKeyException(
                        "@Idempotent key expression '" + idempotent.keySource() + "' on " + idempotent.description()
                                + " gave a map with the non-text name " + entry.getKey(),
                        null);
            }
            inputs.put(name, entry.getValue());
        }
        return inputs;
    }
}
