package dev.pulpo.gateway.admin;

import org.springframework.http.HttpStatus;

/** A request to an admin endpoint without the right to it: 401 (no or wrong token) or 503 (no token configured). */
public class AdminAccessException extends RuntimeException {
    private final HttpStatus status;

    public AdminAccessException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
