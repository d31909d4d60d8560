package io.github.idempotency.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Marks a request whose handler method never began to run, so that the {@link IdempotencyKeyFilter}
 * leaves its key free instead of storing the answer: an exception Spring MVC raised while looking the
 * handler up (no handler: 404; 405, 406, 415 from the mapping; a multipart body it cannot parse), a
 * static resource that is not found, or a request whose arguments could not be bound or validated
 * (unreadable body, unsupported content type, a missing or mistyped parameter, failed validation).
 *
 * <p>It resolves nothing: it runs first and hands every exception on to the next resolver, so the
 * answer is the one the application gives without the filter. An exception of one of these types
 * thrown by the handler method itself counts the same way.
 */
public final class HandlerNotInvokedResolver implements HandlerExceptionResolver, Ordered {

    // thrown by argument resolution and method validation, before the handler method is invoked
    private static final List<Class<? extends Exception>> BINDING_FAILURES = List.of(
            HttpMessageNotReadableException.class,
            HttpMediaTypeNotSupportedException.class,
            BindException.class,
            HandlerMethodValidationException.class,
            ServletRequestBindingException.class,
            TypeMismatchException.class,
            MissingServletRequestPartException.class);

    /** Marks the request when the handler did not run; always returns {@code null}. */
    @Override
    public @Nullable ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, @Nullable Object handler, Exception ex) {
        if (raisedBeforeTheHandlerRan(handler, ex)) {
            request.setAttribute(ResponseRecorder.HANDLER_NOT_INVOKED, Boolean.TRUE);
        }
        return null;
    }

    static boolean raisedBeforeTheHandlerRan(@Nullable Object handler, Exception ex) {
        if (handler == null || ex instanceof NoHandlerFoundException || ex instanceof NoResourceFoundException) {
            return true;
        }
        return handler instanceof HandlerMethod && BINDING_FAILURES.stream().anyMatch(type -> type.isInstance(ex));
    }

    /** Runs before Spring MVC's own resolvers, which may answer the exception and end the chain. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
