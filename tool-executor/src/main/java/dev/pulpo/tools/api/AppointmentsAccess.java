package dev.pulpo.tools.api;

import dev.pulpo.schemas.event.ApiKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * A salon's appointments are its customers' data: they are read with {@code ADMIN_TOKEN}, or with that
 * workspace's own API key ({@code Authorization: Bearer ...}); 401 without either, 403 for another workspace's key.
 */
final class AppointmentsAccess implements HandlerInterceptor {
    private static final String BEARER = "Bearer ";

    private final ApiKeyView keys;
    private final AccessSettings settings;
    private final JsonMapper json = JsonMapper.builder().build();

    AppointmentsAccess(ApiKeyView keys, AccessSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return !settings.apiKeysRequired()
                    || refuse(response, HttpStatus.UNAUTHORIZED, "send Authorization: Bearer <ADMIN_TOKEN or API key>");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'");
        }
        String presented = header.substring(BEARER.length()).strip();
        if (settings.adminToken() != null && MessageDigest.isEqual(
                settings.adminToken().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        Optional<ApiKey> key = keys.authenticate(presented);
        if (key.isEmpty()) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "unknown or revoked token");
        }
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Object workspace = variables instanceof Map<?, ?> map ? map.get("workspaceId") : null;
        if (!key.get().workspaceId().equals(workspace)) {
            return refuse(response, HttpStatus.FORBIDDEN, "this API key is not valid for workspace " + workspace);
        }
        return true;
    }

    private boolean refuse(HttpServletResponse response, HttpStatus status, String why) throws IOException {
        response.setStatus(status.value());
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulpo\"");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("error", why, "field", "authorization"));
        return false;
    }
}
