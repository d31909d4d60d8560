package io.github.idempotency.spring.webflux;

import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.MultipartHttpMessageReader;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Mono;

/**
 * An exchange whose request body the filter has already read: its form data and multipart data are
 * parsed from the body as read, since the original exchange would read them from the connection,
 * where nothing is left. A request of another content type has empty form and multipart data, as in
 * Spring's own exchange.
 */
final class BodyExchange extends ServerWebExchangeDecorator {

    private static final ResolvableType FORM_DATA =
            ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class);
    private static final ResolvableType MULTIPART_DATA =
            ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, Part.class);

    private final Mono<MultiValueMap<String, String>> formData;
    private final Mono<MultiValueMap<String, Part>> multipartData;

    /** @param exchange an exchange whose request hands on the body as read */
    BodyExchange(ServerWebExchange exchange) {
        super(exchange);
        MediaType contentType = exchange.getRequest().getHeaders().getContentType();
        this.formData = (contentType != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType))
                ? new FormHttpMessageReader()
                        .readMono(FORM_DATA, exchange.getRequest(), Map.of())
                        .defaultIfEmpty(new LinkedMultiValueMap<>())
                        .cache()
                : Mono.just(new LinkedMultiValueMap<>());
        this.multipartData = (contentType != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(contentType))
                ? new MultipartHttpMessageReader(new DefaultPartHttpMessageReader())
                        .readMono(MULTIPART_DATA, exchange.getRequest(), Map.of())
                        .defaultIfEmpty(new LinkedMultiValueMap<>())
                        .cache()
                : Mono.just(new LinkedMultiValueMap<>());
    }

    @Override
    public Mono<MultiValueMap<String, String>> getFormData() {
        return formData;
    }

    @Override
    public Mono<MultiValueMap<String, Part>> getMultipartData() {
        return multipartData;
    }
}
