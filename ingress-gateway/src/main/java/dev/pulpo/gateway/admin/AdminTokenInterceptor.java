package dev.pulpo.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through to an admin endpoint only with {@code Authorization: Bearer <ADMIN_TOKEN>}. Without a
 * configured token the admin API is closed (403: nobody may use it), never open. Tokens are compared in constant time, as
 * SHA-256 digests so that not even their lengths leak through timing.
 */
public final class AdminTokenInterceptor implements HandlerInterceptor {
    static final String DISABLED = "admin API disabled: set ADMIN_TOKEN";

    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    /** @param adminToken the configured token, or null when none is */
    public AdminTokenInterceptor(String adminToken) {
        this.expectedDigest = adminToken == null ? null : sha256(adminToken);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (expectedDigest == null) {
            throw new AdminAccessException(HttpStatus.FORBIDDEN, DISABLED);
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AdminAccessException(HttpStatus.UNAUTHORIZED, "missing bearer token: send Authorization: Bearer <ADMIN_TOKEN>");
        }
        byte[] given = sha256(header.substring(BEARER.length()).strip());
        if (!MessageDigest.isEqual(expectedDigest, given)) {
            throw new AdminAccessException(HttpStatus.UNAUTHORIZED, "wrong bearer token");
        }
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
