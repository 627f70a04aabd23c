package dev.pulpo.gateway.auth;

import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.schemas.event.ApiKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through to a customer-facing endpoint only with {@code Authorization: Bearer KEY}, a valid key
 * bound to a workspace; the endpoint finds the caller in the request attribute {@link Caller#ATTRIBUTE}. Where
 * keys are not required, a request without the header goes through unbound, but a key that is sent must still be
 * valid: a wrong key is never ignored.
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {
    private static final String BEARER = "Bearer ";

    private final ApiKeyDirectory keys;
    private final boolean required;

    public ApiKeyInterceptor(ApiKeyDirectory keys, boolean required) {
        this.keys = keys;
        this.required = required;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            if (required) {
                throw unauthorized(response, "missing API key: send Authorization: Bearer <key>");
            }
            request.setAttribute(Caller.ATTRIBUTE, Caller.unbound());
            return true;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized(response, "the Authorization header must be 'Bearer <key>'");
        }
        Optional<ApiKey> key = keys.authenticate(header.substring(BEARER.length()).strip());
        if (key.isEmpty()) {
            throw unauthorized(response, "unknown or revoked API key");
        }
        request.setAttribute(Caller.ATTRIBUTE, new Caller(key.get().keyId(), key.get().workspaceId()));
        return true;
    }

    private static BadRequestException unauthorized(HttpServletResponse response, String why) {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulpo\"");
        return new BadRequestException(HttpStatus.UNAUTHORIZED, why, "authorization");
    }
}
