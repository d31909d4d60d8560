package io.github.idempotency.spring;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;

/**
 * Parses and evaluates the key and tenant expressions of {@code @Idempotent} methods over their
 * arguments, with Spring's method-based evaluation context: {@code #p0}/{@code #a0} always, {@code
 * #name} when the class was compiled with {@code -parameters}.
 */
final class IdempotentExpressions extends CachedExpressionEvaluator {

    private static final Pattern INDEXED_ARGUMENT = Pattern.compile("[pa](\\d{1,9})");

    private final Map<ExpressionKey, Expression> cache = new ConcurrentHashMap<>(64);

    /**
     * Parses an expression once per method and checks that every {@code #variable} it names can be
     * resolved, so a missing parameter name fails loudly instead of evaluating to {@code null}.
     */
    Expression parse(Method method, Class<?> targetClass, String description, String attribute, String source) {
        Expression expression;
        try {
            expression = getExpression(cache, new AnnotatedElementKey(method, targetClass), source);
        } catch (ParseException ex) {
            throw new IdempotencyKeyException(
                    "@Idempotent " + attribute + " expression '" + source + "' on " + description + " does not parse: "
                            + ex.getMessage(),
                    ex);
        }
        if (expression instanceof SpelExpression spel) {
            Set<String> known = knownNames(method);
            for (String variable : variables(spel.getAST(), new LinkedHashSet<>())) {
                if (!resolvable(variable, known, method.getParameterCount())) {
                    throw new IdempotencyKeyException(
                            "@Idempotent " + attribute + " expression '" + source + "' on " + description
                                    + " refers to #" + variable + ", which is not an argument"
                                    + (known.isEmpty()
                                            ? " (parameter names are not available: compile with -parameters,"
                                                    + " or use #p0/#a0)"
                                            : " (arguments: " + known + ", or #p0/#a0)"),
                            null);
                }
            }
        }
        return expression;
    }

    /**
     * Evaluates a parsed expression over one call's arguments.
     *
     * @throws IdempotencyKeyException when evaluation fails
     */
    @Nullable
    Object evaluate(
            Expression expression, String attribute, String description, Method method, @Nullable Object[] args) {
        MethodBasedEvaluationContext context =
                new MethodBasedEvaluationContext(null, method, args, getParameterNameDiscoverer());
        try {
            return expression.getValue(context);
        } catch (EvaluationException ex) {
            throw new IdempotencyKeyException(
                    "@Idempotent " + attribute + " expression '" + expression.getExpressionString() + "' on "
                            + description + " failed: " + ex.getMessage(),
                    ex);
        }
    }

    private Set<String> knownNames(Method method) {
        String[] names = getParameterNameDiscoverer().getParameterNames(method);
        return names == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(names));
    }

    private static boolean resolvable(String variable, Set<String> known, int parameterCount) {
        if (known.contains(variable) || variable.equals("root") || variable.equals("this")) {
            return true;
        }
        var indexed = INDEXED_ARGUMENT.matcher(variable);
        return indexed.matches() && Integer.parseInt(indexed.group(1)) < parameterCount;
    }

    private static Set<String> variables(SpelNode node, Set<String> found) {
        if (node instanceof VariableReference reference) {
            found.add(reference.toStringAST().substring(1));
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            variables(node.getChild(i), found);
        }
        return found;
    }
}
