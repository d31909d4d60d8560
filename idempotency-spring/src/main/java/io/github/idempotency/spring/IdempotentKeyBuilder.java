package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.InvalidTenantException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the key of one {@code @Idempotent} call from its arguments, tenant, scope and, in a web
 * request, principal; and the hash of its payload fingerprint.
 */
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
     * Evaluates what the call's key is built from, on the calling thread: the key expression, the
     * tenant (its expression or the {@link TenantResolver}) and, for a method scoped to the principal,
     * the principal of the servlet request.
     *
     * @throws IdempotencyKeyException when an expression fails or the key expression gives {@code null}
     */
    KeyInputs inputs(IdempotentMethod idempotent, Method method, @Nullable Object[] args) {
        Object input = expressions.evaluate(idempotent.key(), "key", idempotent.description(), method, args);
        if (input == null) {
            throw new IdempotencyKeyException(
                    "@Idempotent key expression '" + idempotent.keySource() + "' on " + idempotent.description()
                            + " gave null: a call without a key would run unprotected",
                    null);
        }
        Object keyInput = input instanceof Map<?, ?> map ? namedInputs(idempotent, map) : input;
        String principal = idempotent.perPrincipal() ? RequestPrincipal.name() : null;
        return new KeyInputs(keyInput, tenant(idempotent, method, args), idempotent.tenant() == null, principal);
    }

    /**
     * Returns the call's key: {@code buildKey(tenant, scope, input)}, or {@code buildKeyFromMap} for
     * a map; with the principal's name as a second part ({@code buildKey(tenant, scope, input,
     * principal)}) when the method is scoped to the principal and one is authenticated.
     *
     * @throws IdempotencyTenantException when strict tenant mode refuses the tenant
     * @throws IdempotencyKeyException when the scope or inputs are invalid
     */
    String build(IdempotentMethod idempotent, KeyInputs inputs) {
        String tenant = keyTenant(idempotent, inputs.tenant());
        String principal = idempotent.perPrincipal() ? inputs.principal() : null;
        Object keyInput = inputs.input();
        try {
            if (principal != null) {
                return IdempotencyKeys.buildKey(tenant, idempotent.scope(), keyInput, principal);
            }
            if (keyInput instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, @Nullable Object> named = (Map<String, @Nullable Object>) keyInput;
                return IdempotencyKeys.buildKeyFromMap(tenant, idempotent.scope(), named);
            }
            return IdempotencyKeys.buildKey(tenant, idempotent.scope(), keyInput);
        } catch (IdempotencyException ex) {
            throw new IdempotencyKeyException(
                    "@Idempotent on " + idempotent.description() + " (key '" + idempotent.keySource() + "'): "
                            + ex.getMessage(),
                    ex);
        }
    }

    /**
     * Returns the hash of the call's payload fingerprint, the canonical encoding of the {@code
     * fingerprint} expression's value, as a key's hash is made.
     *
     * @return 64 lower-case hex digits, or {@code null} when the method declares no fingerprint
     * @throws IdempotencyKeyException when the expression fails or its value cannot be encoded
     */
    @Nullable
    String fingerprint(IdempotentMethod idempotent, Method method, @Nullable Object[] args) {
        if (idempotent.fingerprint() == null) {
            return null;
        }
        Object payload =
                expressions.evaluate(idempotent.fingerprint(), "fingerprint", idempotent.description(), method, args);
        try {
            return IdempotencyKeys.parseKey(IdempotencyKeys.buildKey(null, "fingerprint", new Object[] {payload}))
                    .hash();
        } catch (IdempotencyException ex) {
            throw new IdempotencyKeyException(
                    "@Idempotent fingerprint on " + idempotent.description() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The tenant the key is built with: in strict mode the tenant as it is or a refusal; otherwise
     * one that no other raw tenant shares ({@link IdempotencyKeys#distinctTenant}).
     */
    private @Nullable String keyTenant(IdempotentMethod idempotent, @Nullable String tenant) {
        if (!strictTenant) {
            return IdempotencyKeys.distinctTenant(tenant);
        }
        try {
            return IdempotencyKeys.strictTenant(tenant);
        } catch (InvalidTenantException ex) {
            throw new IdempotencyTenantException(
                    "@Idempotent on " + idempotent.description() + ": " + ex.getMessage(), ex);
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

    /**
     * What a call's key is built from: the key expression's value (a map with text names), the raw
     * tenant, whether that tenant came from the resolver rather than the method's tenant expression,
     * and the principal's name.
     */
    record KeyInputs(
            Object input,
            @Nullable String tenant,
            boolean resolvedTenant,
            @Nullable String principal) {

        /** These inputs with the tenant found another way, for a call whose tenant the resolver gives. */
        KeyInputs withTenant(@Nullable String tenant) {
            return new KeyInputs(input, tenant, resolvedTenant, principal);
        }

        /** These inputs with the principal found another way. */
        KeyInputs withPrincipal(String principal) {
            return new KeyInputs(input, tenant, resolvedTenant, principal);
        }
    }
}
